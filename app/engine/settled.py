"""Whether a network can still answer for every example of its data set in float64.

Training keeps a step only if, after it, every example's forward pass, cost and backprop are finite:
finite parameters alone are not enough (a bias of 1e155 is finite, yet squaring the output it gives
overflows), and a kept state that no example can be explained on leaves the page nothing to show.
"""
from __future__ import annotations

import weakref

import numpy as np

from .network import NUMERICAL_STEP, Network

Array = np.ndarray

#: A bound below this is far enough under float64's largest number (~1.8e308) that every value it
#: bounds, computed with its own rounding, is finite as well.
SAFE = 1e300


def _finite(*arrays: Array) -> bool:
    return all(bool(np.isfinite(a).all()) for a in arrays)


def settled(net: Network, x: Array, y: Array, largest: float | None = None) -> bool:
    """True if, for every row of x, y: z, a, C_0, delta, each dC_0/dw (delta_j x a_k), each path term
    of the sum over paths (w_ij x delta_i) and the central difference of C_0 are finite, and so is
    the central difference of the regularisation penalty.

    dC_0/da may still overflow (cross-entropy with |z| > ~709): the answers carry it as null.

    Training asks this after every chunk, over the whole data set: bounded() answers it from the
    parameters alone (microseconds) for every network that is nowhere near float64's limits, and the
    exact pass over every row runs only when the bounds cannot tell. ``largest``: the largest
    |parameter|, if the caller has it in one call (SGD's flat parameters).
    """
    # The penalty is one number for the whole network; its central difference divides it by 2h too.
    with np.errstate(all="ignore"):
        if not np.isfinite(net.penalty() / (2 * NUMERICAL_STEP)):
            return False
    return bounded(net, x, y, largest) or settled_exactly(net, x, y)


_largest_inputs: dict[int, tuple[weakref.ref, Array]] = {}


def _largest(x: Array) -> Array:
    """max over the rows of |x_k|, per column; remembered for a data set's read-only arrays (which
    no one can change), since training asks about the same data set after every chunk."""
    if x.flags.writeable or x.base is not None:
        return np.abs(x).max(axis=0, initial=0.0)
    known = _largest_inputs.get(id(x))
    if known is not None and known[0]() is x:
        return known[1]
    largest = np.abs(x).max(axis=0, initial=0.0)
    _largest_inputs[id(x)] = (weakref.ref(x, lambda _, key=id(x): _largest_inputs.pop(key, None)), largest)
    return largest


_levels: dict[tuple, tuple[weakref.ref, weakref.ref, float]] = {}


def bounded(net: Network, x: Array, y: Array, largest: float | None = None) -> bool:
    """A sufficient test of settled(): upper bounds on every |value| it checks, for any row whose
    |x_k| and |y_j| are within the data set's largest, are all below SAFE. False means "cannot
    tell" (the exact pass decides), never "unsettled".

    Every bound grows with each |w| and |b|, so a network whose parameters are all within P in size
    is bounded if the network of the same shape with every parameter P is. Training asks after every
    chunk (a live class: hundreds of times a second): the largest |parameter| against a level known
    to pass, for this shape and data set, answers most calls in one NumPy call per array.
    """
    # np.max, not max(): a NaN parameter makes the largest NaN, which no level passes.
    if largest is None:
        largest = float(np.max([np.abs(p).max(initial=0.0) for p in (*net.weights, *net.biases)]))
    key = (tuple(net.layers), net.hidden_activation, net.output_activation, net.loss, id(x), id(y))
    known = _levels.get(key)
    if known is not None and known[0]() is x and known[1]() is y and largest <= known[2]:
        return True
    if not _bounds_below_safe(net, x, y):
        return False
    if not (x.flags.writeable or x.base is not None or y.flags.writeable or y.base is not None):
        # A level with room above this network (a data set's read-only arrays, which no one can change).
        level = max(2 * largest, 1.0)
        if _bounds_below_safe(_uniform(net, level), x, y):
            forget = lambda _, key=key: _levels.pop(key, None)  # noqa: E731
            _levels[key] = (weakref.ref(x, forget), weakref.ref(y, forget), level)
    return True


def _uniform(net: Network, level: float) -> Network:
    return Network(net.layers, net.hidden_activation, net.output_activation, net.loss,
                   [np.full_like(w, level) for w in net.weights], [np.full_like(b, level) for b in net.biases])


