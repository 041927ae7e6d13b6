"""sklearn_make_moons: scikit-learn's make_moons as pasted notebook code calls it."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from explorer.engine.datasets import DatasetError, make_moons, sklearn_make_moons


def test_unshuffled_moons_lie_on_two_half_circles():
    X, y = sklearn_make_moons(n_samples=9, shuffle=False)
    upper, lower = X[y == 0], X[y == 1]
    assert len(upper) == 4 and len(lower) == 5  # n // 2 on the upper moon, as sklearn
    assert np.allclose(np.hypot(upper[:, 0], upper[:, 1]), 1.0)
    assert np.allclose(np.hypot(lower[:, 0] - 1, lower[:, 1] - 0.5), 1.0)


def test_shuffle_then_noise_draw_from_the_stream_in_sklearns_order():
    X, y = sklearn_make_moons(n_samples=10, noise=0.1, random_state=3)
    clean, labels = sklearn_make_moons(n_samples=10, shuffle=False)
    rng = np.random.RandomState(3)
    order = rng.permutation(10)
    noise = rng.normal(scale=0.1, size=(10, 2))
    assert np.array_equal(y, labels[order])
    assert np.allclose(X, clean[order] + noise)


def test_same_points_as_the_training_labs_moons_with_labels_0_and_1():
    X, y = sklearn_make_moons(n_samples=50, noise=0.2, random_state=7)
    xs, ys = make_moons(50, noise=0.2, seed=7)
    assert np.array_equal(X, xs) and np.array_equal(y * 2 - 1, ys)


def test_no_random_state_uses_numpys_global_stream_as_the_demo_expects():
    np.random.seed(1337)
    first = sklearn_make_moons(n_samples=100, noise=0.1)
    again = sklearn_make_moons(n_samples=100, noise=0.1, random_state=np.random.RandomState(1337))
    assert np.array_equal(first[0], again[0]) and np.array_equal(first[1], again[1])


@given(st.integers(1, 300), st.integers(0, 2**31 - 1))
def test_every_sample_is_kept_with_its_label(n, seed):
    X, y = sklearn_make_moons(n_samples=n, random_state=seed)
    assert X.shape == (n, 2) and int(y.sum()) == n - n // 2


@pytest.mark.parametrize("kwargs", [{"n_samples": 0}, {"noise": -1.0}, {"random_state": "x"},
                                    {"n_samples": "many"}])
def test_bad_arguments_are_explained(kwargs):
    with pytest.raises(DatasetError):
        sklearn_make_moons(**kwargs)
