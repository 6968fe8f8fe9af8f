"""Regularisation: a penalty on big weights added to the cost, and its term in each weight's gradient.

Following the chapter's convention (no 1/2, docs/NOTATION.md), with lambda the rate:

    L1:  C = C_data + lambda x sum_w |w|       dC/dw = dC_data/dw + lambda x sign(w)
    L2:  C = C_data + lambda x sum_w w^2       dC/dw = dC_data/dw + 2 lambda x w

C_data is the mean of C_0 over the examples at hand (one example, a mini-batch, or a data set), so
the penalty is added once, not once per example. Biases are not regularised: a bias shifts a
neuron and does not make the network more sensitive to its inputs, so there is nothing to gain from
keeping it small. |w| has no derivative at w = 0: the term there is lambda x sign(0) = 0, the
subgradient that leaves a zero weight where it is.
"""
from __future__ import annotations

from typing import Iterable

import numpy as np

from .errors import NetworkSpecError

Array = np.ndarray

#: The kinds a network may have; "none" adds nothing to the cost or the gradient.
KINDS = ("none", "l1", "l2")


def check(kind: str, rate: float) -> None:
    """A kind of KINDS and a finite rate lambda >= 0 (the API's upper bound is in app/limits.py)."""
    if kind not in KINDS:
        raise NetworkSpecError(f"regularization must be one of {', '.join(KINDS)}; got {kind!r}")
    if not (np.isfinite(rate) and rate >= 0):
        raise NetworkSpecError(f"regularization_rate must be a finite number >= 0; got {rate!r}")


def penalty(kind: str, rate: float, weights: Iterable[Array]) -> float:
    """lambda x sum_w |w| (L1) or lambda x sum_w w^2 (L2) over every weight of every layer; 0 for none."""
    if kind == "none":
        return 0.0
    if kind == "l1":
        return rate * sum(float(np.abs(w).sum()) for w in weights)
    return rate * sum(float(np.vdot(w, w)) for w in weights)


def term(kind: str, rate: float, w: Array) -> Array:
    """d(penalty)/dw for each weight of w: lambda x sign(w) (L1, 0 at w = 0) or 2 lambda x w (L2)."""
    if kind == "l1":
        return rate * np.sign(w)
    if kind == "l2":
        return 2.0 * rate * w
    return np.zeros_like(w, dtype=float)
