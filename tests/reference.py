"""An independent reference for Backprop Lab's math, written from docs/NOTATION.md with autograd.

Nothing here imports the engine: every number is either the NOTATION forward pass or an
autograd derivative of the cost, so a shared mistake in the backward formulas cannot hide.
Parameters are plain lists of float64 arrays, `weights[l-1]` = W^(l) of shape (n_l, n_(l-1)).
"""
from dataclasses import dataclass

import autograd.numpy as anp
import numpy as np
from autograd import elementwise_grad, grad

ACTIVATIONS = ("sigmoid", "tanh", "relu", "linear")
#: Every (hidden, output, loss) the API accepts: cross-entropy only with a sigmoid output.
COMBOS = [(h, o, "mse") for h in ACTIVATIONS for o in ACTIVATIONS] + [
    (h, "sigmoid", "cross_entropy") for h in ACTIVATIONS
]


def sigma(name, z):
    if name == "sigmoid":
        return 1.0 / (1.0 + anp.exp(-z))
    if name == "tanh":
        return anp.tanh(z)
    if name == "relu":
        # where, not maximum: autograd splits maximum's gradient at a tie, NOTATION says 0 at z = 0.
        return anp.where(z > 0, z, 0.0)
    if name == "linear":
        return z
    raise ValueError(name)


def slope(name, z):
    """sigma'(z), by differentiating sigma itself rather than copying NOTATION's table."""
    return elementwise_grad(lambda t: sigma(name, t))(np.asarray(z, dtype=float))


def activations(hidden, output, depth):
    return [hidden] * (depth - 1) + [output]


def _cost_of_output(loss, a_out, y):
    if loss == "mse":
        return anp.sum((a_out - y) ** 2)
    return -anp.sum(y * anp.log(a_out) + (1.0 - y) * anp.log(1.0 - a_out))


def _cost_of_output_z(loss, act, z_out, y):
    if loss == "cross_entropy":
        # -ln sigmoid(z) = logaddexp(0, -z) and -ln(1 - sigmoid(z)) = logaddexp(0, z): no log of 0.
        return anp.sum(y * anp.logaddexp(0.0, -z_out) + (1.0 - y) * anp.logaddexp(0.0, z_out))
    return _cost_of_output(loss, sigma(act, z_out), y)


def _cost_from_z(weights, biases, acts, loss, l, z_l, y):
    """C_0 as a function of z^(l) (l = 1..L), running the forward pass on from there."""
    L = len(weights)
    if l == L:
        return _cost_of_output_z(loss, acts[L - 1], z_l, y)
    a = sigma(acts[l - 1], z_l)
    return _cost_from_z(weights, biases, acts, loss, l + 1, anp.dot(weights[l], a) + biases[l], y)


def _cost_from_a(weights, biases, acts, loss, l, a_l, y):
    """C_0 as a function of a^(l) (l = 0..L)."""
    L = len(weights)
    if l == L:
        return _cost_of_output(loss, a_l, y)
    return _cost_from_z(weights, biases, acts, loss, l + 1, anp.dot(weights[l], a_l) + biases[l], y)


def cost_of_params(params, x, y, acts, loss):
    """C_0 of one example as a function of all parameters: params = [W1, b1, W2, b2, ...]."""
    weights, biases = params[0::2], params[1::2]
    return _cost_from_a(weights, biases, acts, loss, 0, x, y)


def mean_cost(weights, biases, hidden, output, loss, X, Y):
    """C over the rows of X, Y: the mean of C_0 (no derivatives, so cheap over a whole data set)."""
    acts = activations(hidden, output, len(weights))
    params = [np.asarray(p, dtype=float) for wb in zip(weights, biases) for p in wb]
    return float(np.mean([cost_of_params(params, np.asarray(x, dtype=float), np.asarray(y, dtype=float), acts, loss)
                          for x, y in zip(X, Y)]))


@dataclass
class Example:
    """Every per-example quantity of /backprop, indexed like the JSON (z, slope, delta by l-1; a, grad_a by l)."""

    z: list
    a: list
    slope: list
    delta: list
    grad_a: list
    grad_w: list
    grad_b: list
    cost: float


