"""Regularisation in the engine against an independent autograd reference (tests/reference.py).

The reference writes the total cost from docs/NOTATION.md and the issue's definition, with no
engine code: C = mean_x C_0(x) + lambda sum_w |w| (L1) or + lambda sum_w w^2 (L2), biases not
regularised, and lets autograd differentiate it. autograd's |w| has derivative 0 at w = 0, the
convention the engine states (sign(0) = 0).
"""
import autograd.numpy as anp
import numpy as np
import pytest
from autograd import grad

from app.engine import regularization as regularization_module
from app.engine.errors import NetworkSpecError
from app.engine.evaluation import scores
from app.engine.explain import regularized_gradient, update_preview
from app.engine.network import Network
from app.engine.settled import settled
from app.engine.training import train
import reference as R

CASES = [  # layers, hidden, output, loss, kind, rate
    ([2, 3, 1], "sigmoid", "sigmoid", "mse", "l2", 0.1),
    ([2, 3, 1], "sigmoid", "sigmoid", "mse", "l1", 0.05),
    ([3, 4, 3, 2], "tanh", "sigmoid", "cross_entropy", "l2", 0.3),
    ([3, 4, 3, 2], "tanh", "linear", "mse", "l1", 0.01),
    ([2, 5, 2], "relu", "sigmoid", "mse", "l2", 3.0),
    ([1, 1, 1, 1], "sigmoid", "sigmoid", "mse", "l1", 1.0),
]


def ref_penalty(kind, rate, weights):
    if kind == "l1":
        return rate * sum(anp.sum(anp.abs(w)) for w in weights)
    return rate * sum(anp.sum(w * w) for w in weights)


def ref_total(params, X, Y, acts, loss, kind, rate):
    """mean_x C_0(x) + penalty on the weights (params = [W1, b1, W2, b2, ...])."""
    data = sum(R.cost_of_params(params, x, y, acts, loss) for x, y in zip(X, Y)) / len(X)
    return data + ref_penalty(kind, rate, params[0::2])


def ref_gradients(weights, biases, X, Y, hidden, output, loss, kind, rate):
    acts = R.activations(hidden, output, len(weights))
    params = [np.asarray(p, dtype=float) for wb in zip(weights, biases) for p in wb]
    g = grad(ref_total)(params, np.asarray(X, float), np.asarray(Y, float), acts, loss, kind, rate)
    return list(g[0::2]), list(g[1::2]), float(ref_total(params, X, Y, acts, loss, kind, rate))


def make(case, seed=3, n=6):
    layers, hidden, output, loss, kind, rate = case
    net = Network.create(layers, hidden, output, loss, seed=seed, regularization=kind, regularization_rate=rate)
    rng = np.random.default_rng(seed)
    net.weights, net.biases = R.random_parameters(rng, layers, 1.0)
    X = rng.uniform(-2, 2, size=(n, layers[0]))
    Y = rng.uniform(0, 1, size=(n, layers[-1]))
    return net, X, Y


@pytest.mark.parametrize("case", CASES)
def test_every_weight_total_gradient_matches_autograd(case):
    net, X, Y = make(case)
    _, hidden, output, loss, kind, rate = case
    for x, y in zip(X, Y):
        ref_w, ref_b, _ = ref_gradients(net.weights, net.biases, [x], [y], hidden, output, loss, kind, rate)
        data = R.example(net.weights, net.biases, hidden, output, loss, x, y)
        for l in range(1, net.depth + 1):
            for j in range(net.layers[l]):
                for k in range(net.layers[l - 1]):
                    bd = net.breakdown(x, y, l, j, k)
                    total = regularized_gradient(net, x, y, l, j, k, bd.gradient, bd.numerical_gradient,
                                                 bd.numerical_note)
                    what = f"{kind} w^({l})_{j}{k}"
                    # The data term is unchanged by regularisation: it is still error x slope x input.
                    R.assert_close(bd.gradient, data.grad_w[l - 1][j][k], what=f"{what} data gradient")
                    R.assert_close(total.total_gradient, ref_w[l - 1][j][k], what=f"{what} total vs autograd")
                    R.assert_close(total.total_gradient, bd.gradient + total.regularization_term, rtol=1e-15,
                                   atol=0, what=f"{what} total = data + term")
                    R.assert_close(total.numerical_total_gradient, ref_w[l - 1][j][k], rtol=1e-6, atol=1e-8,
                                   what=f"{what} central difference of the total")
                    # Agreement, or a disagreement within the difference's own round-off.
                    assert total.numerical_total_note is None or total.numerical_total_note.case == "round_off"
                # Biases are not regularised: their total gradient is the data gradient.
                R.assert_close(bd.bias_gradient, ref_b[l - 1][j], what=f"{kind} b^({l})_{j} not regularised")


