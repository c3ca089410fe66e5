"""Test environment: set before Django's settings are read."""

import os

os.environ.setdefault("LOS_TESTING", "1")
os.environ["LOS_ALLOW_SYNTHETIC_IDS"] = "1"
os.environ.setdefault("LOS_DEMO", "0")
