"""Activation functions sigma and their slopes sigma', as NOTATION.md tabulates them.

Each slope is written next to its function (micrograd's habit), so a reader checks one
against the other at a glance.
"""
from dataclasses import dataclass
from typing import Callable

import numpy as np

Array = np.ndarray


def _sigmoid(z: Array) -> Array:
    # exp of a non-positive number only: no overflow for large |z|, full precision on both tails.
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _sigmoid_slope(z: Array) -> Array:
    # sigma(z)(1 - sigma(z)) written as e^-|z| / (1 + e^-|z|)^2, which equals it exactly but
    # does not lose digits to 1 - sigma(z) when sigma(z) is close to 1.
    e = np.exp(-np.abs(z))
    return e / (1.0 + e) ** 2


def _tanh_slope(z: Array) -> Array:
    return 1.0 - np.tanh(z) ** 2


def _relu(z: Array) -> Array:
    return np.maximum(z, 0.0)


def _relu_slope(z: Array) -> Array:
    # NOTATION.md: the slope at the kink z = 0 is 0.
    return (z > 0).astype(float)


def _linear(z: Array) -> Array:
    return np.array(z, dtype=float, copy=True)


def _linear_slope(z: Array) -> Array:
    return np.ones_like(z, dtype=float)


@dataclass(frozen=True)
class Activation:
    """One element-wise activation: a = sigma(z) and its derivative sigma'(z)."""

    name: str
    sigma: Callable[[Array], Array]
    """a = sigma(z), element-wise."""
    slope: Callable[[Array], Array]
    """sigma'(z): how responsive the neuron is at its current input."""
    formula: str
    """sigma(z) in plain text, for documentation and the page."""
    slope_formula: str
    """sigma'(z) in plain text."""


ACTIVATIONS: dict[str, Activation] = {
    a.name: a
    for a in (
        Activation("sigmoid", _sigmoid, _sigmoid_slope, "1/(1+e^-z)", "sigma(z)(1-sigma(z))"),
        Activation("tanh", np.tanh, _tanh_slope, "tanh z", "1 - tanh^2 z"),
        Activation("relu", _relu, _relu_slope, "max(0, z)", "1 if z > 0 else 0"),
        Activation("linear", _linear, _linear_slope, "z", "1"),
    )
}
