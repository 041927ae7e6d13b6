"""Entry point of the standalone (PyInstaller) build: the same as the ``gradient-explorer`` command."""

import sys

from explorer.cli import main

if __name__ == "__main__":
    sys.exit(main())
