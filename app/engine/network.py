"""A fully connected network, its forward pass, backprop, and the three factors of one weight.

Indexing follows docs/NOTATION.md with Python's 0-based lists, the same as the JSON the API returns:
``weights[l-1]`` is W^(l) with shape (n_l, n_(l-1)) so ``weights[l-1][j, k]`` is w_jk^(l);
``biases[l-1]`` is b^(l); ``z[l-1]`` is z^(l); ``a[l]`` is a^(l) with ``a[0]`` the input x.
Batches are rows: X has shape (n, n_0), and every cached array has a leading example axis.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .activations import ACTIVATIONS, Activation
from .costs import COSTS, Cost
from .errors import ExampleError, IndexOutOfRange, NetworkSpecError
from .spec import check_spec, targets_are_distributions
from .numerical_check import NumericalNote, explain as explain_check
from . import regularization as reg

Array = np.ndarray

#: Step of the central difference; docs/NOTATION.md: about 1e-7 relative agreement in float64.
NUMERICAL_STEP = 1e-5


def parameter_count(layers: list[int]) -> int:
    """Weights plus biases: sum over l of n_l n_(l-1) + n_l."""
    return sum(layers[l] * layers[l - 1] + layers[l] for l in range(1, len(layers)))


@dataclass
class Forward:
    """The per-example cache of one forward pass (Nielsen's ``zs`` and ``activations``)."""

    z: list[Array]
    """z[l-1] = z^(l) = W^(l) a^(l-1) + b^(l), shape (n, n_l), for l = 1..L."""
    a: list[Array]
    """a[l] = sigma^(l)(z^(l)), shape (n, n_l), for l = 0..L; a[0] is the input."""

    def example(self, i: int) -> Forward:
        """Example i's own numbers, without the example axis: z[l-1] of shape (n_l,)."""
        return Forward(z=[z[i] for z in self.z], a=[a[i] for a in self.a])


@dataclass
class Backprop(Forward):
    """Everything one backward pass knows, per example, plus the batch-mean gradients."""

    slope: list[Array | None]
    """slope[l-1] = sigma'(z^(l)), shape (n, n_l); None for a softmax output, whose slope is a Jacobian."""
    delta: list[Array]
    """delta[l-1] = dC_0/dz^(l) = error (.) slope, shape (n, n_l)."""
    grad_a: list[Array]
    """grad_a[l] = dC_0/da^(l), shape (n, n_l), for l = 0..L: the "error" of each neuron."""
    costs: Array
    """C_0 of each example, shape (n,)."""
    cost: float
    """C = mean of ``costs``."""
    grad_w: list[Array]
    """dC/dW^(l) = mean over examples of delta^(l) (a^(l-1))^T, shaped like ``weights``."""
    grad_b: list[Array]
    """dC/db^(l) = mean over examples of delta^(l), shaped like ``biases``."""

    def example(self, i: int) -> Backprop:
        """Example i's own numbers, without the example axis (``costs`` keeps its one entry); its
        gradient is its own delta (a^(l-1))^T, not the batch mean."""
        delta = [d[i] for d in self.delta]
        return Backprop(
            z=[z[i] for z in self.z], a=[a[i] for a in self.a],
            slope=[None if s is None else s[i] for s in self.slope],
            delta=delta, grad_a=[g[i] for g in self.grad_a], costs=self.costs[i:i + 1],
            cost=float(self.costs[i]),
            grad_w=[np.outer(d, a[i]) for d, a in zip(delta, self.a)], grad_b=delta,
        )


@dataclass
class Path:
    """One path from hidden neuron j in layer l through neuron i of layer l+1 to the cost."""

    i: int
    """The neuron of layer l+1 the path goes through."""
    weight: float
    """w_ij^(l+1): how strongly a_j^(l) feeds z_i^(l+1)."""
    slope: float | None
    """sigma'(z_i^(l+1)); None through a softmax output (a Jacobian: contribution is weight x delta_i)."""
    error: float
    """dC_0/da_i^(l+1); inf where it exceeds float64, as Breakdown.error."""
    contribution: float
    """weight x slope x error: this path's share of dC_0/da_j^(l)."""


@dataclass
class Breakdown:
    """dC_0/dw_jk^(l) for one example as error x slope x input, with its checks."""

    layer: int
    """l of w_jk^(l), 1..L."""
    j: int
    """Destination neuron, in layer l."""
    k: int
    """Source neuron, in layer l-1."""
    weight: float
    """w_jk^(l)."""
    bias: float
    """b_j^(l)."""
    error: float
    """dC_0/da_j^(l): how much the cost cares about a_j^(l). inf where it exceeds float64
    (cross-entropy with a saturated sigmoid output); the gradient never goes through it."""
    slope: float | None
    """sigma'(z_j^(l)): how responsive neuron j is at its current input. None for a softmax output:
    its slope is the Jacobian da/dz (``jacobian``), and delta_j = bias_gradient is given directly."""
    input: float
    """a_k^(l-1): how active the source neuron was."""
    gradient: float
    """dC_0/dw_jk^(l) = error x slope x input (from backprop)."""
    bias_gradient: float
    """dC_0/db_j^(l) = error x slope."""
    numerical_gradient: float
    """Central difference of C_0 in w_jk^(l)."""
    numerical_bias_gradient: float
    """Central difference of C_0 in b_j^(l)."""
    numerical_note: NumericalNote | None = None
    """Why the weight's central difference disagrees with backprop (numerical_check.py); None if it agrees."""
    numerical_bias_note: NumericalNote | None = None
    """The same for the bias."""
    paths: list[Path] = field(default_factory=list)
    """For a hidden neuron j, one term per neuron of layer l+1; they add up to ``error``."""
    jacobian: bool = False
    """True when layer l is a softmax output: no slope per neuron (``slope`` is None); delta_j is the
    sum over the outputs sum_i error_i da_i/dz_j, which bias_gradient gives."""


def initial_parameters(
    layers: list[int], hidden_activation: str, output_activation: str, seed: int
) -> tuple[list[Array], list[Array]]:
    """Seeded weights scaled for the activation (He for relu, Xavier/Glorot otherwise); zero biases."""
    rng = np.random.default_rng(seed)
    weights, biases = [], []
    last = len(layers) - 1
    for l in range(1, len(layers)):
        fan_in, fan_out = layers[l - 1], layers[l]
        activation = output_activation if l == last else hidden_activation
        if activation == "relu":
            std = np.sqrt(2.0 / fan_in)
        else:
            std = np.sqrt(2.0 / (fan_in + fan_out))
        weights.append(rng.normal(0.0, std, size=(fan_out, fan_in)))
        biases.append(np.zeros(fan_out))
    return weights, biases


class Network:
    """Sizes n_0..n_L, one activation for the hidden layers, one for the output, and a cost."""

    def __init__(
        self,
        layers: list[int],
        hidden_activation: str,
        output_activation: str,
        loss: str,
        weights: list[Array],
        biases: list[Array],
        regularization: str = "none", regularization_rate: float = 0.0,  # regularization.py
    ):
        check_spec(layers, hidden_activation, output_activation, loss)
        reg.check(regularization, regularization_rate)
        self.regularization, self.regularization_rate = regularization, float(regularization_rate)
        self.layers = list(layers)
        self.hidden_activation = hidden_activation
        self.output_activation = output_activation
        self.loss = loss
        self.weights = [np.asarray(w, dtype=float) for w in weights]
        self.biases = [np.asarray(b, dtype=float) for b in biases]
        for l, (w, b) in enumerate(zip(self.weights, self.biases, strict=True), start=1):
            if w.shape != (layers[l], layers[l - 1]) or b.shape != (layers[l],):
                raise NetworkSpecError(
                    f"W^({l}) must have shape {(layers[l], layers[l - 1])} and b^({l}) "
                    f"{(layers[l],)}; got {w.shape} and {b.shape}"
                )

    @classmethod
    def create(
        cls,
        layers: list[int],
        hidden_activation: str = "sigmoid",
        output_activation: str = "sigmoid",
        loss: str = "mse",
        seed: int = 0,
        regularization: str = "none", regularization_rate: float = 0.0,
    ) -> Network:
        check_spec(layers, hidden_activation, output_activation, loss)
        weights, biases = initial_parameters(layers, hidden_activation, output_activation, seed)
        return cls(layers, hidden_activation, output_activation, loss, weights, biases,
                   regularization, regularization_rate)

    def copy(self) -> Network:
        """Its own parameters (writable), the rest shared. Not checked again: this one was (every
        training chunk copies its network, and the checks were a tenth of a small chunk's saving)."""
        twin = object.__new__(Network)
        twin.__dict__.update(self.__dict__)
        twin.layers = list(self.layers)
        twin.weights, twin.biases = [w.copy() for w in self.weights], [b.copy() for b in self.biases]
        return twin

    def with_loss(self, loss: str) -> Network:
        """The same parameters (shared, not copied) judged by another cost."""
        return Network(self.layers, self.hidden_activation, self.output_activation, loss,
                       self.weights, self.biases, self.regularization, self.regularization_rate)

    def penalty(self) -> float:
        """The regularisation penalty on the weights (0 without one): what the total cost adds to C."""
        return reg.penalty(self.regularization, self.regularization_rate, self.weights)

    @property
    def depth(self) -> int:
        """L, the number of weight layers."""
        return len(self.layers) - 1

    def activation(self, l: int) -> Activation:
        """sigma^(l) for layer l in 1..L."""
        return ACTIVATIONS[self.output_activation if l == self.depth else self.hidden_activation]

    @property
    def cost_function(self) -> Cost:
        return COSTS[self.loss]

    # -- forward -------------------------------------------------------------------------------
    def forward(self, x: Array) -> Forward:
        z, a, _ = self._pass(x, slopes=False)
        return Forward(z=z, a=a)

    def _pass(self, x: Array, slopes: bool) -> tuple[list[Array], list[Array], list[Array]]:
        """z^(l), a^(l) and, when asked, sigma'(z^(l)) from the same kernel (Activation.sigma_and_slope)."""
        a = [np.atleast_2d(np.asarray(x, dtype=float))]
        z, slope = [], []
        with np.errstate(over="ignore"):  # see Sigmoid: overflow there reads as the right limit
            for l in range(1, self.depth + 1):
                z.append(a[-1] @ self.weights[l - 1].T + self.biases[l - 1])
                a.append(np.empty_like(z[-1]))
                slope.append(np.empty_like(z[-1]) if slopes and not self.activation(l).jacobian else None)
                self.activation(l).sigma_and_slope(z[-1], a[-1], slope[-1])
        return z, a, slope

    def costs(self, x: Array, y: Array) -> Array:
        """C_0 of each example."""
        fw = self.forward(x)
        return self.cost_function.cost(fw.z[-1], fw.a[-1], np.atleast_2d(y))

    def cost(self, x: Array, y: Array) -> float:
        """C: the mean of C_0 over the examples."""
        return float(np.mean(self.costs(x, y)))

    # -- backward ------------------------------------------------------------------------------
    def backprop(self, x: Array, y: Array) -> Backprop:
        z, a, slope = self._pass(x, slopes=True)
        y = np.atleast_2d(np.asarray(y, dtype=float))
        L, n = self.depth, a[0].shape[0]
        cost = self.cost_function
        delta: list[Array] = [np.empty(0)] * L
        grad_a: list[Array] = [np.empty(0)] * (L + 1)

        grad_a[L] = cost.error(z[-1], a[-1], y)
        delta[L - 1] = cost.delta(z[-1], a[-1], y, grad_a[L], slope[L - 1])
        for l in range(L, 0, -1):
            if l < L:
                delta[l - 1] = grad_a[l] * slope[l - 1]
            # dC_0/da^(l-1) = (W^(l))^T delta^(l): the sum over paths, for every neuron at once.
            grad_a[l - 1] = delta[l - 1] @ self.weights[l - 1]

        costs = cost.cost(z[-1], a[-1], y)
        # Means as sum / n: what np.mean computes, bit for bit, without its 9 us of checks a call
        # (a live frame's backprop of one example made 4 of them).
        return Backprop(
            z=z, a=a, slope=slope, delta=delta, grad_a=grad_a, costs=costs,
            cost=float(np.add.reduce(costs) / n),
            grad_w=[delta[l - 1].T @ a[l - 1] / n for l in range(1, L + 1)],
            grad_b=[np.add.reduce(delta[l - 1], axis=0) / n for l in range(1, L + 1)],
        )

    # -- one weight ----------------------------------------------------------------------------
    def breakdown(self, x: Array, y: Array, layer: int, j: int, k: int) -> Breakdown:
        """The three factors of dC_0/dw_jk^(layer) for one example x, y."""
        self.check_weight_index(layer, j, k)
        bp = self.backprop(np.asarray(x, dtype=float)[None, :], np.asarray(y, dtype=float)[None, :])
        l = layer
        error = float(bp.grad_a[l][0, j])
        paths = []
        if l < self.depth:
            w_next = self.weights[l][:, j]  # w_ij^(l+1) for every i
            for i in range(self.layers[l + 1]):
                # slope x error is delta_i^(l+1); the engine's delta is used so that the terms add
                # up to the error exactly as backprop summed them.
                paths.append(Path(
                    i=i, weight=float(w_next[i]), slope=_at(bp.slope[l], i),
                    error=float(bp.grad_a[l + 1][0, i]),
                    contribution=float(w_next[i] * bp.delta[l][0, i]),
                ))
        gradient, bias_gradient = float(bp.grad_w[l - 1][j, k]), float(bp.grad_b[l - 1][j])
        numerical = self.numerical_gradient(x, y, "weight", l, (j, k))
        numerical_bias = self.numerical_gradient(x, y, "bias", l, (j,))
        return Breakdown(
            layer=l, j=j, k=k,
            weight=float(self.weights[l - 1][j, k]), bias=float(self.biases[l - 1][j]),
            error=error,
            slope=_at(bp.slope[l - 1], j), jacobian=self.activation(l).jacobian,
            input=float(bp.a[l - 1][0, k]),
            gradient=gradient,
            bias_gradient=bias_gradient,
            numerical_gradient=numerical,
            numerical_bias_gradient=numerical_bias,
            numerical_note=explain_check(self, x, y, "weight", l, (j, k), gradient, numerical, NUMERICAL_STEP),
            numerical_bias_note=explain_check(self, x, y, "bias", l, (j,), bias_gradient, numerical_bias,
                                              NUMERICAL_STEP),
            paths=paths,
        )

    def numerical_gradient(
        self, x: Array, y: Array, kind: str, layer: int, index: tuple, h: float = NUMERICAL_STEP, total: bool = False
    ) -> float:
        """(C_0(p + h) - C_0(p - h)) / 2h for one weight (kind "weight") or bias of layer l (``total``: C_0 + penalty).

        It perturbs a copy: the network itself may be read by other threads meanwhile.
        """
        probe = self.copy()
        parameter = (probe.weights if kind == "weight" else probe.biases)[layer - 1]
        saved = parameter[index]
        parameter[index] = saved + h
        up = probe.cost(x, y) + (probe.penalty() if total else 0.0)
        parameter[index] = saved - h
        down = probe.cost(x, y) + (probe.penalty() if total else 0.0)
        return (up - down) / (2.0 * h)

    # -- edits by hand -------------------------------------------------------------------------
    def set_weight(self, layer: int, j: int, k: int, value: float) -> None:
        self.check_weight_index(layer, j, k)
        self.weights[layer - 1][j, k] = value

    def set_bias(self, layer: int, j: int, value: float) -> None:
        self.check_neuron_index(layer, j)
        self.biases[layer - 1][j] = value

    # -- checks --------------------------------------------------------------------------------
    def check_weight_index(self, layer: int, j: int, k: int) -> None:
        self.check_neuron_index(layer, j)
        if not 0 <= k < self.layers[layer - 1]:
            raise IndexOutOfRange(
                f"k must be a neuron of layer {layer - 1}: 0..{self.layers[layer - 1] - 1}, got {k}"
            )

    def check_neuron_index(self, layer: int, j: int) -> None:
        if not 1 <= layer <= self.depth:
            raise IndexOutOfRange(f"layer must be 1..{self.depth} (l of w^(l)), got {layer}")
        if not 0 <= j < self.layers[layer]:
            raise IndexOutOfRange(f"j must be a neuron of layer {layer}: 0..{self.layers[layer] - 1}, got {j}")

    def check_example(self, x: Array, y: Array | None) -> None:
        """One example fits: x = a^(0) has n_0 numbers, y (if given) n_L targets this cost accepts."""
        for name, values, size, what in (("x", x, self.layers[0], "input neuron"),
                                          ("y", y, self.layers[-1], "output neuron")):
            if values is not None and len(values) != size:
                raise ExampleError(f"{name} must have {size} number(s), one per {what}; got {len(values)}")
        if y is not None:
            self.check_targets(y)

    def check_targets(self, y: Array) -> None:
        if self.loss == "cross_entropy" and not np.all((y >= 0) & (y <= 1)):
            raise ExampleError("cross_entropy needs every y in [0, 1]")
        if self.loss == "categorical_cross_entropy" and not targets_are_distributions(y):
            raise ExampleError("categorical_cross_entropy needs y to be probabilities over the classes: every "
                               "y_j >= 0 and their sum 1 (one-hot for a label, e.g. 0, 1, 0)")


def _at(slope: Array | None, j: int) -> float | None:
    """sigma'(z_j) of the one example, or None where the layer's slope is a Jacobian (softmax)."""
    return None if slope is None else float(slope[0, j])

