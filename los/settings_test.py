"""Settings for the test suite: the production settings with test mode and synthetic ids switched on."""

import os

os.environ["LOS_TESTING"] = "1"
os.environ["LOS_ALLOW_SYNTHETIC_IDS"] = "1"
os.environ.setdefault("LOS_DEMO", "0")

from los.settings import *  # noqa: E402,F403
