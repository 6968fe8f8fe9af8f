"""Activation functions sigma and their slopes sigma', as docs/NOTATION.md tabulates them.

Each activation computes a = sigma(z) and sigma'(z) in one kernel, writing into arrays the caller
owns: backprop and SGD both call it, so there is one formula per activation. Each slope is written
next to its function (micrograd's habit), so a reader checks one against the other at a glance.
"""
from __future__ import annotations

import numpy as np

Array = np.ndarray


class Activation:
    """One element-wise activation: a = sigma(z) and its derivative sigma'(z)."""

    name: str
    """The name the API knows it by."""
    formula: str
    """sigma(z) in plain text, for documentation and the page."""
    slope_formula: str
    """sigma'(z) in plain text."""
    largest_output: float | None = None
    """The largest |sigma(z)| for any z, or None when |sigma(z)| grows with |z| (at most |z|)."""
    largest_slope: float = 1.0
    """The largest |sigma'(z)| for any z."""
    at_zero: float = 0.0
    """|sigma(0)| (at most, for softmax): with largest_slope, |sigma(z)| <= at_zero + largest_slope |z|."""
    jacobian: bool = False
    """True when each a_j depends on every z_i of its layer (softmax): its slope is then the Jacobian
    da/dz, not one number per neuron, ``slope`` is never written and delta = J^T error."""

    def sigma_and_slope(self, z: Array, out: Array, slope: Array | None) -> None:
        """Write sigma(z) into ``out`` and, unless ``slope`` is None, sigma'(z) into ``slope``.

        No allocation and no error-state handling: SGD calls this for every layer of every step, so
        the caller sets ``np.errstate`` once around the whole loop.
        """
        raise NotImplementedError

    def sigma(self, z: Array) -> Array:
        """a = sigma(z), element-wise, in a new array."""
        a = np.empty(np.shape(z))
        with np.errstate(over="ignore"):  # e^-z and cosh z overflow to inf for |z| > ~709: see Sigmoid
            self.sigma_and_slope(z, a, None)
        return a

    def slope(self, z: Array) -> Array:
        """sigma'(z): how responsive the neuron is at its current input."""
        a, slope = np.empty(np.shape(z)), np.empty(np.shape(z))
        with np.errstate(over="ignore"):
            self.sigma_and_slope(z, a, slope)
        return slope


class Sigmoid(Activation):
    name, formula, slope_formula = "sigmoid", "1/(1+e^-z)", "sigma(z)(1-sigma(z))"
    largest_output, largest_slope = 1.0, 0.25  # sigma' peaks at z = 0: 1/4
    at_zero = 0.5

    def sigma_and_slope(self, z: Array, out: Array, slope: Array | None) -> None:
        # sigma = 1/(1 + e^-z) and sigma' = e^-z/(1 + e^-z)^2 = 1/(2 + 2 cosh z): both accurate to a
        # few ulps relative on both tails, where sigma(1 - sigma) would lose every digit of 1 - sigma
        # near 1. Below z = -709, where e^-z overflows, sigma reads 0 instead of a number under 1e-308.
        # e^-z is formed in slope's buffer when there is one: SGD's out is a strided view (a^(l) beside
        # its column of ones), where NumPy's vectorised exp does not run, at twice the time.
        work = out if slope is None else slope
        np.negative(z, out=work)
        np.exp(work, out=work)
        np.add(work, 1.0, out=work)
        np.divide(1.0, work, out=out)
        if slope is not None:
            np.cosh(z, out=slope)
            np.add(slope, 1.0, out=slope)
            np.divide(0.5, slope, out=slope)


class Tanh(Activation):
    name, formula, slope_formula = "tanh", "tanh z", "1 - tanh^2 z"
    largest_output, largest_slope = 1.0, 1.0

    def sigma_and_slope(self, z: Array, out: Array, slope: Array | None) -> None:
        np.tanh(z, out=out)
        if slope is not None:
            np.multiply(out, out, out=slope)
            np.subtract(1.0, slope, out=slope)


class Relu(Activation):
    name, formula, slope_formula = "relu", "max(0, z)", "1 if z > 0 else 0"

    def sigma_and_slope(self, z: Array, out: Array, slope: Array | None) -> None:
        np.maximum(z, 0.0, out=out)
        if slope is not None:
            np.heaviside(z, 0.0, out=slope)  # 0 at the kink z = 0, as docs/NOTATION.md fixes it


class Linear(Activation):
    name, formula, slope_formula = "linear", "z", "1"

    def sigma_and_slope(self, z: Array, out: Array, slope: Array | None) -> None:
        np.copyto(out, z)
        if slope is not None:
            slope.fill(1.0)


class Softmax(Activation):
    """a_j = e^(z_j) / sum_i e^(z_i) over the layer (the last axis): an output activation only.

    Its slope is the Jacobian da_i/dz_j = a_i (1[i = j] - a_j), not one number per neuron, so
    ``sigma_and_slope`` never writes a slope and ``backward`` applies the Jacobian instead.
    """

    name, formula, slope_formula = "softmax", "e^(z_j) / sum_i e^(z_i)", "da_i/dz_j = a_i (1[i=j] - a_j)"
    largest_output, largest_slope, jacobian = 1.0, 0.25, True  # every entry of J is at most 1/4 in size
    at_zero = 1.0  # 1/n for n outputs: 1 bounds it for any n

    def sigma_and_slope(self, z: Array, out: Array, slope: Array | None) -> None:
        # Subtracting the row's max changes nothing (it cancels in the ratio) and keeps every e^(z_j)
        # in (0, 1]: finite for any finite z, and the largest term is exactly 1, so the sum is >= 1.
        np.subtract(z, np.max(z, axis=-1, keepdims=True), out=out)
        np.exp(out, out=out)
        np.divide(out, np.sum(out, axis=-1, keepdims=True), out=out)

    def slope(self, z: Array) -> Array:
        raise TypeError("softmax has no slope per neuron: its slope is the Jacobian (see backward)")

    @staticmethod
    def backward(a: Array, error: Array) -> Array:
        """delta = J^T error: delta_j = sum_i error_i a_i (1[i = j] - a_j) = a_j (error_j - sum_i a_i error_i)."""
        return a * (error - np.sum(a * error, axis=-1, keepdims=True))


ACTIVATIONS: dict[str, Activation] = {a.name: a for a in (Sigmoid(), Tanh(), Relu(), Linear(), Softmax())}
HIDDEN_ACTIVATIONS = tuple(name for name, a in ACTIVATIONS.items() if not a.jacobian)
"""The activations a hidden layer may use: softmax normalises a whole layer, an output's job."""