def test_regularization_term_values_and_sign_zero_convention():
    w = np.array([-2.0, -0.0, 0.0, 0.5, 3.0])
    assert regularization_module.term("l1", 0.1, w).tolist() == [-0.1, 0.0, 0.0, 0.1, 0.1]
    assert regularization_module.term("l2", 0.1, w).tolist() == [-0.4, 0.0, 0.0, 0.1, 0.6000000000000001]
    assert regularization_module.term("none", 0.1, w).tolist() == [0.0] * 5
    # With L1, a weight at exactly 0 gets no push from the penalty: its total gradient is its data term.
    net, X, Y = make(CASES[1])
    net.weights[0][1, 0] = 0.0
    bd = net.breakdown(X[0], Y[0], 1, 1, 0)
    total = regularized_gradient(net, X[0], Y[0], 1, 1, 0, bd.gradient, bd.numerical_gradient, bd.numerical_note)
    assert total.regularization_term == 0.0 and total.total_gradient == bd.gradient
    ref_w, _, _ = ref_gradients(net.weights, net.biases, X[:1], Y[:1], "sigmoid", "sigmoid", "mse", "l1", 0.05)
    R.assert_close(total.total_gradient, ref_w[0][1][0], what="autograd's |w|' at 0 is 0 too")


def test_penalty_and_reported_costs_include_it():
    net, X, Y = make(CASES[2])
    _, hidden, output, loss, kind, rate = CASES[2]
    expected = rate * sum(float(np.sum(w ** 2)) for w in net.weights)
    R.assert_close(net.penalty(), expected, rtol=1e-14, what="L2 penalty")
    _, _, ref_cost = ref_gradients(net.weights, net.biases, X, Y, hidden, output, loss, kind, rate)
    R.assert_close(scores(net, "regression", X, Y).cost, ref_cost, what="data set cost = mean C_0 + penalty")
    R.assert_close(net.cost(X, Y), ref_cost - expected, what="Network.cost stays the data term")


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("steps", [1, 7])
def test_full_batch_sgd_matches_textbook_loop(case, steps):
    net, X, Y = make(case)
    _, hidden, output, loss, kind, rate = case
    eta = 0.2
    weights, biases, costs = [w.copy() for w in net.weights], [b.copy() for b in net.biases], []
    for _ in range(steps):  # w <- w - eta dC/dw with C the total cost, b <- b - eta dC/db
        gw, gb, c = ref_gradients(weights, biases, X, Y, hidden, output, loss, kind, rate)
        costs.append(c)
        weights = [w - eta * g for w, g in zip(weights, gw)]
        biases = [b - eta * g for b, g in zip(biases, gb)]
    result = train(net, X, Y, steps, eta, len(X), seed=5, cursor=0)
    assert result.steps_done == steps and result.diverged_at is None
    R.assert_close(result.costs, costs, what="cost before each step (data + penalty)")
    R.assert_lists_close(net.weights, weights, "weights after SGD")
    R.assert_lists_close(net.biases, biases, "biases after SGD")


def test_mini_batches_follow_the_documented_stream():
    """Batch size 2 of 6 rows: epoch e is default_rng([seed, e]).permutation(6) (docs/NOTATION.md)."""
    case = CASES[0]
    net, X, Y = make(case)
    _, hidden, output, loss, kind, rate = case
    seed, eta, steps = 11, 0.5, 5
    stream = np.concatenate([np.random.default_rng([seed, e]).permutation(6) for e in range(2)])
    weights, biases = [w.copy() for w in net.weights], [b.copy() for b in net.biases]
    for s in range(steps):
        rows = stream[2 * s:2 * s + 2]
        gw, gb, _ = ref_gradients(weights, biases, X[rows], Y[rows], hidden, output, loss, kind, rate)
        weights = [w - eta * g for w, g in zip(weights, gw)]
        biases = [b - eta * g for b, g in zip(biases, gb)]
    train(net, X, Y, steps, eta, 2, seed=seed, cursor=0)
    R.assert_lists_close(net.weights, weights, "weights after mini-batch SGD")
    R.assert_lists_close(net.biases, biases, "biases after mini-batch SGD")


def test_l2_shrinks_weights_that_the_data_does_not_need():
    """With a zero data term (the targets are the network's own outputs), an L2 step multiplies
    every weight by 1 - 2 eta lambda: weight decay."""
    net = Network.create([2, 2], "linear", "linear", "mse", seed=1, regularization="l2", regularization_rate=0.25)
    X = np.array([[0.3, -0.7]])
    Y = net.forward(X).a[-1].copy()
    before = [w.copy() for w in net.weights]
    train(net, X, Y, 1, 0.4, 1, seed=0, cursor=0)
    R.assert_close(net.weights[0], before[0] * (1 - 2 * 0.4 * 0.25), rtol=1e-12, what="pure decay")


