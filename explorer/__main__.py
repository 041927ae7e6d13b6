"""``gradient-explorer`` and ``python -m explorer``: the window, or a headless command.

The one module above both the window (:mod:`explorer.ui`) and the command line
(:mod:`explorer.cli`): with no arguments, or just a file, it opens the window;
anything else is a command. The command line never imports the window, so the
commands work where the window cannot (no display, no PySide6).
"""

from __future__ import annotations

import os
import sys

from explorer.cli import COMMANDS, FAILED, PROG
from explorer.cli import main as run_command

__all__ = ["main", "opens_window"]


def opens_window(argv: list[str]) -> bool:
    """True for no arguments or a single existing file that is not a command's name."""
    if not argv:
        return True
    word = argv[0]
    return len(argv) == 1 and word not in {c.name for c in COMMANDS} and not word.startswith("-") \
        and os.path.isfile(word)


def launch_window(argv: list[str]) -> int:
    """Open the window (on the file in ``argv``, if any); one line when it cannot."""
    try:
        from explorer.ui.app import main as window_main
    except ModuleNotFoundError as exc:
        missing = exc.name or ""
        if missing.startswith("PySide6") or missing.startswith("shiboken6"):
            print(f"{PROG}: the window needs PySide6, which is not installed; "
                  f"the commands work without it (see {PROG} --help).", file=sys.stderr)
        else:
            print(f"{PROG}: the window is not part of this installation; "
                  f"the commands still work (see {PROG} --help).", file=sys.stderr)
        return FAILED
    return int(window_main(argv) or 0)


def main(argv: list[str] | None = None) -> int:
    """Open the window or run a command; return the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if opens_window(argv):
        return launch_window(argv)
    return run_command(argv)


if __name__ == "__main__":
    sys.exit(main())
