"""Settings for the test suite: the production settings with test mode and synthetic ids switched on."""

import os
import tempfile

os.environ["LOS_TESTING"] = "1"
os.environ["LOS_ALLOW_SYNTHETIC_IDS"] = "1"
os.environ.setdefault("LOS_DEMO", "0")

from los.settings import *  # noqa: E402,F403

# Messages on the health network go to a folder pair of the test run's own, never the checkout's var/.
LOS_HEALTH_NETWORK_DIR = tempfile.mkdtemp(prefix="los-helsenett-")