@pytest.mark.parametrize("kind", ["l1", "l2"])
def test_update_preview_uses_the_total_gradient(kind):
    case = ([2, 3, 2], "sigmoid", "sigmoid", "mse", kind, 0.2)
    net, X, Y = make(case)
    x, y, eta = X[0], Y[0], 0.7
    ref_w, ref_b, ref_cost = ref_gradients(net.weights, net.biases, [x], [y], "sigmoid", "sigmoid", "mse", kind, 0.2)
    up = update_preview(net, x, y, 2, 1, 0, eta)
    R.assert_close(up.total_gradient, ref_w[1][1][0], what="preview total gradient")
    R.assert_close(up.delta_w, -eta * ref_w[1][1][0], what="delta_w = -eta total")
    R.assert_close(up.cost_before, ref_cost, what="preview cost before (C_0 + penalty)")
    acts = R.activations("sigmoid", "sigmoid", 2)
    after = [p - eta * g for p, g in zip([p for wb in zip(net.weights, net.biases) for p in wb],
                                         [g for wb in zip(ref_w, ref_b) for g in wb])]
    R.assert_close(up.cost_after_all, ref_total(after, [x], [y], acts, "mse", kind, 0.2),
                   what="preview cost after a full step")


def test_none_changes_nothing():
    plain = Network.create([2, 3, 1], seed=4)
    off = Network.create([2, 3, 1], seed=4, regularization="none", regularization_rate=5.0)
    X = np.random.default_rng(0).normal(size=(5, 2))
    Y = (X[:, :1] > 0) * 1.0
    a, b = train(plain, X, Y, 9, 0.5, 2, 1, 0), train(off, X, Y, 9, 0.5, 2, 1, 0)
    assert a.costs == b.costs and off.penalty() == 0.0
    for w1, w2 in zip(plain.weights, off.weights):
        assert np.array_equal(w1, w2)


def test_bad_spec_is_refused():
    with pytest.raises(NetworkSpecError, match="regularization must be one of none, l1, l2"):
        Network.create([2, 1], regularization="l3")
    with pytest.raises(NetworkSpecError, match="regularization_rate"):
        Network.create([2, 1], regularization="l2", regularization_rate=-1.0)


def test_divergence_guard_holds_with_a_penalty():
    """eta x lambda so large that each L2 step multiplies the weights by 1 - 2 eta lambda = -1999:
    training stops before any number leaves float64, and the kept network is settled."""
    net = Network.create([2, 3, 1], seed=2, regularization="l2", regularization_rate=10.0)
    X = np.random.default_rng(1).normal(size=(8, 2))
    Y = (X[:, :1] > 0) * 1.0
    result = train(net, X, Y, 500, 100.0, 8, seed=0, cursor=0)
    assert result.diverged_at is not None and result.steps_done < 500
    assert all(np.isfinite(w).all() for w in net.weights)
    assert np.isfinite(net.penalty()) and settled(net, X, Y)
    assert np.isfinite(result.costs).all()


def test_an_l1_weight_within_h_of_zero_is_explained_not_failed():
    """0 < |w| < h: the central difference of lambda |w| is lambda w / h, backprop's lambda sign(w)."""
    net, X, Y = make(CASES[1])
    rate, h, w = CASES[1][5], 1e-5, 3e-6
    net.weights[1][0, 2] = w
    bd = net.breakdown(X[0], Y[0], 2, 0, 2)
    total = regularized_gradient(net, X[0], Y[0], 2, 0, 2, bd.gradient, bd.numerical_gradient, bd.numerical_note)
    assert total.regularization_term == rate
    R.assert_close(total.numerical_total_gradient, bd.numerical_gradient + rate * w / h, rtol=1e-6,
                   what="the central difference averages the corner")
    note = total.numerical_total_note
    assert note is not None and note.case == "l1_corner" and "corner" in note.text
    assert bd.numerical_note is None  # the data term alone has no corner
    # At w = 0 exactly, both sides give 0 for the penalty: they agree.
    net.weights[1][0, 2] = 0.0
    bd = net.breakdown(X[0], Y[0], 2, 0, 2)
    total = regularized_gradient(net, X[0], Y[0], 2, 0, 2, bd.gradient, bd.numerical_gradient, bd.numerical_note)
    assert total.numerical_total_note is None
