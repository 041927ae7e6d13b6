"""The training lab's datasets: shapes, ±1 targets, seeds, and moons as scikit-learn builds it."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from explorer.engine.datasets import (
    DATASETS,
    MAX_SIZE,
    DatasetError,
    make_dataset,
    make_moons,
)

GENERATED = [name for name, kind in DATASETS.items() if kind.make is not None]


def sklearn_moons(n_samples: int, noise: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """scikit-learn 1.x ``make_moons(n_samples, shuffle=True, noise=noise, random_state=seed)``,
    its lines copied (utils.shuffle is a RandomState.shuffle of an index array)."""
    generator = np.random.RandomState(seed)
    n_samples_out = n_samples // 2
    n_samples_in = n_samples - n_samples_out
    outer_circ_x = np.cos(np.linspace(0, np.pi, n_samples_out))
    outer_circ_y = np.sin(np.linspace(0, np.pi, n_samples_out))
    inner_circ_x = 1 - np.cos(np.linspace(0, np.pi, n_samples_in))
    inner_circ_y = 1 - np.sin(np.linspace(0, np.pi, n_samples_in)) - 0.5
    X = np.vstack([np.append(outer_circ_x, inner_circ_x), np.append(outer_circ_y, inner_circ_y)]).T
    y = np.hstack([np.zeros(n_samples_out, dtype=np.intp), np.ones(n_samples_in, dtype=np.intp)])
    indices = np.arange(n_samples)
    generator.shuffle(indices)
    X, y = X[indices], y[indices]
    X += generator.normal(scale=noise, size=X.shape)
    return X, y


@given(st.integers(2, 300), st.floats(0.01, 0.5), st.integers(0, 2**32 - 1))
def test_moons_are_scikit_learns_points_with_targets_plus_minus_one(n, noise, seed):
    xs, ys = make_moons(n, noise=noise, seed=seed)
    X, y = sklearn_moons(n, noise, seed)
    np.testing.assert_array_equal(xs, X)
    np.testing.assert_array_equal(ys, y * 2 - 1)  # micrograd's demo: y = y*2 - 1


@pytest.mark.parametrize("name", GENERATED)
@given(size=st.integers(2, 400), noise=st.floats(0, 1), seed=st.integers(0, 10_000))
def test_every_generator_gives_size_points_in_2d_with_both_targets(name, size, noise, seed):
    data = make_dataset(name, size=size, noise=noise, seed=seed)
    assert data.xs.shape == (size, 2) and data.ys.shape == (size,)
    assert set(np.unique(data.ys)) == {-1.0, 1.0}
    assert np.isfinite(data.xs).all()


@pytest.mark.parametrize("name", GENERATED)
def test_same_seed_same_points_other_seed_other_points(name):
    a = make_dataset(name, seed=7)
    b = make_dataset(name, seed=7)
    c = make_dataset(name, seed=8)
    np.testing.assert_array_equal(a.xs, b.xs)
    np.testing.assert_array_equal(a.ys, b.ys)
    assert not np.array_equal(a.xs, c.xs)


@pytest.mark.parametrize("name", GENERATED)
def test_no_noise_puts_points_on_the_clean_shape(name):
    clean = make_dataset(name, size=50, noise=0.0, seed=1)
    noisy = make_dataset(name, size=50, noise=0.3, seed=1)
    assert not np.array_equal(clean.xs, noisy.xs)


def test_moons_without_noise_lie_on_two_unit_half_circles():
    xs, ys = make_moons(40, noise=0.0, seed=0)
    upper, lower = xs[ys < 0], xs[ys > 0]
    np.testing.assert_allclose(np.hypot(upper[:, 0], upper[:, 1]), 1.0)
    np.testing.assert_allclose(np.hypot(lower[:, 0] - 1, lower[:, 1] - 0.5), 1.0)


def test_xor_targets_are_the_sign_of_x_times_y_without_noise():
    data = make_dataset("xor", size=100, noise=0.0, seed=3)
    np.testing.assert_array_equal(data.ys, np.sign(data.xs[:, 0] * data.xs[:, 1]))


def test_the_lecture_set_is_the_four_samples_of_three_features():
    data = make_dataset("lecture")
    assert data.xs.shape == (4, 3)
    assert list(data.ys) == [1.0, -1.0, -1.0, 1.0]


def test_datasets_cannot_be_changed_by_accident():
    data = make_dataset("moons")
    with pytest.raises(ValueError):
        data.xs[0, 0] = 5.0


@pytest.mark.parametrize("kwargs, limit", [
    ({"size": 1}, f"from 2 to {MAX_SIZE:,}"),
    ({"size": MAX_SIZE + 1}, f"from 2 to {MAX_SIZE:,}"),
    ({"noise": -0.1}, "from 0 to 2"),
    ({"noise": 3.0}, "from 0 to 2"),
    ({"seed": -1}, "from 0 to"),
])
def test_settings_out_of_range_name_the_limit(kwargs, limit):
    with pytest.raises(DatasetError, match=limit):
        make_dataset("moons", **kwargs)


def test_an_unknown_name_lists_the_known_ones():
    with pytest.raises(DatasetError, match="moons, circles"):
        make_dataset("swiss roll")
