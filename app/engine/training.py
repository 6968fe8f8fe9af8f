"""Mini-batch SGD: w <- w - eta dC/dw, with C the mean cost of the mini-batch.

The step is the backward pass of ``Network.backprop`` without its per-example caches: training
needs only the batch-mean gradients, and it is the loop the benchmarks time.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .network import Network

Array = np.ndarray


@dataclass
class TrainResult:
    costs: list[float]
    """The mini-batch cost C before each step that was taken."""
    steps_done: int
    """Steps applied (fewer than asked only when training diverged)."""
    batch_size: int
    """The batch size used: the one asked for, or the data set's size if that is smaller."""
    diverged_at: int | None
    """1-based index (within this call) of the step that would have made the cost or a parameter
    non-finite; that step was not applied. None when every step was finite."""


def batch_indices(n: int, batch_size: int, steps: int, seed: int, cursor: int) -> Array:
    """Rows of each step's mini-batch, shape (steps, batch_size).

    Mini-batches are consecutive slices of one endless stream: epoch e is the permutation
    ``default_rng([seed, e]).permutation(n)``, and ``cursor`` counts the examples already used.
    So 100 steps in one call equal 50 + 50 in two, however training is split into calls.
    """
    needed = steps * batch_size
    first, last = cursor // n, (cursor + needed - 1) // n
    stream = np.concatenate([np.random.default_rng([seed, e]).permutation(n) for e in range(first, last + 1)])
    start = cursor - first * n
    return stream[start:start + needed].reshape(steps, batch_size)


def sgd_step(net: Network, x: Array, y: Array, learning_rate: float) -> float:
    """One step on the mini-batch (x, y); returns its cost before the update."""
    L, n = net.depth, x.shape[0]
    weights, biases = net.weights, net.biases
    a, z = [x], []
    for l in range(1, L + 1):
        z_l = a[-1] @ weights[l - 1].T
        z_l += biases[l - 1]
        z.append(z_l)
        a.append(net.activation(l).sigma(z_l))
    cost_fn = net.cost_function
    cost = float(np.mean(cost_fn.cost(z[-1], a[-1], y)))
    delta = cost_fn.delta(
        z[-1], a[-1], y, cost_fn.error(z[-1], a[-1], y), net.activation(L).slope(z[-1])
    )
    scale = learning_rate / n
    for l in range(L, 0, -1):
        grad_w_sum = delta.T @ a[l - 1]
        grad_b_sum = delta.sum(axis=0)
        if l > 1:
            # delta^(l-1) uses W^(l) before this step changes it.
            delta = (delta @ weights[l - 1]) * net.activation(l - 1).slope(z[l - 2])
        weights[l - 1] -= scale * grad_w_sum
        biases[l - 1] -= scale * grad_b_sum
    return cost


def parameters_finite(net: Network) -> bool:
    return all(np.isfinite(w).all() for w in net.weights) and all(
        np.isfinite(b).all() for b in net.biases
    )


def train(
    net: Network, x: Array, y: Array, steps: int, learning_rate: float, batch_size: int,
    seed: int, cursor: int,
) -> TrainResult:
    """Train ``net`` in place from the batch stream's ``cursor``. Never leaves a non-finite parameter.

    The fast path checks finiteness once at the end; only if something went non-finite does it
    restore the starting parameters and replay the same batches with a check after every step.
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    batch_size = min(batch_size, x.shape[0])
    batches = batch_indices(x.shape[0], batch_size, steps, seed, cursor)
    start = net.copy()
    with np.errstate(all="ignore"):
        costs = [sgd_step(net, x[rows], y[rows], learning_rate) for rows in batches]
        if np.isfinite(costs).all() and parameters_finite(net):
            return TrainResult(costs, steps, batch_size, None)
        net.weights, net.biases = start.weights, start.biases
        costs = []
        for step, rows in enumerate(batches, start=1):
            before = net.copy()
            cost = sgd_step(net, x[rows], y[rows], learning_rate)
            if not (np.isfinite(cost) and parameters_finite(net)):
                net.weights, net.biases = before.weights, before.biases
                return TrainResult(costs, step - 1, batch_size, step)
            costs.append(cost)
    raise AssertionError("a replay of non-finite training finished finite")  # pragma: no cover
