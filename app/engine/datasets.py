"""The data sets, generated with NumPy from fixed seeds: the same name always gives the same rows."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Callable

import numpy as np

from .errors import ExampleError, NetworkSpecError
from .spec import targets_are_distributions

Array = np.ndarray


@dataclass(frozen=True)
class Dataset:
    name: str
    """The name the API knows it by."""
    task: str
    """"classification" (targets in {0, 1}) or "regression"."""
    description: str
    """One sentence for the page: what the rows are."""
    x: Array
    """Inputs, shape (size, inputs)."""
    y: Array
    """Targets, shape (size, outputs)."""
    test_x: Array | None = None
    """A held-out split, where the data set has one."""
    test_y: Array | None = None
    """Targets of the held-out split."""
    image_side: int | None = None
    """For a set of square images: the side, in pixels (inputs = side * side, row by row)."""

    @property
    def inputs(self) -> int:
        return self.x.shape[1]

    @property
    def outputs(self) -> int:
        return self.y.shape[1]

    @property
    def size(self) -> int:
        return self.x.shape[0]

    @property
    def test_size(self) -> int:
        return 0 if self.test_x is None else self.test_x.shape[0]

    def rows(self, rows: list[int]) -> tuple[Array, Array]:
        """x and y of these rows of the training split."""
        bad = [r for r in rows if not 0 <= r < self.size]
        if bad:
            raise ExampleError(f"example must be a row of {self.name}: 0..{self.size - 1}, got {bad[0]}")
        return self.x[rows], self.y[rows]

    def check_fits(self, layers: list[int], loss: str) -> None:
        """A network of these layers and this cost can learn this data set."""
        if layers[0] != self.inputs or layers[-1] != self.outputs:
            raise NetworkSpecError(
                f"data set {self.name} has {self.inputs} input(s) and {self.outputs} output(s): make the first "
                f"layer {self.inputs} and the last {self.outputs} (got {layers[0]} and {layers[-1]})")
        if loss == "cross_entropy" and not np.all((self.y >= 0) & (self.y <= 1)):
            raise NetworkSpecError(f"cross_entropy needs targets in [0, 1] and {self.name} has others: use mse")
        if loss == "categorical_cross_entropy" and not targets_are_distributions(self.y):
            raise NetworkSpecError(f"categorical_cross_entropy needs one class per example (targets that sum to 1) "
                                   f"and {self.name} has other targets: use mse")


def _frozen(*arrays: Array) -> list[Array]:
    for a in arrays:
        a.setflags(write=False)
    return list(arrays)


def _labels(x: Array, label: Array) -> tuple[Array, Array]:
    return x, label.astype(float).reshape(-1, 1)


def _xor(rng: np.random.Generator) -> tuple[Array, Array]:
    x = rng.uniform(-1, 1, size=(200, 2))
    # Keep points off the axes, where the label flips, so the classes are separable.
    x += np.sign(x) * 0.05
    # Exclusive or of "x1 > 0" and "x2 > 0": 1 where exactly one is positive, i.e. the signs differ.
    return _labels(x, x[:, 0] * x[:, 1] < 0)


def _circle(rng: np.random.Generator) -> tuple[Array, Array]:
    radius = np.concatenate([rng.uniform(0, 0.45, 100), rng.uniform(0.65, 1.0, 100)])
    angle = rng.uniform(0, 2 * np.pi, 200)
    x = np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])
    return _labels(x, radius < 0.5)


def _gaussians(rng: np.random.Generator) -> tuple[Array, Array]:
    x = np.concatenate([rng.normal(0.45, 0.2, (100, 2)), rng.normal(-0.45, 0.2, (100, 2))])
    return _labels(x, np.arange(200) < 100)


def _spiral(rng: np.random.Generator) -> tuple[Array, Array]:
    t = np.tile(np.linspace(0.0, 1.0, 100), 2)
    turn = np.repeat([0.0, np.pi], 100)
    angle = 1.75 * 2 * np.pi * t + turn
    x = np.column_stack([t * np.sin(angle), t * np.cos(angle)]) + rng.normal(0, 0.02, (200, 2))
    return _labels(x, turn == 0.0)


def _sine(rng: np.random.Generator) -> tuple[Array, Array]:
    x = np.sort(rng.uniform(-1, 1, 100)).reshape(-1, 1)
    return x, np.sin(np.pi * x)


def _plane(rng: np.random.Generator) -> tuple[Array, Array]:
    x = rng.uniform(-1, 1, size=(200, 2))
    return x, ((x[:, 0] + x[:, 1]) / 2).reshape(-1, 1)


#: (centre x1, centre x2, sign) of each hill: TensorFlow Playground's six, scaled from [-6, 6] to [-1, 1].
HILLS = np.array([[-2 / 3, 5 / 12, 1], [0, 5 / 12, -1], [2 / 3, 5 / 12, 1],
                  [-2 / 3, -5 / 12, -1], [0, -5 / 12, 1], [2 / 3, -5 / 12, -1]])
HILL_RADIUS = 1 / 3
"""A hill falls linearly from +-1 at its centre to 0 at this distance."""


def _gaussian_hills(rng: np.random.Generator) -> tuple[Array, Array]:
    x = rng.uniform(-1, 1, size=(200, 2))
    distance = np.linalg.norm(x[:, None, :] - HILLS[None, :, :2], axis=2)
    height = HILLS[:, 2] * np.clip(1 - distance / HILL_RADIUS, 0, 1)
    # The hill that stands highest (or sinks lowest) at the point gives its target.
    nearest = np.argmax(np.abs(height), axis=1)
    return x, height[np.arange(len(x)), nearest].reshape(-1, 1)


def _chain(rng: np.random.Generator) -> tuple[Array, Array]:
    return np.array([[0.8]]), np.array([[1.0]])


_GENERATED = {
    "xor": (_xor, "classification",
            "XOR: 200 points in the square [-1,1]^2, label 1 where x1 and x2 have opposite signs "
            "(exactly one of x1 > 0, x2 > 0: exclusive or)."),
    "circle": (_circle, "classification",
               "Circle: 200 points, label 1 inside radius 0.45, 0 on a ring from 0.65 to 1."),
    "gaussians": (_gaussians, "classification",
                  "Two Gaussian blobs of 100 points each, centred at (0.45, 0.45) (label 1) and (-0.45, -0.45)."),
    "spiral": (_spiral, "classification",
               "Two interleaved spirals of 100 points each, 1.75 turns; label 1 for one arm."),
    "sine": (_sine, "regression",
             "Sine: 100 points x in [-1,1] with target sin(pi x); use a tanh or linear output."),
    "plane": (_plane, "regression",
              "Plane: 200 points in [-1,1]^2 with target (x1 + x2) / 2; use a tanh or linear output."),
    "gaussian_hills": (_gaussian_hills, "regression",
                       "Gaussian hills: 200 points in [-1,1]^2; six hills of height +1 or -1 in two rows, each "
                       "falling to 0 at distance 1/3 from its centre, give the target; use a tanh or linear output."),
    "chain": (_chain, "regression",
              "The chapter's single example for the 1-1-1-1 chain: input a^(0) = 0.8, target y = 1."),
}

#: Data set names in the order the page lists them.
NAMES = [*_GENERATED, "digits", "mnist"]


_others: Callable[[str], Dataset | None] | None = None


def resolve_others_with(find: Callable[[str], Dataset | None]) -> None:
    """Names beyond the built-in ones (the learner's uploads, which the app keeps) are looked up with
    ``find``: every caller of load_dataset, in any process, then resolves them alike."""
    global _others
    _others = find


def load_dataset(name: str) -> Dataset:
    """The data set called ``name``; KeyError if there is none."""
    if name in NAMES:
        return _built_in(name)
    found = _others(name) if _others is not None else None
    if found is None:
        raise KeyError(name)
    return found


@cache
def _built_in(name: str) -> Dataset:
    from .images import SETS, load_images

    if name in SETS:
        d = load_images(name)
        return Dataset(name, "classification", SETS[name].description, d.train.x, d.train.y, d.test.x, d.test.y,
                       image_side=SETS[name].side)
    x, y = generate(name, default_seed(name))
    return Dataset(name, task_of(name), _GENERATED[name][2], *_frozen(x, y))


#: The data sets made from a seed (not the image sets): engine/data_options.py may make them again
#: with another seed, noise and a held-out split.
GENERATED = tuple(_GENERATED)


def default_seed(name: str) -> int:
    """The seed a generated set is made from unless a network chooses its own ``data_seed``."""
    return sum(map(ord, name))


def task_of(name: str) -> str:
    return _GENERATED[name][1]


def generate(name: str, seed: int) -> tuple[Array, Array]:
    """A generated set's inputs and targets from ``seed`` (writable copies)."""
    x, y = _GENERATED[name][0](np.random.default_rng(seed))
    return np.array(x, dtype=float), np.array(y, dtype=float)
