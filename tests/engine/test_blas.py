"""numpy's OpenBLAS set to one thread at run time (explorer.engine.blas)."""

import numpy as np
import pytest

from explorer.engine.blas import blas_threads, use_one_blas_thread


def test_one_blas_thread_is_set_and_products_stay_right():
    if blas_threads() is None:
        pytest.skip("numpy here does not use OpenBLAS")
    assert use_one_blas_thread() is True
    assert blas_threads() == 1
    a = np.arange(10_000 * 16, dtype=float).reshape(10_000, 16) / 1e4
    b = np.eye(16) * 2.0
    assert np.array_equal(a @ b, a * 2.0)
