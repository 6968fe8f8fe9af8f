"""An independent reference for softmax outputs, written from the textbook formulas with autograd.

Nothing here imports the engine, and nothing copies its numerical tricks: softmax is the naive
e^(z_j) / sum_i e^(z_i) and categorical cross-entropy the naive -sum_j y_j ln a_j, and every
derivative (delta, dC_0/da, the Jacobian, the gradients) is autograd's, not a formula. Where the
naive float64 formulas overflow (|z| in the hundreds), ``exact_output`` recomputes the output layer
in 60-digit decimal arithmetic instead.
"""
from dataclasses import dataclass
from decimal import Decimal, localcontext

import autograd.numpy as anp
import numpy as np
from autograd import elementwise_grad, grad, jacobian


def hidden_sigma(name, z):
    if name == "sigmoid":
        return 1.0 / (1.0 + anp.exp(-z))
    if name == "tanh":
        return anp.tanh(z)
    if name == "relu":
        return anp.where(z > 0, z, 0.0)
    if name == "linear":
        return z
    raise ValueError(name)


def softmax(z):
    e = anp.exp(z)
    return e / anp.sum(e)


def cost_of_output(loss, a, y):
    if loss == "mse":
        return anp.sum((a - y) ** 2)
    if loss == "categorical_cross_entropy":
        return -anp.sum(y * anp.log(a))
    raise ValueError(loss)


def _layer(hidden, l, L, z):
    return softmax(z) if l == L else hidden_sigma(hidden, z)


def _from_z(weights, biases, hidden, loss, l, z, y):
    """C_0 as a function of z^(l) alone."""
    L = len(weights)
    a = _layer(hidden, l, L, z)
    for m in range(l + 1, L + 1):
        a = _layer(hidden, m, L, anp.dot(weights[m - 1], a) + biases[m - 1])
    return cost_of_output(loss, a, y)


def _from_a(weights, biases, hidden, loss, l, a, y):
    """C_0 as a function of a^(l) alone."""
    L = len(weights)
    if l == L:
        return cost_of_output(loss, a, y)
    return _from_z(weights, biases, hidden, loss, l + 1, anp.dot(weights[l], a) + biases[l], y)


def _from_params(params, x, y, hidden, loss):
    weights, biases = params[0::2], params[1::2]
    return _from_a(weights, biases, hidden, loss, 0, x, y)


@dataclass
class Example:
    z: list
    a: list
    slope: list
    """sigma'(z^(l)) for hidden layers; None for the softmax output."""
    jacobian: np.ndarray
    """da_i/dz_j of the output, by autograd."""
    delta: list
    grad_a: list
    grad_w: list
    grad_b: list
    cost: float


def example(weights, biases, hidden, loss, x, y):
    weights = [np.asarray(w, dtype=float) for w in weights]
    biases = [np.asarray(b, dtype=float) for b in biases]
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    L = len(weights)
    z, a = [], [x]
    for l in range(1, L + 1):
        z.append(weights[l - 1] @ a[-1] + biases[l - 1])
        a.append(np.asarray(_layer(hidden, l, L, z[-1])))
    params = [p for wb in zip(weights, biases) for p in wb]
    g = grad(_from_params)(params, x, y, hidden, loss)
    return Example(
        z=z, a=a,
        slope=[elementwise_grad(lambda t: hidden_sigma(hidden, t))(z[l - 1]) for l in range(1, L)] + [None],
        jacobian=jacobian(softmax)(z[-1]),
        delta=[grad(lambda t, l=l: _from_z(weights, biases, hidden, loss, l, t, y))(z[l - 1])
               for l in range(1, L + 1)],
        grad_a=[grad(lambda t, l=l: _from_a(weights, biases, hidden, loss, l, t, y))(a[l]) for l in range(L + 1)],
        grad_w=list(g[0::2]), grad_b=list(g[1::2]),
        cost=float(_from_params(params, x, y, hidden, loss)),
    )


def mean_gradients(weights, biases, hidden, loss, X, Y):
    refs = [example(weights, biases, hidden, loss, x, y) for x, y in zip(X, Y)]
    mean = lambda field: [np.mean([getattr(r, field)[i] for r in refs], axis=0) for i in range(len(weights))]
    return mean("grad_w"), mean("grad_b"), float(np.mean([r.cost for r in refs]))


def sgd(weights, biases, hidden, loss, batches, learning_rate):
    """The textbook loop: for each mini-batch (X, Y), w <- w - eta mean dC_0/dw. Returns the
    parameters after the last step and the batch cost before each step."""
    costs = []
    for X, Y in batches:
        grad_w, grad_b, cost = mean_gradients(weights, biases, hidden, loss, X, Y)
        costs.append(cost)
        weights = [w - learning_rate * g for w, g in zip(weights, grad_w)]
        biases = [b - learning_rate * g for b, g in zip(biases, grad_b)]
    return weights, biases, costs


def exact_output(z, y, digits=60):
    """softmax(z), C_0 = -sum y ln a and delta = dC_0/dz = a sum(y) - y for categorical cross-entropy,
    in decimal arithmetic of ``digits`` digits (no overflow or underflow at any float64 z), rounded
    to float64 at the end. delta's formula is the textbook one: d/dz_j of sum_i y_i (ln sum_k
    e^(z_k) - z_i)."""
    with localcontext() as ctx:
        ctx.prec = digits
        zs = [Decimal(float(v)) for v in z]
        ys = [Decimal(float(v)) for v in y]
        # e^(1e300) has no decimal either: every e^(z_i) is divided by e^(max z), which the ratio
        # a_i and the difference ln sum - z_j both cancel.
        top = max(zs)
        e = [(v - top).exp() for v in zs]
        total = sum(e)
        a = [v / total for v in e]
        # ln sum e^(z_i) - z_j = ln(total) + (max z - z_j): z of 1e300 leaves no digits for the sum.
        cost = sum(t * (total.ln() + (top - v)) for t, v in zip(ys, zs) if t != 0)
        y_sum = sum(ys)
        delta = [ai * y_sum - t for ai, t in zip(a, ys)]
        return np.array([float(v) for v in a]), float(cost), np.array([float(v) for v in delta])
