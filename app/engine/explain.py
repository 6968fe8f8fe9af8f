"""Teaching views derived from backprop: a weight over a mini-batch, and one update previewed.

They only read the network (the update preview works on a copy).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .network import Network

Array = np.ndarray


@dataclass
class ExampleFactors:
    """The three factors of one weight for one example of a batch."""

    error: float
    """dC_0/da_j^(l) of this example."""
    slope: float
    """sigma'(z_j^(l)) of this example."""
    input: float
    """a_k^(l-1) of this example."""
    product: float
    """error x slope x input: this example's dC_0/dw."""


@dataclass
class BatchBreakdown:
    """dC/dw_jk^(l) over a mini-batch: the mean of the per-example products."""

    examples: list[ExampleFactors]
    """One entry per example, in the batch's order."""
    mean_gradient: float
    """dC/dw = (1/n) sum_x error_x slope_x input_x, as backprop computes it for the batch."""
    mean_error: float
    """The mean of the examples' errors."""
    mean_slope: float
    """The mean of their slopes."""
    mean_input: float
    """The mean of their inputs."""
    product_of_means: float
    """mean error x mean slope x mean input: NOT the gradient (the mean of products differs)."""


def batch_breakdown(net: Network, x: Array, y: Array, layer: int, j: int, k: int) -> BatchBreakdown:
    net.check_weight_index(layer, j, k)
    bp = net.backprop(x, y)
    error = bp.grad_a[layer][:, j]
    slope = bp.slope[layer - 1][:, j]
    input_ = bp.a[layer - 1][:, k]
    # The per-example gradient is delta x input; delta equals error x slope (or a - y for
    # cross-entropy, where the two agree to rounding).
    product = bp.delta[layer - 1][:, j] * input_
    return BatchBreakdown(
        examples=[ExampleFactors(float(e), float(s), float(i), float(p))
                  for e, s, i, p in zip(error, slope, input_, product)],
        mean_gradient=float(bp.grad_w[layer - 1][j, k]),
        mean_error=float(error.mean()), mean_slope=float(slope.mean()), mean_input=float(input_.mean()),
        product_of_means=float(error.mean() * slope.mean() * input_.mean()),
    )


@dataclass
class UpdatePreview:
    """What one gradient step on one example would do (nothing is saved)."""

    learning_rate: float
    """eta of the step."""
    gradient: float
    """dC_0/dw_jk^(l) for this example."""
    delta_w: float
    """-learning_rate x gradient."""
    weight_after: float
    """w_jk^(l) + delta_w."""
    cost_before: float
    """C_0 of the example now."""
    cost_after_this_weight: float
    """C_0 after moving only w_jk^(l) by delta_w."""
    cost_after_all: float
    """C_0 after one SGD step on this example, every weight and bias moved."""


def update_preview(net: Network, x: Array, y: Array, layer: int, j: int, k: int,
                   learning_rate: float) -> UpdatePreview:
    net.check_weight_index(layer, j, k)
    x, y = np.atleast_2d(x), np.atleast_2d(y)
    bp = net.backprop(x, y)
    gradient = float(bp.grad_w[layer - 1][j, k])
    delta_w = -learning_rate * gradient
    one = net.copy()
    one.weights[layer - 1][j, k] += delta_w
    every = net.copy()
    for l in range(1, net.depth + 1):
        every.weights[l - 1] -= learning_rate * bp.grad_w[l - 1]
        every.biases[l - 1] -= learning_rate * bp.grad_b[l - 1]
    return UpdatePreview(
        learning_rate=learning_rate, gradient=gradient, delta_w=delta_w,
        weight_after=float(one.weights[layer - 1][j, k]), cost_before=bp.cost,
        cost_after_this_weight=one.cost(x, y), cost_after_all=every.cost(x, y),
    )
