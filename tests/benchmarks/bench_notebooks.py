"""Pasting the lecture: how long the app takes to read a whole notebook, and the
issue's targets (zero refused cells, zero silent divergences) counted over every
notebook the tests paste.

(a) the lecture's first and second halves pasted at once: parse + build, beside Python
    running the same cells against stand-ins (the reference: what the notebook costs
    when it is run, which the app never does);
(b) cells refused and names that diverge from Python without a note, over the two
    halves, micrograd's demo and trace_graph and the five sets of notes (target 0).
"""

from __future__ import annotations

import contextlib
import io

from explorer.lang import parse
from tests.benchmarks import Case, Row, best_time
from tests.lang import lecture_notebooks as nb
from tests.lang.notebook_compare import StandInValue, _stand_in_modules, paste_and_compare, python_lines
from tests.lang.test_lecture_paste import NOTEBOOKS


def _run_python(cells: list[str]) -> None:
    ns = {"Value": StandInValue, "__name__": "__bench__"}
    with _stand_in_modules(), contextlib.redirect_stdout(io.StringIO()):
        for cell in cells:
            exec(compile(python_lines(cell), "<cell>", "exec"), ns)  # noqa: S102 - benchmark of test code


def _paste() -> list[Row]:
    rows = []
    for name, cells in (("first half", nb.FIRST_HALF), ("second half", nb.SECOND_HALF)):
        text = "\n".join(cells)
        t = best_time(lambda text=text: parse(text).build(), repeat=10)
        ref = best_time(lambda cells=cells: _run_python(cells), repeat=3)
        lines = text.count("\n") + 1
        rows.append(Row(f"notebooks: parse + build the lecture's {name} ({lines} lines)", t,
                        reference=ref, reference_name="Python runs the cells", target="< 50 ms",
                        met=t < 0.05))
    return rows


def _outcomes() -> list[Row]:
    refused = silent = cells = 0
    for cells_of, _ in NOTEBOOKS.values():
        outcomes = paste_and_compare(cells_of, seed=0)
        cells += len(outcomes)
        refused += sum(1 for o in outcomes if o.refused)
        silent += sum(len(o.silent) for o in outcomes)
    return [Row(f"notebooks: cells refused, of {cells} pasted one by one", refused, unit="cells",
                target="0", met=refused == 0),
            Row("notebooks: names differing from Python with no note", silent, unit="names", target="0",
                met=silent == 0)]


CASES = [
    Case("notebooks paste", _paste),
    Case("notebooks outcomes", _outcomes),
]
