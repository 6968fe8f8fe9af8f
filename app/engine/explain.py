"""Teaching views derived from backprop: a weight over a mini-batch, and one update previewed.

They only read the network (the update preview works on a copy).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import regularization as reg
from .network import NUMERICAL_STEP, Network
from .numerical_check import NumericalNote, explain as explain_check

Array = np.ndarray


@dataclass
class ExampleFactors:
    """The three factors of one weight for one example of a batch."""

    error: float
    """dC_0/da_j^(l) of this example."""
    slope: float | None
    """sigma'(z_j^(l)) of this example; None for a softmax output (its slope is a Jacobian)."""
    input: float
    """a_k^(l-1) of this example."""
    product: float
    """error x slope x input (delta_j x input for a softmax output): this example's dC_0/dw."""


@dataclass
class BatchBreakdown:
    """dC/dw_jk^(l) over a mini-batch: the mean of the per-example products."""

    examples: list[ExampleFactors]
    """One entry per example, in the batch's order."""
    mean_gradient: float
    """dC/dw = (1/n) sum_x error_x slope_x input_x, as backprop computes it for the batch."""
    mean_error: float
    """The mean of the examples' errors."""
    mean_slope: float | None
    """The mean of their slopes; None for a softmax output."""
    mean_input: float
    """The mean of their inputs."""
    product_of_means: float | None
    """mean error x mean slope x mean input: NOT the gradient (the mean of products differs); None
    for a softmax output, which has no slope factor."""


def batch_breakdown(net: Network, x: Array, y: Array, layer: int, j: int, k: int) -> BatchBreakdown:
    net.check_weight_index(layer, j, k)
    bp = net.backprop(x, y)
    error = bp.grad_a[layer][:, j]
    slope = bp.slope[layer - 1][:, j] if bp.slope[layer - 1] is not None else np.full(len(error), np.nan)
    input_ = bp.a[layer - 1][:, k]
    # The per-example gradient is delta x input; delta equals error x slope (or a - y for
    # cross-entropy, where the two agree to rounding).
    product = bp.delta[layer - 1][:, j] * input_
    return BatchBreakdown(
        examples=[ExampleFactors(float(e), _known(s), float(i), float(p))
                  for e, s, i, p in zip(error, slope, input_, product)],
        mean_gradient=float(bp.grad_w[layer - 1][j, k]),
        mean_error=float(error.mean()), mean_slope=_known(slope.mean()), mean_input=float(input_.mean()),
        product_of_means=_known(error.mean() * slope.mean() * input_.mean()),
    )


def _known(value: float) -> float | None:
    """A factor that exists (NaN stands for the slope a softmax output does not have), else None."""
    return None if np.isnan(value) else float(value)


@dataclass
class RegularizedGradient:
    """One weight's gradient of the total cost C_0 + penalty: the data term plus the penalty's term."""

    regularization: str
    """none, l1 or l2 (app/engine/regularization.py)."""
    regularization_rate: float
    """lambda."""
    regularization_term: float
    """d(penalty)/dw_jk^(l): lambda sign(w) (L1) or 2 lambda w (L2); 0 without regularisation."""
    total_gradient: float
    """error x slope x input + regularization_term: what a training step follows."""
    numerical_total_gradient: float
    """Central difference of C_0 + penalty in w_jk^(l)."""
    numerical_total_note: NumericalNote | None
    """Why that central difference disagrees with total_gradient (numerical_check.py); None if it agrees."""


def regularized_gradient(net: Network, x: Array, y: Array, layer: int, j: int, k: int,
                         gradient: float, numerical: float, note: NumericalNote | None) -> RegularizedGradient:
    """The breakdown's data term ``gradient`` (its central difference ``numerical``, and ``note``
    on that check) of w_jk^(l) with the penalty's term added."""
    net.check_weight_index(layer, j, k)
    term = float(reg.term(net.regularization, net.regularization_rate, net.weights[layer - 1][j, k]))
    total = gradient + term
    if net.regularization != "none":
        # Without a penalty the total cost is C_0 itself, whose check is ``numerical`` and ``note``.
        numerical = net.numerical_gradient(x, y, "weight", layer, (j, k), NUMERICAL_STEP, total=True)
        note = explain_check(net, x, y, "weight", layer, (j, k), total, numerical, NUMERICAL_STEP, total=True)
    return RegularizedGradient(net.regularization, net.regularization_rate, term, total, numerical, note)


@dataclass
class UpdatePreview:
    """What one gradient step on one example would do (nothing is saved)."""

    learning_rate: float
    """eta of the step."""
    gradient: float
    """dC_0/dw_jk^(l) for this example (the data term)."""
    regularization_term: float
    """The penalty's term in the weight's gradient (0 without regularisation)."""
    total_gradient: float
    """gradient + regularization_term: what the step follows."""
    delta_w: float
    """-learning_rate x total_gradient."""
    weight_after: float
    """w_jk^(l) + delta_w."""
    cost_before: float
    """C_0 + penalty now (C_0 of the example alone without regularisation)."""
    cost_after_this_weight: float
    """C_0 + penalty after moving only w_jk^(l) by delta_w."""
    cost_after_all: float
    """C_0 + penalty after one SGD step on this example, every weight and bias moved."""


def update_preview(net: Network, x: Array, y: Array, layer: int, j: int, k: int,
                   learning_rate: float) -> UpdatePreview:
    net.check_weight_index(layer, j, k)
    x, y = np.atleast_2d(x), np.atleast_2d(y)
    bp = net.backprop(x, y)
    gradient = float(bp.grad_w[layer - 1][j, k])
    kind, rate = net.regularization, net.regularization_rate
    term = float(reg.term(kind, rate, net.weights[layer - 1][j, k]))
    delta_w = -learning_rate * (gradient + term)
    one = net.copy()
    one.weights[layer - 1][j, k] += delta_w
    every = net.copy()
    for l in range(1, net.depth + 1):
        every.weights[l - 1] -= learning_rate * (bp.grad_w[l - 1] + reg.term(kind, rate, net.weights[l - 1]))
        every.biases[l - 1] -= learning_rate * bp.grad_b[l - 1]
    return UpdatePreview(
        learning_rate=learning_rate, gradient=gradient, regularization_term=term,
        total_gradient=gradient + term, delta_w=delta_w,
        weight_after=float(one.weights[layer - 1][j, k]), cost_before=bp.cost + net.penalty(),
        cost_after_this_weight=one.cost(x, y) + one.penalty(), cost_after_all=every.cost(x, y) + every.penalty(),
    )
