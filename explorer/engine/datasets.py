"""Small datasets to train a network on: the lecture's four samples and 2-D sets.

Every generator takes a ``size`` (number of samples), a ``noise`` (how far points
stray from the clean shape) and a ``seed`` (the same seed, the same points), and
returns inputs ``xs`` of shape (size, 2) and targets ``ys`` of +1 or -1, as in the
lecture and in micrograd's demo (``y = y*2 - 1``).

* ``make_moons`` is scikit-learn's construction, written out so that scikit-learn
  is not needed: two interleaving half circles, shuffled, then Gaussian noise, all
  drawn from ``numpy.random.RandomState(seed)`` as scikit-learn does, so a seed
  gives exactly the points ``sklearn.datasets.make_moons`` gives (labels 0/1 there).
* ``make_circles`` is scikit-learn's construction too (an inner circle half as big).
* ``make_xor``, ``make_spiral`` and ``make_blobs`` follow TensorFlow Playground's
  pictures: points in the four quadrants labelled by the sign of ``x*y``; two
  interleaved spiral arms; two Gaussian clouds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .errors import ExplorerError

__all__ = [
    "DatasetError", "Dataset", "DATASETS", "LECTURE_XS", "LECTURE_YS", "MAX_SIZE", "MAX_NOISE",
    "make_dataset", "make_moons", "sklearn_make_moons", "make_circles", "make_xor", "make_spiral",
    "make_blobs", "lecture",
]

MAX_SIZE = 5_000  # enough to see a shape; training stays live at this size
MAX_NOISE = 2.0

# The lecture's tiny dataset: four inputs of three features and their targets.
LECTURE_XS: tuple[tuple[float, ...], ...] = (
    (2.0, 3.0, -1.0),
    (3.0, -1.0, 0.5),
    (0.5, 1.0, 1.0),
    (1.0, 1.0, -1.0),
)
LECTURE_YS: tuple[float, ...] = (1.0, -1.0, -1.0, 1.0)


class DatasetError(ExplorerError):
    """A dataset setting out of range (size, noise, seed) or an unknown dataset name."""


@dataclass(frozen=True, eq=False)
class Dataset:
    """Inputs ``xs`` (n × features) and targets ``ys`` (n, each +1 or -1)."""

    name: str
    xs: np.ndarray
    ys: np.ndarray

    def __len__(self) -> int:
        return len(self.ys)

    @property
    def features(self) -> int:
        return int(self.xs.shape[1])


def _check(size: int, noise: float, seed: int | None, *, least: int = 2) -> None:
    if isinstance(size, bool) or not isinstance(size, (int, np.integer)) or not least <= size <= MAX_SIZE:
        raise DatasetError(f"The number of samples must be a whole number from {least} to {MAX_SIZE:,}.")
    if isinstance(noise, bool) or not isinstance(noise, (int, float)) or not 0 <= noise <= MAX_NOISE:
        raise DatasetError(f"The noise must be a number from 0 to {MAX_NOISE:g}.")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, (int, np.integer))
                             or not 0 <= seed < 2**32):
        raise DatasetError(f"The seed must be a whole number from 0 to {2**32 - 1:,}.")


def _signs(labels: np.ndarray) -> np.ndarray:
    """0/1 labels as the lecture's -1/+1 targets."""
    return labels.astype(float) * 2.0 - 1.0


