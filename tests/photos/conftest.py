"""Photo tests run the window code without a screen."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