def forward(weights, biases, hidden, output, x):
    """z^(1..L) and a^(0..L) of one example, straight from NOTATION's forward pass."""
    acts = activations(hidden, output, len(weights))
    a, z = [np.asarray(x, dtype=float)], []
    for l, (w, b) in enumerate(zip(weights, biases), start=1):
        z.append(np.asarray(w, dtype=float) @ a[-1] + np.asarray(b, dtype=float))
        a.append(sigma(acts[l - 1], z[-1]))
    return z, a


def example(weights, biases, hidden, output, loss, x, y):
    weights = [np.asarray(w, dtype=float) for w in weights]
    biases = [np.asarray(b, dtype=float) for b in biases]
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    L = len(weights)
    acts = activations(hidden, output, L)
    z, a = forward(weights, biases, hidden, output, x)
    params = [p for wb in zip(weights, biases) for p in wb]
    g = grad(cost_of_params)(params, x, y, acts, loss)
    delta = [
        grad(lambda t, l=l: _cost_from_z(weights, biases, acts, loss, l, t, y))(z[l - 1])
        for l in range(1, L + 1)
    ]
    grad_a = [
        grad(lambda t, l=l: _cost_from_a(weights, biases, acts, loss, l, t, y))(a[l])
        for l in range(0, L + 1)
    ]
    return Example(
        z=z,
        a=a,
        slope=[slope(acts[l - 1], z[l - 1]) for l in range(1, L + 1)],
        delta=delta,
        grad_a=grad_a,
        grad_w=list(g[0::2]),
        grad_b=list(g[1::2]),
        cost=float(cost_of_params(params, x, y, acts, loss)),
    )


def mean_gradients(weights, biases, hidden, output, loss, X, Y):
    """(dC/dW, dC/db, C) for C the mean cost over the rows of X, Y: what one SGD step follows."""
    acts = activations(hidden, output, len(weights))
    params = [np.asarray(p, dtype=float) for wb in zip(weights, biases) for p in wb]
    X, Y = np.asarray(X, dtype=float), np.asarray(Y, dtype=float)

    def mean_cost(params):
        return sum(cost_of_params(params, x, y, acts, loss) for x, y in zip(X, Y)) / len(X)

    g = grad(mean_cost)(params)
    return list(g[0::2]), list(g[1::2]), float(mean_cost(params))


def full_batch_sgd(weights, biases, hidden, output, loss, X, Y, learning_rate, steps):
    """NOTATION's training step repeated on the whole batch: (weights, biases, cost before each step)."""
    costs = []
    for _ in range(steps):
        grad_w, grad_b, cost = mean_gradients(weights, biases, hidden, output, loss, X, Y)
        costs.append(cost)
        weights = [w - learning_rate * g for w, g in zip(weights, grad_w)]
        biases = [b - learning_rate * g for b, g in zip(biases, grad_b)]
    return weights, biases, costs


def batch_mean(examples, field):
    """The mean over examples of a per-layer list field (NOTATION: every batch gradient is a mean)."""
    return [np.mean([getattr(e, field)[i] for e in examples], axis=0) for i in range(len(getattr(examples[0], field)))]


def random_parameters(rng, layers, scale):
    weights = [rng.normal(0.0, scale / np.sqrt(m), size=(n, m)) for m, n in zip(layers[:-1], layers[1:])]
    biases = [rng.normal(0.0, scale / 2, size=n) for n in layers[1:]]
    return weights, biases


def well_conditioned(weights, biases, hidden, output, x, max_abs_z=6.0, relu_margin=1e-9, numerical=False):
    """True when a 1e-9 comparison at x is meaningful: no saturated sigmoid/tanh (where 1 - sigma
    cancels and two correct formulas differ past 1e-9) and no ReLU input so near its kink that
    rounding could put it on either side. An exact 0 (a dead neuron feeding a zero bias) is fine
    for backprop, which both sides take as sigma'(0) = 0, but not for a central difference
    (numerical=True), which straddles the kink."""
    z, _ = forward(weights, biases, hidden, output, x)
    margin = 1e-3 if numerical else relu_margin
    for act, z_l in zip(activations(hidden, output, len(z)), z):
        if act in ("sigmoid", "tanh") and np.max(np.abs(z_l)) > max_abs_z:
            return False
        near = np.abs(z_l) < margin
        if act == "relu" and (near & ((z_l != 0) | numerical)).any():
            return False
    return True


class Worst:
    """The worst relative error seen per tolerance, for reporting how tight the agreement is."""

    by_rtol: dict = {}
    compared = 0


