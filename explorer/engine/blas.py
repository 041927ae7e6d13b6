"""One BLAS thread for numpy, asked for at run time (best effort, no dependency).

The training lab's matrices are small — a step multiplies 100 x 16 by 16 x 16, a
100 x 100 map 10,000 x 16 — so OpenBLAS's extra threads gain little, and after
each product they busy-wait for the next one, taking the CPU the window's own
thread needs to draw. On a two-core machine a lab frame took two to three
times longer with them than without (measured: 45 ms against 16 ms of drawing).

The thread count is a setting of the whole process, normally read from
``OPENBLAS_NUM_THREADS`` when numpy loads, which is before any code of ours
runs; :func:`use_one_blas_thread` sets it afterwards through OpenBLAS's own
``set_num_threads`` (what threadpoolctl does). Where numpy uses another BLAS
(Accelerate, MKL) it does nothing.
"""

from __future__ import annotations

import ctypes
import glob
import os

import numpy as np

__all__ = ["use_one_blas_thread", "blas_threads"]

# scipy-openblas (numpy's wheels, 64- and 32-bit integers), then a system OpenBLAS.
_PREFIXES = ("scipy_openblas_{}64_", "scipy_openblas_{}", "openblas_{}")
_done: bool | None = None


def _libraries() -> list[str]:
    """Paths of the OpenBLAS libraries this process has loaded (or numpy ships)."""
    found: list[str] = []
    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
            for line in maps:
                path = line.split()[-1]
                if "openblas" in os.path.basename(path).lower() and path not in found:
                    found.append(path)
    except OSError:
        pass
    if not found:
        root = os.path.dirname(os.path.dirname(np.__file__))
        for pattern in ("numpy.libs/*openblas*", "numpy/.dylibs/*openblas*"):
            found += glob.glob(os.path.join(root, pattern))
    return found


def _call(name: str, *args: int) -> int | None:
    for path in _libraries():
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        for prefix in _PREFIXES:
            fn = getattr(lib, prefix.format(name), None)
            if fn is not None:
                return fn(*args)
    return None


def blas_threads() -> int | None:
    """How many threads OpenBLAS uses now (None: not OpenBLAS, or not found)."""
    return _call("get_num_threads")


def use_one_blas_thread() -> bool:
    """Make numpy's OpenBLAS use one thread (once per process). True when it does."""
    global _done
    if _done is None:
        _call("set_num_threads", 1)
        _done = blas_threads() == 1
    return _done
