"""Benchmarks: ``python3 dev.py bench`` (or ``python -m tests.benchmarks``).

Each ``bench_*.py`` module here defines ``CASES``, a list of :class:`Case`. A case's
``run()`` returns one or more :class:`Row` s: what was measured, our number, the
reference's number measured in the same process (where there is a reference),
and the target. Benchmarks are measurements, not tests: nothing fails on speed.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass


@dataclass
class Row:
    case: str  # what was measured
    ours: float  # our number (seconds, or the unit given)
    unit: str = "s"
    reference: float | None = None  # the reference's number, same run
    reference_name: str = ""
    target: str = ""  # the target, in words ("ratio >= 8", "< 16 ms")
    met: bool | None = None  # whether the target is met (None: no target)
    note: str = ""

    @property
    def ratio(self) -> float | None:
        """reference / ours: how many times faster (or smaller) we are."""
        if self.reference is None or self.ours == 0:
            return None
        return self.reference / self.ours

    def as_dict(self) -> dict:
        return {**asdict(self), "ratio": self.ratio}


@dataclass
class Case:
    name: str
    run: Callable[[], list[Row]]


def best_time(fn: Callable[[], object], repeat: int = 5, *, gc_enabled: bool = True) -> float:
    """Best wall time of ``repeat`` calls, with garbage collected before each call
    so that one side's leftover garbage never lands on the other's timing."""
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        was = gc.isenabled()
        if not gc_enabled:
            gc.disable()
        try:
            t0 = time.perf_counter()
            fn()
            best = min(best, time.perf_counter() - t0)
        finally:
            if was:
                gc.enable()
    return best
