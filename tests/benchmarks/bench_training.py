"""Training the lecture's MLP: engine speed, and the window's responsiveness while it trains.

* 100 steps of MLP(3, [4, 4, 1]) on the lecture's 4 samples (lr 0.1, seed 1) with
  :class:`explorer.model.training.Trainer`; target < 0.5 s. Reference: micrograd 0.1.0
  running the lecture's own loop (forward, zero grad, backward, update) on the
  same network shape, measured in the same process.
* The event-loop gap: a QTimer ticks every 5 ms while the Training panel trains
  (offscreen Qt, the panel shown with its loss curve, table and sample graph);
  the longest interval between two ticks is reported; target < 50 ms. Two runs:
  the lecture's 100 steps, and 3,000 steps (long enough for many progress
  reports and redraws).
"""

from __future__ import annotations

import os
import time

from explorer.model.training import LECTURE_XS, LECTURE_YS, Trainer, TrainingSettings, lecture_problem
from tests.benchmarks import Case, Row, best_time

ENGINE_TARGET = 0.5
GAP_TARGET = 0.050
LECTURE = TrainingSettings(lr=0.1, steps=100, seed=1)


def _ours() -> float:
    def run() -> None:
        Trainer(lecture_problem(), LECTURE).run()

    return best_time(run, repeat=7)


def _micrograd() -> float | None:
    try:
        from micrograd.engine import Value as MValue
        from micrograd.nn import MLP as MMLP
    except ImportError:
        return None

    def run() -> None:
        import random

        random.seed(1)
        n = MMLP(3, [4, 4, 1])
        for _ in range(100):
            ypred = [n([MValue(v) for v in x]) for x in LECTURE_XS]
            loss = sum(((yout - ygt) ** 2 for ygt, yout in zip(LECTURE_YS, ypred)), MValue(0.0))
            n.zero_grad()
            loss.backward()
            for p in n.parameters():
                p.data += -0.1 * p.grad

    return best_time(run, repeat=7)


def engine_rows() -> list[Row]:
    ours = _ours()
    reference = _micrograd()
    final = Trainer(lecture_problem(), LECTURE).run().loss
    return [Row("training: 100 steps, lecture MLP 3-4-4-1 on 4 samples", ours, reference=reference,
                reference_name="micrograd 0.1.0 (lecture loop)" if reference is not None else "",
                target=f"< {ENGINE_TARGET} s", met=ours < ENGINE_TARGET,
                note=f"lr 0.1, seed 1: final loss {final:.4g}")]


def _max_gap(steps: int, lr: float) -> tuple[float, float, int]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from explorer.ui.training_view import TrainingPanel

    panel = TrainingPanel(settings=TrainingSettings(lr=lr, steps=steps, seed=1))
    panel.resize(1200, 700)
    panel.show()
    for _ in range(20):
        app.processEvents()
        time.sleep(0.01)
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    loop = QEventLoop()
    panel.trainingFinished.connect(loop.quit)
    timer.start()
    t0 = time.perf_counter()
    ticks.append(t0)
    panel.train()
    loop.exec()
    elapsed = time.perf_counter() - t0
    ticks.append(time.perf_counter())
    timer.stop()
    panel.shutdown()
    panel.close()
    panel.deleteLater()
    app.processEvents()
    gaps = sorted(b - a for a, b in zip(ticks, ticks[1:]))
    return gaps[-1], elapsed, len(ticks)


def responsiveness_rows() -> list[Row]:
    rows = []
    for steps, lr in ((100, 0.1), (3000, 0.01)):
        worst = 0.0
        runs = 3
        for _ in range(runs):
            gap, elapsed, n = _max_gap(steps, lr)
            worst = max(worst, gap)
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        rows.append(Row(f"training window: longest event-loop gap, {steps} steps", worst,
                        target=f"< {GAP_TARGET * 1e3:.0f} ms", met=worst < GAP_TARGET,
                        note=f"worst of {runs} runs; 5 ms timer; last run {elapsed:.2f} s, {n} ticks; "
                             f"load average {load:.1f} on {os.cpu_count()} CPUs"))
    return rows


CASES = [
    Case("training: engine, 100 steps of the lecture MLP", engine_rows),
    Case("training: window responsiveness while training", responsiveness_rows),
]
