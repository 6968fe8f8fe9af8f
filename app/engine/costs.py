"""Costs of one example, C_0, and the "error" factor dC_0/da^(L) of the output layer.

Every function takes the output layer's z and a (shape (n, n_L)) and targets y of the same shape,
and works row by row: one row is one example.
"""
from dataclasses import dataclass
from typing import Callable

import numpy as np

from .activations import Softmax

Array = np.ndarray


def _mse_cost(z: Array, a: Array, y: Array) -> Array:
    # The chapter's convention (docs/NOTATION.md): no 1/2 and no averaging over the outputs.
    return np.sum((a - y) ** 2, axis=-1)


def _mse_error(z: Array, a: Array, y: Array) -> Array:
    return 2.0 * (a - y)


def _cross_entropy_cost(z: Array, a: Array, y: Array) -> Array:
    # -[y ln a + (1-y) ln(1-a)] with a = sigmoid(z) is y softplus(-z) + (1-y) softplus(z):
    # no log of an a or 1-a that rounded to 0.
    return np.sum(y * np.logaddexp(0.0, -z) + (1.0 - y) * np.logaddexp(0.0, z), axis=-1)


def _cross_entropy_error(z: Array, a: Array, y: Array) -> Array:
    # (a - y) / (a(1 - a)) = -y/a + (1-y)/(1-a) = -y(1 + e^-z) + (1-y)(1 + e^z): no division by an
    # a(1-a) that underflows. It is genuinely beyond float64 once |z| > ~709 and then reads inf;
    # the output delta below never goes through it.
    with np.errstate(over="ignore"):
        return -y * (1.0 + np.exp(-z)) + (1.0 - y) * (1.0 + np.exp(z))


def _cross_entropy_delta(z: Array, a: Array, y: Array, error: Array, slope: Array) -> Array:
    # With a sigmoid output the slope cancels the error's denominator: delta^(L) = a - y.
    return a - y


def _chain_rule_delta(z: Array, a: Array, y: Array, error: Array, slope: Array | None) -> Array:
    # No slope per neuron (a softmax output, activations.py): the chain rule goes through its
    # Jacobian, delta_j = sum_i error_i da_i/dz_j.
    return error * slope if slope is not None else Softmax.backward(a, error)


def _categorical_cost(z: Array, a: Array, y: Array) -> Array:
    # -sum_j y_j ln a_j with -ln a_j = ln sum_i e^(z_i) - z_j = ln sum_i e^(z_i - m) + (m - z_j), m the
    # row's max: log-sum-exp never takes the log of an a_j that rounded to 0, and adding m back only
    # after subtracting z_j keeps the digits that m - z_j = 0 would cancel at |z| ~ 1e4. A y_j = 0 term
    # adds exactly 0.
    top = np.max(z, axis=-1, keepdims=True)
    log_sum = np.log(np.sum(np.exp(z - top), axis=-1, keepdims=True))
    return np.sum(np.where(y == 0, 0.0, y * (log_sum + (top - z))), axis=-1)


def _categorical_error(z: Array, a: Array, y: Array) -> Array:
    # dC_0/da_j = -y_j / a_j: inf where a_j underflowed to 0 under a target y_j > 0 (the answers send
    # null); 0, not 0/0, where y_j = 0. The output delta below never goes through it.
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(y == 0, 0.0, -y / a)


def _categorical_delta(z: Array, a: Array, y: Array, error: Array, slope: Array | None) -> Array:
    # Through softmax's Jacobian: delta_j = sum_i (-y_i/a_i) a_i (1[i=j] - a_j) = a_j sum_i y_i - y_j,
    # which is a_j - y_j for targets that sum to 1 (check_targets asks that; a * 1.0 is a exactly).
    return a * np.sum(y, axis=-1, keepdims=True) - y


@dataclass(frozen=True)
class Cost:
    """A cost of one example and its derivative with respect to the output activations."""

    name: str
    """The name the API knows it by."""
    cost: Callable[[Array, Array, Array], Array]
    """C_0 per example (shape (n,)) from the output's z, a and the targets y."""
    error: Callable[[Array, Array, Array], Array]
    """dC_0/da^(L): the output layer's "error" factor, per example and output."""
    delta: Callable[[Array, Array, Array, Array, Array], Array]
    """delta^(L) = dC_0/dz^(L) from (z, a, y, error, slope); error x slope unless it simplifies
    (slope is None for a softmax output: then J^T error)."""
    requires_output: str | None
    """The output activation this cost is defined for, or None for any."""


COSTS: dict[str, Cost] = {
    "mse": Cost("mse", _mse_cost, _mse_error, _chain_rule_delta, None),
    "cross_entropy": Cost(
        "cross_entropy", _cross_entropy_cost, _cross_entropy_error, _cross_entropy_delta, "sigmoid"
    ),
    "categorical_cross_entropy": Cost(
        "categorical_cross_entropy", _categorical_cost, _categorical_error, _categorical_delta, "softmax"
    ),
}