def _bounds_below_safe(net: Network, x: Array, y: Array) -> bool:
    """bounded()'s bounds themselves, for this network's parameters.

    Forward: |z_j^(l)| <= sum_k |w_jk^(l)| A_k^(l-1) + |b_j^(l)| = Z_j^(l), and |a_j^(l)| <= A_j^(l) =
    min(Z_j^(l), the activation's largest output). Backward: |delta^(L)| from the cost's delta,
    |delta_k^(l-1)| <= sum_j |w_jk^(l)| D_j^(l) x the largest slope of layer l-1.
    """
    # Training asks this after every chunk (a live class: hundreds a second), so each |W| is taken
    # once and each maximum is one float.
    with np.errstate(all="ignore"):
        A = _largest(x)
        Y = np.abs(y).max(axis=0, initial=0.0)
        W = [np.abs(w) for w in net.weights]
        largest_a, bounds = [A], []
        for l in range(1, net.depth + 1):
            Z = W[l - 1] @ A + np.abs(net.biases[l - 1])
            # |sigma(z)| <= |sigma(0)| + (its largest slope) |z|: sigmoid(0) is 1/2, not 0.
            sigma = net.activation(l)
            A = sigma.at_zero + sigma.largest_slope * Z
            A = A if sigma.largest_output is None else np.minimum(A, sigma.largest_output)
            bounds.append(Z.max(initial=0.0))
            largest_a.append(A)
        out = net.activation(net.depth)
        if net.loss == "cross_entropy":
            # y softplus(-z) + (1-y) softplus(z) <= (|y| + |1-y|)(|z| + ln 2); delta^(L) = a - y.
            cost = np.sum((2 * Y + 1) * (Z + np.log(2.0)))
            D = A + Y
        elif net.loss == "categorical_cross_entropy":
            # y_j (ln sum_i e^(z_i) - z_j) <= |y_j| (2 max|z| + ln n_L); delta^(L) = a sum_i y_i - y.
            cost = np.sum(Y) * (2 * Z.max(initial=0.0) + np.log(len(Y)))
            D = A * np.sum(Y) + Y
        elif out.jacobian:
            # Squared error through softmax's Jacobian: |a_j (e_j - sum_i a_i e_i)| <= 2 max|e|, 0 <= a <= 1.
            cost = np.sum((A + Y) ** 2)
            D = np.full_like(A, 4 * np.max(A + Y, initial=0.0))
        else:
            cost = np.sum((A + Y) ** 2)
            D = 2 * (A + Y) * out.largest_slope
        bounds.append(cost / (2 * NUMERICAL_STEP))
        for l in range(net.depth, 0, -1):
            d = D.max(initial=0.0)
            bounds += [d, d * largest_a[l - 1].max(initial=0.0), d * W[l - 1].max(initial=0.0)]
            if l > 1:
                D = (D @ W[l - 1]) * net.activation(l - 1).largest_slope
        return all(float(b) < SAFE for b in bounds)  # False for a NaN bound too


def settled_exactly(net: Network, x: Array, y: Array) -> bool:
    """settled() by the forward pass and backprop of every row."""
    with np.errstate(all="ignore"):
        # backprop's steps without what is not checked here (the mean gradients, dC_0/da^(0)).
        z, a, slope = net._pass(x, slopes=True)
        cost = net.cost_function
        costs = cost.cost(z[-1], a[-1], y)
        # The central difference divides a cost difference by 2h: leave it room to do so.
        if not _finite(costs / (2 * NUMERICAL_STEP), *z, *a):
            return False
        delta = cost.delta(z[-1], a[-1], y, cost.error(z[-1], a[-1], y), slope[-1])
        for l in range(net.depth, 0, -1):
            # delta^(l) is finite, and so, per example, is the largest delta_j x a_k of dC_0/dW^(l)
            # and the largest w_ji x delta_j of the sum over paths into layer l-1.
            largest = np.abs(delta).max(axis=1)
            if not _finite(delta, largest * np.abs(a[l - 1]).max(axis=1, initial=0.0),
                           largest * np.abs(net.weights[l - 1]).max(initial=0.0)):
                return False
            if l > 1:
                delta = (delta @ net.weights[l - 1]) * slope[l - 2]
    return True
