"""``gradient-explorer COMMAND``: headless commands on a file of expressions.

    gradient-explorer render neuron.py -o neuron.svg [--backward]
    gradient-explorer check neuron.py         numerical gradient check, exit 1 on mismatch
    gradient-explorer plot seed.py --at 3 -o tangent.png
    cat neuron.py | gradient-explorer render - -o - --format png > neuron.png

The commands never import Qt (nor anything of the window) and need no display;
with no command :mod:`explorer.__main__` opens the window instead. Errors a user
can cause go to stderr as one line, ``gradient-explorer: line 3, col 5: ...``,
with exit code 2, and then nothing is written.

Adding a command is one :class:`Command` in :data:`COMMANDS`: a name, a line
of help, a function adding its arguments to an ``argparse`` parser and a
function running it (``run(args) -> exit code``). Either function may be given
as ``"module:function"``; it is imported only when that command is used, so a
command's heavy imports never slow the others down. Inside ``run``, raise
:class:`CliError` (or let an ``ExplorerError`` through) for a one-line error;
:func:`load_graph` and :func:`write_output` do the reading and writing.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Union

if TYPE_CHECKING:
    from .lang import Program, ProgramGraph

__all__ = ["main", "Command", "COMMANDS", "CliError", "read_source", "load_graph", "write_output"]

PROG = "gradient-explorer"
USAGE_ERROR = 2  # bad input or arguments (argparse uses 2 too)
FAILED = 1  # the command ran and the answer is "no" (a gradient mismatch), or no window
# The language takes at most a million characters; UTF-8 needs up to 4 bytes for one.
MAX_INPUT_BYTES = 4_000_000
_NOTES: list = []  # the notes of the text load_graph read, printed when the command is done


class CliError(Exception):
    """A one-line message for stderr, and the exit code."""

    def __init__(self, message: str, code: int = USAGE_ERROR):
        super().__init__(message)
        self.code = code


Hook = Union[Callable, str]  # noqa: UP007 (a runtime alias; X | Y needs 3.10 types)


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    add_arguments: Hook  # (parser) -> None
    run: Hook  # (args) -> int

    def resolve(self, hook: Hook) -> Callable:
        if callable(hook):
            return hook
        module, _, attr = hook.partition(":")
        try:
            return getattr(importlib.import_module(module), attr)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise  # the module is there but broken: a bug to see, not to hide
        except AttributeError:
            pass
        raise CliError(f"the {self.name} command is not available in this installation.", FAILED)


# -- reading and writing, shared by the commands -------------------------------------


def read_source(source: str) -> str:
    """The text of file ``source``, or of standard input for ``-`` (capped like a file)."""
    from .fileio import decode_text, read_stream, read_user_file

    if source == "-":
        stdin = getattr(sys.stdin, "buffer", None) if sys.stdin is not None else None
        data = read_stream(stdin, max_bytes=MAX_INPUT_BYTES, what="an expression")
        who = "standard input"
    else:
        path = Path(source)
        if path.suffix.lower() == ".gexp":
            # A saved session: its text, with the leaf values it was saved with.
            from .model.document import document_text, read_document

            return document_text(read_document(path))
        data = read_user_file(path, max_bytes=MAX_INPUT_BYTES, what="an expression")
        who = f"'{source}'"
    return decode_text(data, who)


def load_graph(source: str) -> tuple[Program, ProgramGraph]:
    """Parse file ``source`` (or ``-``) and build its graph. Errors (ParseError,
    with line and column) propagate and are printed by :func:`main`."""
    from .lang import parse

    program = parse(read_source(source))
    graph = program.build()
    # What was understood or skipped: printed by main() once the command has run
    # (an error stays the one line on stderr).
    _NOTES.extend(program.notes)
    return program, graph


def write_output(path: str, data: bytes, *, force: bool = False) -> None:
    """Write ``data`` to ``path`` atomically (``-``: standard output)."""
    if path == "-":
        _write_stdout(data)
        return
    from .fileio import atomic_write_bytes

    if not force and os.path.lexists(path):
        raise CliError(f"{path} already exists; add --force to replace it.")
    atomic_write_bytes(path, data, overwrite=force)


def _write_stdout(data: bytes) -> None:
    """``data`` on standard output, or a sentence when it is closed, full or gone."""
    import errno

    out = getattr(sys.stdout, "buffer", None) if sys.stdout is not None else None
    if out is None:
        raise CliError("standard output is closed, so nothing could be written; give a file with -o.")
    try:
        out.write(data)
        out.flush()
    except BrokenPipeError:
        _silence_stdout()
        raise CliError("standard output was closed before everything was written "
                       "(the reading program stopped).") from None
    except (OSError, ValueError) as exc:
        _silence_stdout()
        if getattr(exc, "errno", None) == errno.ENOSPC:
            raise CliError("standard output is full (no space left on the device); "
                           "the output is incomplete.") from None
        reason = getattr(exc, "strerror", None) or "it is closed"
        raise CliError(f"standard output could not be written ({reason}).") from None


def _silence_stdout() -> None:
    """Point file descriptor 1 at the null device, so that Python's own flush of
    stdout at exit does not fail a second time with a traceback."""
    try:
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, 1)
        os.close(fd)
    except OSError:
        pass


def check_format(output: str, fmt: str | None, choices: tuple[str, ...]) -> str:
    """The format to write ``output`` in: ``fmt`` or the extension; a CliError when
    both are given and disagree (``-o x.svg --format png`` would put PNG in x.svg)."""
    ext = Path(output).suffix.lower().lstrip(".") if output != "-" else ""
    ext = {"gv": "dot", "jpeg": "jpg"}.get(ext, ext)
    if fmt is not None:
        if ext in choices and ext != fmt:
            raise CliError(f"{output} ends in .{ext} but --format says {fmt}; make them agree.")
        return fmt
    if output == "-":
        raise CliError("say which format to write to standard output with --format.")
    if ext not in choices:
        names = f"{', '.join(choices[:-1])} or {choices[-1]}"
        raise CliError(f"say which format to write {output} in with --format ({names}), "
                       "or end its name with one of them.")
    return ext


def positive(what: str, *, allow_zero: bool = False) -> Callable[[str], float]:
    """An argparse type: a finite number above 0 (or at least 0)."""
    import math

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{what} must be a number, not {text!r}") from None
        if not math.isfinite(value) or value < 0 or (value == 0 and not allow_zero):
            raise argparse.ArgumentTypeError(
                f"{what} must be a finite number {'of at least 0' if allow_zero else 'above 0'}, not {text}")
        return value

    return parse


# -- render ---------------------------------------------------------------------------


def _render_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("source", metavar="FILE", help="a file of expressions, or - for standard input")
    p.add_argument("-o", "--output", required=True, metavar="OUT",
                   help="the image to write (svg, png, pdf or dot; - for standard output)")
    p.add_argument("--format", choices=("svg", "png", "pdf", "dot"),
                   help="the image format (default: from OUT's extension)")
    p.add_argument("--backward", action="store_true",
                   help="run the backward pass first, so every box shows its grad "
                        "(done anyway when the file says L.backward())")
    p.add_argument("--rankdir", choices=("LR", "TB"), default="LR",
                   help="draw left to right (LR, the default) or top to bottom (TB)")
    p.add_argument("--scale", type=positive("--scale"), default=1.0, metavar="N",
                   help="PNG size: 1 is 96 pixels per inch, 2 twice that (default 1)")
    p.add_argument("--transparent", action="store_true", help="no white background")
    p.add_argument("--force", action="store_true", help="replace OUT if it exists")


def _render(args: argparse.Namespace) -> int:
    from .viz.export import render_graph
    from .viz.isolated import check_size, run_isolated

    fmt = check_format(args.output, args.format, ("svg", "png", "pdf", "dot"))
    if args.output != "-":
        from .fileio import check_writable

        if not args.force and os.path.lexists(args.output):
            raise CliError(f"{args.output} already exists; add --force to replace it.")  # before any work
        check_writable(args.output, overwrite=args.force)
    program, graph = load_graph(args.source)
    if args.backward or (program.run_backward and not graph.has_grads):
        graph.backward()  # the text's own L.backward() lines already left their grads
    if fmt == "dot":  # text only: no layout, any size
        data = render_graph(graph, fmt, rankdir=args.rankdir, transparent=args.transparent)
    else:
        check_size(graph)
        # Graphviz in a child process: its crash or a layout that never ends is a sentence.
        data = run_isolated(lambda: render_graph(graph, fmt, scale=args.scale, transparent=args.transparent,
                                                 rankdir=args.rankdir))
    write_output(args.output, data, force=args.force)
    return 0


# -- check ----------------------------------------------------------------------------


def _check_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("source", metavar="FILE", help="a file of expressions, or - for standard input")
    p.add_argument("--h", type=positive("--h"), default=1e-6, metavar="H",
                   help="the relative nudge of the central difference (f(x+s) - f(x-s)) / 2s, "
                        "s = H times the leaf's size (default 1e-6)")
    p.add_argument("--tol", type=positive("--tol", allow_zero=True), default=1e-4, metavar="TOL",
                   help="largest relative difference still counted as a match (default 1e-4)")


def _check(args: argparse.Namespace) -> int:
    from .engine import EngineError, gradcheck
    from .engine.numbers import format_number

    _, graph = load_graph(args.source)
    try:
        results = gradcheck(graph, h=args.h, tol=args.tol)
    except EngineError as exc:
        span = graph.span(exc.node) if exc.node is not None else None
        raise CliError(f"line {span.line}: {exc}" if span is not None else str(exc)) from None
    rows = [("leaf", "backprop grad", "numerical grad", "difference", "")]
    for r in results:
        rows.append((r.label, format_number(r.analytic), format_number(r.numerical), f"{r.abs_error:.2e}",
                     "ok" if r.ok else "MISMATCH"))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:4], widths[1:])] + [row[4]]
        print("  ".join(cells).rstrip())
    bad = [r for r in results if not r.ok]
    root = graph.root.label or "the output"
    if bad:
        print(f"{len(bad)} of {len(results)} gradients of {root} do not match "
              f"(h={args.h:g}, tolerance {args.tol:g}).")
        return FAILED
    print(f"All {len(results)} gradients of {root} match the numerical estimate "
          f"(h={args.h:g}, tolerance {args.tol:g}).")
    return 0


# -- plot -----------------------------------------------------------------------------


def _plot_arguments(p: argparse.ArgumentParser) -> None:
    from .viz.tangent_figure import EXPORT_FORMATS

    p.add_argument("source", metavar="FILE", help="a file of expressions, or - for standard input")
    p.add_argument("-o", "--output", required=True, metavar="OUT",
                   help="the image to write (png, svg or pdf; - for standard output)")
    p.add_argument("--var", metavar="NAME",
                   help="the leaf on the x axis (default: the function's variable, or the first leaf)")
    p.add_argument("--at", type=float, metavar="X0",
                   help="where to draw the tangent (default: the leaf's value in the file)")
    p.add_argument("--h", type=float, default=1e-3, metavar="H",
                   help="the step of the finite difference (f(x0+h) - f(x0)) / h, 1e-12 to 1 (default 1e-3)")
    p.add_argument("--range", type=float, nargs=2, metavar=("FROM", "TO"),
                   help="the x range (default: around x0, like the seed's -5 to 5)")
    p.add_argument("--format", choices=EXPORT_FORMATS,
                   help="the image format (default: from OUT's extension)")
    p.add_argument("--theme", choices=("light", "dark"), default="light", help="colours (default light)")
    p.add_argument("--dpi", type=int, default=150, metavar="N", help="PNG resolution (default 150)")
    p.add_argument("--force", action="store_true", help="replace OUT if it exists")


def _plot(args: argparse.Namespace) -> int:
    """Draw the tangent plot of a file and print its readouts."""
    # matplotlib is imported here, only for this command.
    from .viz import tangent, tangent_figure

    fmt = check_format(args.output, args.format, tangent_figure.EXPORT_FORMATS)
    if args.output != "-" and not args.force and os.path.lexists(args.output):
        raise CliError(f"{args.output} already exists; add --force to replace it.")
    if not (tangent.H_MIN <= args.h <= tangent.H_MAX):
        raise CliError(f"h must be between 1e-12 and 1, not {args.h:g}.")
    if not 1 <= args.dpi <= 2400:
        raise CliError(f"--dpi must be between 1 and 2400, not {args.dpi}.")
    program, graph = load_graph(args.source)
    var = args.var or tangent.default_variable(program, graph)
    model = tangent.TangentModel(graph, var, output=tangent.function_name(program, graph, var),
                                 title=tangent.plot_title(program, graph, var))
    x0 = model.source_value if args.at is None else args.at
    x_range = tuple(args.range) if args.range else None
    theme = tangent_figure.DARK if args.theme == "dark" else tangent_figure.LIGHT
    fig = tangent_figure.draw_tangent_figure(model, x0, args.h, x_range=x_range, theme=theme)
    write_output(args.output, tangent_figure.figure_bytes(fig, fmt, args.dpi), force=args.force)
    if args.output != "-":
        for line in tangent.readout_lines(model.at(x0, args.h), model.output_name, model.name):
            print(line)
    return 0


COMMANDS: list[Command] = [
    Command("render", "draw the graph of a file as svg, png, pdf or dot", _render_arguments, _render),
    Command("check", "compare every gradient with a numerical estimate", _check_arguments, _check),
    Command("plot", "plot f(x) of a file with its tangent line (svg, png or pdf)", _plot_arguments, _plot),
]


# -- main -----------------------------------------------------------------------------


def _version() -> str:
    from . import __version__

    return __version__


class _Parser(argparse.ArgumentParser):
    """argparse, with a usage error as one line (not usage + message) and exit 2."""

    def error(self, message: str):  # type: ignore[override]
        raise CliError(f"{message} (see {self.prog} --help).")


def _parser(chosen: Command | None) -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="See how gradients flow. With no command (or just a file), open the window.",
        epilog=f"'{PROG} COMMAND --help' explains a command.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for command in COMMANDS:
        p = sub.add_parser(command.name, help=command.help, description=command.help)
        # Only the command being run sets up its arguments (and imports its module).
        if command is chosen:
            command.resolve(command.add_arguments)(p)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run a headless command; return the exit code. (``gradient-explorer`` with no
    command opens the window instead: see :mod:`explorer.__main__`.)"""
    argv = list(sys.argv[1:] if argv is None else argv)
    names = {c.name: c for c in COMMANDS}
    first = next((a for a in argv if not a.startswith("-")), None)
    if first is not None and argv[0] == first and first not in names:
        print(f"{PROG}: {first} is neither a file nor a command "
              f"({', '.join(names)}); see {PROG} --help.", file=sys.stderr)
        return USAGE_ERROR
    chosen = names.get(first) if first is not None else None
    try:
        try:
            args = _parser(chosen).parse_args(argv)
        except SystemExit as exc:  # --help, --version, or a usage error argparse printed
            return exc.code if isinstance(exc.code, int) else USAGE_ERROR
        if chosen is None or args.command is None:
            _parser(None).print_help(sys.stderr)
            return USAGE_ERROR
        _NOTES.clear()
        code = int(chosen.resolve(chosen.run)(args) or 0)
        # Every line of the text that was understood or skipped, one line each with
        # its line number, so a pasted notebook never loses a line silently.
        for note in _NOTES:
            print(f"{PROG}: note: {note}", file=sys.stderr)
        return code
    except CliError as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return exc.code
    except Exception as exc:
        from .errors import ExplorerError

        if isinstance(exc, ExplorerError):
            print(f"{PROG}: {exc}", file=sys.stderr)
            return USAGE_ERROR
        if isinstance(exc, MemoryError):
            print(f"{PROG}: there is not enough memory for this.", file=sys.stderr)
            return USAGE_ERROR
        raise
    except KeyboardInterrupt:
        return 130