def make_moons(size: int = 100, *, noise: float = 0.1, seed: int | None = 0,
               shuffle: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles (scikit-learn's ``make_moons``), targets ±1:
    the upper moon is -1, the lower one +1 (scikit-learn's 0 and 1)."""
    _check(size, noise, seed)
    # One construction, scikit-learn's (below); its labels 0/1 become -1/+1.
    xs, labels = sklearn_make_moons(size, noise, seed, shuffle=shuffle)
    return xs, _signs(labels)


def make_circles(size: int = 100, *, noise: float = 0.1, seed: int | None = 0,
                 factor: float = 0.5) -> tuple[np.ndarray, np.ndarray]:
    """A small circle inside a big one (scikit-learn's ``make_circles``): outer -1, inner +1."""
    _check(size, noise, seed)
    generator = np.random.RandomState(seed)
    n_out = size // 2
    n_in = size - n_out
    # endpoint=False: the first and last point of a circle would coincide.
    out_angle = np.linspace(0, 2 * np.pi, n_out, endpoint=False)
    in_angle = np.linspace(0, 2 * np.pi, n_in, endpoint=False)
    xs = np.vstack([np.append(np.cos(out_angle), np.cos(in_angle) * factor),
                    np.append(np.sin(out_angle), np.sin(in_angle) * factor)]).T
    labels = np.hstack([np.zeros(n_out, dtype=np.intp), np.ones(n_in, dtype=np.intp)])
    order = np.arange(size)
    generator.shuffle(order)
    xs, labels = xs[order], labels[order]
    if noise:
        xs = xs + generator.normal(scale=noise, size=xs.shape)
    return xs, _signs(labels)


def make_xor(size: int = 200, *, noise: float = 0.1, seed: int | None = 0) -> tuple[np.ndarray, np.ndarray]:
    """Points in [-1, 1]², +1 where x and y have the same sign, -1 elsewhere (XOR of
    the signs), half of each. Points are kept a little away from the axes, as
    Playground does, so the four groups are visible; the noise then moves them."""
    _check(size, noise, seed)
    rng = np.random.default_rng(seed)
    ys = np.where(np.arange(size) < size - size // 2, 1.0, -1.0)[rng.permutation(size)]
    first = rng.choice([-1.0, 1.0], size=size)  # the quadrant: sign of x, and of y from the target
    xs = rng.uniform(0.05, 1.0, size=(size, 2)) * np.column_stack([first, first * ys])
    if noise:
        xs = xs + rng.normal(scale=noise, size=xs.shape)
    return xs, ys


def make_spiral(size: int = 200, *, noise: float = 0.1, seed: int | None = 0,
                turns: float = 1.75) -> tuple[np.ndarray, np.ndarray]:
    """Two spiral arms wound ``turns`` times round the origin, one per class: the
    hardest of the five for a small network."""
    _check(size, noise, seed)
    rng = np.random.default_rng(seed)
    n_pos = size - size // 2
    n_neg = size // 2

    def arm(n: int, offset: float) -> np.ndarray:
        r = np.arange(n) / max(n, 1)  # radius grows from the centre to 1
        t = turns * 2 * np.pi * r + offset
        return np.column_stack([r * np.sin(t), r * np.cos(t)])

    xs = np.vstack([arm(n_pos, 0.0), arm(n_neg, np.pi)])
    ys = np.hstack([np.ones(n_pos), -np.ones(n_neg)])
    order = rng.permutation(size)
    xs, ys = xs[order], ys[order]
    if noise:
        xs = xs + rng.normal(scale=noise, size=xs.shape)
    return xs, ys


def make_blobs(size: int = 100, *, noise: float = 0.1, seed: int | None = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two round clouds, centred at (-1, -1) (target -1) and (1, 1) (target +1);
    their spread is 0.3 plus the noise, so they touch when the noise is large."""
    _check(size, noise, seed)
    rng = np.random.default_rng(seed)
    ys = np.where(np.arange(size) < size - size // 2, 1.0, -1.0)
    ys = ys[rng.permutation(size)]
    xs = ys[:, None] * np.ones((size, 2)) + rng.normal(scale=0.3 + noise, size=(size, 2))
    return xs, ys


def lecture() -> tuple[np.ndarray, np.ndarray]:
    """The lecture's four samples of three features (no size, noise or seed)."""
    return np.array(LECTURE_XS, dtype=float), np.array(LECTURE_YS, dtype=float)


@dataclass(frozen=True)
class DatasetKind:
    """One entry of the dataset picker."""

    name: str  # the key, saved in files
    title: str  # what the picker shows
    make: Callable[..., tuple[np.ndarray, np.ndarray]] | None  # None: fixed data (the lecture's)
    size: int  # default number of samples
    noise: float  # default noise
    hint: str  # one line for a tooltip


DATASETS: dict[str, DatasetKind] = {k.name: k for k in (
    DatasetKind("moons", "Moons", make_moons, 100, 0.1,
                "Two interleaving half circles: micrograd's demo dataset."),
    DatasetKind("circles", "Circles", make_circles, 100, 0.1,
                "A small circle inside a big one: no straight line separates them."),
    DatasetKind("xor", "XOR", make_xor, 200, 0.1,
                "Four groups; the target is +1 where x and y have the same sign."),
    DatasetKind("spiral", "Spiral", make_spiral, 200, 0.05,
                "Two interleaved spiral arms: needs a bigger network and many steps."),
    DatasetKind("blobs", "Two blobs", make_blobs, 100, 0.1,
                "Two round clouds: one straight line separates them."),
    DatasetKind("lecture", "Lecture's 4 samples", None, 4, 0.0,
                "The lecture's xs and ys: four inputs of three features."),
)}


def make_dataset(name: str, *, size: int | None = None, noise: float | None = None,
                 seed: int | None = 0) -> Dataset:
    """The dataset ``name`` (a key of :data:`DATASETS`) with these settings; the
    defaults are the kind's own. The lecture's set ignores size, noise and seed."""
    kind = DATASETS.get(name)
    if kind is None:
        raise DatasetError(f"Unknown dataset '{name}': use one of {', '.join(DATASETS)}.")
    if kind.make is None:
        xs, ys = lecture()
    else:
        xs, ys = kind.make(kind.size if size is None else size,
                           noise=kind.noise if noise is None else noise, seed=seed)
    xs.setflags(write=False)
    ys.setflags(write=False)
    return Dataset(name, xs, ys)


def sklearn_make_moons(n_samples: int = 100, noise: float | None = None, random_state=None, *,
                       shuffle: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """``sklearn.datasets.make_moons`` as a pasted notebook calls it: its keywords,
    labels 0 and 1, and ``random_state=None`` drawing from numpy's global stream
    (so the demo's ``np.random.seed(1337)`` gives the demo's points). Same
    construction as :func:`make_moons`; noise is drawn whenever it is not None."""
    if isinstance(n_samples, bool) or not isinstance(n_samples, (int, np.integer)) or \
            not 1 <= n_samples <= MAX_SIZE:
        raise DatasetError(f"n_samples must be a whole number from 1 to {MAX_SIZE:,}.")
    if noise is not None and (isinstance(noise, bool) or not isinstance(noise, (int, float)) or noise < 0):
        raise DatasetError("noise must be a number of at least 0, or None.")
    if random_state is None:
        generator = np.random.mtrand._rand  # scikit-learn's check_random_state(None)
    elif isinstance(random_state, np.random.RandomState):
        generator = random_state
    elif isinstance(random_state, (int, np.integer)) and not isinstance(random_state, bool) and \
            0 <= random_state < 2**32:
        generator = np.random.RandomState(int(random_state))
    else:
        raise DatasetError("random_state must be None, a whole number from 0 to 4,294,967,295 or a "
                           "numpy RandomState.")
    n_out = int(n_samples) // 2
    n_in = int(n_samples) - n_out
    upper = np.linspace(0, np.pi, n_out)
    lower = np.linspace(0, np.pi, n_in)
    xs = np.vstack([np.append(np.cos(upper), 1 - np.cos(lower)),
                    np.append(np.sin(upper), 1 - np.sin(lower) - 0.5)]).T
    labels = np.hstack([np.zeros(n_out, dtype=np.intp), np.ones(n_in, dtype=np.intp)])
    if shuffle:
        order = np.arange(n_out + n_in)
        generator.shuffle(order)
        xs, labels = xs[order], labels[order]
    if noise is not None:
        xs = xs + generator.normal(scale=noise, size=xs.shape)
    return xs, labels
