"""Entry point of the standalone (PyInstaller) build: the same as the ``gradient-explorer`` command."""

import multiprocessing
import sys

from explorer.__main__ import main

if __name__ == "__main__":
    # The window lays graphs out in a "spawn" worker process, which re-runs this executable;
    # freeze_support() makes that run the worker instead of a second copy of the app.
    multiprocessing.freeze_support()
    sys.exit(main())
