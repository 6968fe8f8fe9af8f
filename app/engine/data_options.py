"""What a network chooses about its data beyond the set's name (as TensorFlow Playground's data
controls and features): noise, the share of rows held out for testing, the seed that makes a
generated set (a new one "regenerates" it), and its input features.

``seen`` is the one place these are applied: every use of a network's data (training, evaluation,
a breakdown's example, live frames) asks it for the rows, and ``plane`` for the points before the
features (the points a picture draws over the x1-x2 plane).
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np

from . import features as feature_map
from .csv_data import _split as held_out
from .datasets import GENERATED, NAMES as DATASET_NAMES, Dataset, default_seed, generate, load_dataset, task_of
from .errors import NetworkSpecError


@dataclass(frozen=True)
class DataOptions:
    """A network's choices about its data set; the defaults give the set exactly as named."""

    noise: float = 0.0
    """Standard deviation of the Gaussian noise added to every input coordinate of a generated set;
    each target stays that of the point before the noise (so noise blurs the boundary)."""
    test_ratio: float = 0.0
    """Share of a generated set's rows held out for testing (per class for classification)."""
    data_seed: int | None = None
    """Makes the generated set's points, noise and split; None: the set's own fixed seed."""
    features: tuple[str, ...] | None = None
    """Layer 0 of a network on a 2-D set, in engine.features order; None: the inputs x1, x2 as they are."""

    def as_spec(self) -> dict:
        """As the store keeps them beside the network."""
        return {"noise": self.noise, "test_ratio": self.test_ratio, "data_seed": self.data_seed,
                "features": None if self.features is None else list(self.features)}

    @classmethod
    def from_spec(cls, spec: dict) -> DataOptions:
        """From a stored spec; a network stored before these options existed gets the defaults."""
        features = spec.get("features")
        return cls(spec.get("noise", 0.0), spec.get("test_ratio", 0.0), spec.get("data_seed"),
                   None if features is None else tuple(features))

    @property
    def generation_changed(self) -> bool:
        return self.noise != 0 or self.test_ratio != 0 or self.data_seed is not None


def plane(name: str, options: DataOptions) -> Dataset:
    """The data set's points as generated with these options, before any feature mapping.

    KeyError for an unknown name (as load_dataset); NetworkSpecError for options it cannot take.
    """
    if not options.generation_changed:
        return load_dataset(name)
    if name not in GENERATED:
        load_dataset(name)  # an unknown name stays a KeyError
        raise NetworkSpecError(f"noise, test_ratio and data_seed apply to the generated data sets "
                               f"({', '.join(GENERATED)}), not to {name}: leave them out")
    return _generated(name, options.noise, options.test_ratio, options.data_seed)


def seen(name: str, options: DataOptions) -> Dataset:
    """The rows the network sees: ``plane`` with each input row mapped to its features."""
    if options.features is None:
        return plane(name, options)
    if name in GENERATED or name in DATASET_NAMES:
        return _featured_built_in(name, options)
    return _featured(plane(name, options), options.features)  # an upload: its handle may expire


def inputs_of(options: DataOptions, x: np.ndarray) -> np.ndarray:
    """A point's input vector a^(0): its features, or itself without features."""
    return x if options.features is None else feature_map.apply(options.features, x[None, :])[0]


@lru_cache(maxsize=256)
def _featured_built_in(name: str, options: DataOptions) -> Dataset:
    return _featured(plane(name, options), options.features)


def _featured(d: Dataset, names: tuple[str, ...]) -> Dataset:
    if d.inputs != 2:
        raise NetworkSpecError(f"features are made from a point (x1, x2) and {d.name} has {d.inputs} input(s): "
                               "leave features out")
    test_x = None if d.test_x is None else _frozen(feature_map.apply(names, d.test_x))
    return replace(d, x=_frozen(feature_map.apply(names, d.x)), test_x=test_x)


@lru_cache(maxsize=256)
def _generated(name: str, noise: float, test_ratio: float, data_seed: int | None) -> Dataset:
    seed = default_seed(name) if data_seed is None else data_seed
    x, y = generate(name, seed)
    # Its own stream: the same seed gives the same points at every noise level, only moved.
    x += noise * np.random.default_rng([seed, 1]).standard_normal(x.shape)
    base = load_dataset(name)
    description = base.description + _described(noise, test_ratio, data_seed)
    if test_ratio == 0:
        return Dataset(name, base.task, description, _frozen(x), _frozen(y))
    strata = y[:, 0] >= 0.5 if task_of(name) == "classification" else np.zeros(len(y))
    held = held_out(strata, test_ratio, [seed, 2])
    if held.all() or not held.any():
        raise NetworkSpecError(f"test_ratio {test_ratio:g} of {name}'s {len(y)} rows leaves "
                               f"{'no rows to train on' if held.all() else 'no rows to test on'}: change test_ratio")
    return Dataset(name, base.task, description, _frozen(x[~held]), _frozen(y[~held]),
                   _frozen(x[held]), _frozen(y[held]))


def _described(noise: float, test_ratio: float, data_seed: int | None) -> str:
    seed = "its own seed" if data_seed is None else f"data seed {data_seed}"
    return f" Made with {seed}, noise {noise:g}, {test_ratio:.0%} held out for testing."


def _frozen(a: np.ndarray) -> np.ndarray:
    a = np.ascontiguousarray(a)
    a.setflags(write=False)
    return a
