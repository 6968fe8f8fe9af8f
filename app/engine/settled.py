"""Whether a network can still answer for every example of its data set in float64.

Training keeps a step only if, after it, every example's forward pass, cost and backprop are finite:
finite parameters alone are not enough (a bias of 1e155 is finite, yet squaring the output it gives
overflows), and a kept state that no example can be explained on leaves the page nothing to show.
"""
from __future__ import annotations

import numpy as np

from .network import NUMERICAL_STEP, Network

Array = np.ndarray


def _finite(*arrays: Array) -> bool:
    return all(bool(np.isfinite(a).all()) for a in arrays)


def settled(net: Network, x: Array, y: Array) -> bool:
    """True if, for every row of x, y: z, a, C_0, delta, each dC_0/dw (delta_j x a_k), each path term
    of the sum over paths (w_ij x delta_i) and the central difference of C_0 are finite.

    dC_0/da may still overflow (cross-entropy with |z| > ~709): the answers carry it as null.
    """
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
