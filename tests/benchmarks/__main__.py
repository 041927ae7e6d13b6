"""Run every benchmark case and print a table; ``--json FILE`` also saves it.

    python -m tests.benchmarks [--json FILE] [-k SUBSTRING]
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import pkgutil
import platform
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests import benchmarks  # noqa: E402
from tests.benchmarks import Row  # noqa: E402


def _fmt(x: float | None, unit: str) -> str:
    if x is None:
        return "-"
    if unit == "s":
        return f"{x * 1e3:.3f} ms" if x < 1 else f"{x:.3f} s"
    return f"{x:,.1f} {unit}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks", description=__doc__)
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    parser.add_argument("-k", metavar="SUBSTRING", default="", help="only cases whose name contains this")
    args = parser.parse_args(argv)

    rows: list[Row] = []
    folder = Path(benchmarks.__file__).parent
    for info in sorted(pkgutil.iter_modules([str(folder)]), key=lambda m: m.name):
        if not info.name.startswith("bench_"):
            continue
        module = importlib.import_module(f"tests.benchmarks.{info.name}")
        for case in getattr(module, "CASES", []):
            if args.k and args.k not in case.name:
                continue
            print(f"... {case.name}", file=sys.stderr, flush=True)
            rows.extend(case.run())

    header = f"{'case':62} {'ours':>14} {'reference':>14} {'ratio':>8}  {'target':22} met"
    print(header)
    print("-" * len(header))
    for r in rows:
        ratio = f"{r.ratio:.1f}x" if r.ratio is not None else "-"
        met = {True: "yes", False: "NO", None: ""}[r.met]
        print(f"{r.case[:62]:62} {_fmt(r.ours, r.unit):>14} {_fmt(r.reference, r.unit):>14} {ratio:>8}  "
              f"{r.target[:22]:22} {met}")
        if r.note:
            print(f"    {r.note}")
    if args.json:
        payload = {
            "when": time.strftime("%Y-%m-%dT%H:%M:%S"),
            "python": platform.python_version(),
            "machine": platform.platform(),
            "cpus": os.cpu_count(),
            "rows": [r.as_dict() for r in rows],
        }
        Path(args.json).write_text(json.dumps(payload, indent=2))
        print(f"saved {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