def assert_close(got, expected, rtol=1e-9, atol=1e-12, what=""):
    got = np.asarray(got, dtype=float)
    expected = np.asarray(expected, dtype=float)
    assert got.shape == expected.shape, f"{what}: shape {got.shape} != expected {expected.shape}"
    diff = np.abs(got - expected)
    bad = ~(diff <= atol + rtol * np.abs(expected))
    Worst.compared += expected.size
    if expected.size:
        rel = float(np.max(diff / np.maximum(np.abs(expected), atol / rtol)))
        Worst.by_rtol[rtol] = max(Worst.by_rtol.get(rtol, 0.0), rel)
    assert not bad.any(), (
        f"{what}: engine {got[bad].tolist()} != reference {expected[bad].tolist()} "
        f"(max abs diff {float(diff.max()):.3e}, rtol {rtol}, atol {atol})"
    )


def assert_lists_close(got, expected, what, **tol):
    assert len(got) == len(expected), f"{what}: {len(got)} layers != expected {len(expected)}"
    for i, (g, e) in enumerate(zip(got, expected)):
        assert_close(g, e, what=f"{what}[{i}]", **tol)


def check_breakdown(bd, ref, weights, biases, layer, j, k, what, hidden, output):
    """Every /breakdown field of w_jk^(l) against the reference; shared by the engine and API tests."""
    L = len(weights)
    acts = activations(hidden, output, L)
    field = (lambda name: bd[name]) if isinstance(bd, dict) else (lambda name: getattr(bd, name))
    assert_close(field("weight"), weights[layer - 1][j][k], what=f"{what} weight")
    assert_close(field("bias"), biases[layer - 1][j], what=f"{what} bias")
    assert_close(field("error"), ref.grad_a[layer][j], what=f"{what} error = dC/da_j")
    assert_close(field("slope"), ref.slope[layer - 1][j], what=f"{what} slope")
    assert_close(field("input"), ref.a[layer - 1][k], what=f"{what} input")
    assert_close(field("gradient"), ref.grad_w[layer - 1][j][k], what=f"{what} gradient vs autograd")
    assert_close(field("bias_gradient"), ref.grad_b[layer - 1][j], what=f"{what} bias_gradient vs autograd")
    # The product the page shows must be exactly the product of the three factors it shows.
    assert_close(field("gradient"), field("error") * field("slope") * field("input"), rtol=1e-12, atol=1e-15,
                   what=f"{what} gradient = error*slope*input")
    assert_close(field("bias_gradient"), field("error") * field("slope"), rtol=1e-12, atol=1e-15,
                   what=f"{what} bias_gradient = error*slope")
    # A central difference with h ~ 1e-5 carries ~1e-10 truncation and roundoff: 1e-6 relative.
    assert_close(field("numerical_gradient"), ref.grad_w[layer - 1][j][k], rtol=1e-6, atol=1e-8,
                   what=f"{what} numerical_gradient")
    assert_close(field("numerical_bias_gradient"), ref.grad_b[layer - 1][j], rtol=1e-6, atol=1e-8,
                   what=f"{what} numerical_bias_gradient")
    paths = field("paths")
    if layer == L:
        assert list(paths) == [], f"{what}: an output neuron has no paths, got {paths}"
        return
    path = (lambda p, name: p[name]) if paths and isinstance(paths[0], dict) else getattr
    assert [path(p, "i") for p in paths] == list(range(len(weights[layer]))), f"{what}: one path per neuron of layer {layer + 1}"
    for p in paths:
        i = path(p, "i")
        assert_close(path(p, "weight"), weights[layer][i][j], what=f"{what} path {i} weight w_ij^(l+1)")
        assert_close(path(p, "slope"), slope(acts[layer], ref.z[layer][i]), what=f"{what} path {i} slope")
        assert_close(path(p, "error"), ref.grad_a[layer + 1][i], what=f"{what} path {i} error")
        assert_close(path(p, "contribution"), path(p, "weight") * path(p, "slope") * path(p, "error"),
                       rtol=1e-12, atol=1e-15, what=f"{what} path {i} contribution = product")
    contributions = [path(p, "contribution") for p in paths]
    # Summation order may differ from the engine's, so the floor scales with the terms' size.
    assert_close(sum(contributions), field("error"), rtol=1e-12,
                   atol=1e-14 * max(1e-3, sum(abs(c) for c in contributions)),
                   what=f"{what} sum of path contributions = error")
