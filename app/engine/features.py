"""The input features of a network on a 2-D data set (as in TensorFlow Playground): layer 0 holds
any non-empty subset of x1, x2, x1^2, x2^2, x1 x2, sin x1, sin x2 of the point (x1, x2), in that
order, so a^(0) is the feature vector and a weight's "input" factor a_k^(0) is a feature's value.

The one place the mapping is written: training, evaluation, a breakdown's example, the pictures'
grid over the x1-x2 plane and live frames all call ``apply``.
"""
from __future__ import annotations

from typing import Callable, Sequence

import numpy as np

from .errors import NetworkSpecError

Array = np.ndarray

FEATURES: dict[str, Callable[[Array, Array], Array]] = {
    "x1": lambda x1, x2: x1,
    "x2": lambda x1, x2: x2,
    "x1^2": lambda x1, x2: x1 * x1,
    "x2^2": lambda x1, x2: x2 * x2,
    "x1x2": lambda x1, x2: x1 * x2,
    "sin x1": lambda x1, x2: np.sin(x1),
    "sin x2": lambda x1, x2: np.sin(x2),
}
"""Each feature of the point (x1, x2), in the order layer 0 holds them."""

NAMES = tuple(FEATURES)


def canonical(names: Sequence[str]) -> tuple[str, ...]:
    """The chosen features in layer 0's order; NetworkSpecError for an unknown, repeated or empty choice."""
    unknown = [n for n in names if n not in FEATURES]
    if unknown:
        raise NetworkSpecError(f"unknown feature {unknown[0]!r}: use some of {', '.join(NAMES)}")
    if len(set(names)) != len(names):
        raise NetworkSpecError("each feature may be chosen once: remove the repeated one")
    if not names:
        raise NetworkSpecError(f"choose at least one feature of {', '.join(NAMES)}")
    return tuple(n for n in NAMES if n in names)


def apply(names: Sequence[str], points: Array) -> Array:
    """The feature vectors of ``points`` (shape (rows, 2): x1, x2): shape (rows, len(names))."""
    x1, x2 = points[:, 0], points[:, 1]
    return np.column_stack([FEATURES[n](x1, x2) for n in names])
