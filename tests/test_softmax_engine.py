"""Softmax outputs in the engine against the independent reference (tests/softmax_reference.py).

Every forward and backward number of backprop and the breakdown, over several networks and both
costs a softmax output takes (categorical cross-entropy and squared error), then extreme z against
decimal arithmetic, SGD against the textbook loop, the divergence guard's bound, and what is refused.
"""
import numpy as np
import pytest

import reference as R
import softmax_reference as S
from app.engine import Network, load_dataset
from app.engine.errors import ExampleError, NetworkSpecError
from app.engine.evaluation import scores
from app.engine.explain import batch_breakdown
from app.engine.settled import bounded, settled_exactly
from app.engine.training import batch_indices, train

HIDDEN = ["sigmoid", "tanh", "relu", "linear"]
NETWORKS = [[3, 4], [2, 5, 3], [4, 3, 4, 5], [3, 6, 6, 10], [5, 2, 3, 2, 4]]
LOSSES = ["categorical_cross_entropy", "mse"]


def one_hot(rng, n, classes):
    return np.eye(classes)[rng.integers(0, classes, size=n)]


def setup(layers, hidden, loss, seed, n=3, scale=1.0):
    rng = np.random.default_rng(seed)
    net = Network.create(layers, hidden, "softmax", loss, seed=seed)
    net.weights, net.biases = R.random_parameters(rng, layers, scale)
    X = rng.uniform(-2, 2, size=(n, layers[0]))
    # Soft targets too (rows still summing to 1): delta = a - y needs only that.
    Y = one_hot(rng, n, layers[-1]) if seed % 2 else rng.dirichlet(np.ones(layers[-1]), size=n)
    return net, X, Y


@pytest.mark.parametrize("loss", LOSSES)
@pytest.mark.parametrize("hidden", HIDDEN)
@pytest.mark.parametrize("layers", NETWORKS)
def test_backprop_matches_autograd(layers, hidden, loss):
    checked = 0
    for seed in range(3):
        net, X, Y = setup(layers, hidden, loss, seed)
        bp = net.backprop(X, Y)
        refs = [S.example(net.weights, net.biases, hidden, loss, x, y) for x, y in zip(X, Y)]
        for i, ref in enumerate(refs):
            what = f"{layers} {hidden}/{loss} seed {seed} example {i}"
            for field in ("z", "a", "delta", "grad_a"):
                R.assert_lists_close([v[i] for v in getattr(bp, field)], getattr(ref, field), f"{what} {field}")
            R.assert_lists_close([s[i] for s in bp.slope[:-1]], ref.slope[:-1], f"{what} hidden slopes")
            assert bp.slope[-1] is None, "a softmax output has no slope per neuron"
            R.assert_close(bp.costs[i], ref.cost, what=f"{what} cost")
            R.assert_close(np.sum(bp.a[-1][i]), 1.0, what=f"{what} outputs sum to 1")
            # The error x slope split as a sum over the outputs: delta_j = sum_i dC/da_i da_i/dz_j.
            R.assert_close(ref.grad_a[-1] @ ref.jacobian, bp.delta[-1][i], what=f"{what} J^T error")
            if loss == "categorical_cross_entropy":
                R.assert_close(bp.delta[-1][i], bp.a[-1][i] - Y[i], rtol=1e-12, atol=1e-15,
                               what=f"{what} delta = a - y")
            checked += 1
        R.assert_lists_close(bp.grad_w, R.batch_mean(refs, "grad_w"), f"{layers} grad_w")
        R.assert_lists_close(bp.grad_b, R.batch_mean(refs, "grad_b"), f"{layers} grad_b")
    assert checked == 9


@pytest.mark.parametrize("loss", LOSSES)
@pytest.mark.parametrize("layers,hidden", [([2, 3, 3], "tanh"), ([3, 4, 2], "sigmoid"), ([2, 3, 3, 4], "relu")])
def test_breakdown_of_every_weight_matches_autograd(layers, hidden, loss):
    net, X, Y = setup(layers, hidden, loss, seed=7, n=1, scale=1.2)
    x, y = X[0], Y[0]
    ref = S.example(net.weights, net.biases, hidden, loss, x, y)
    L = net.depth
    for l in range(1, L + 1):
        for j in range(layers[l]):
            for k in range(layers[l - 1]):
                bd = net.breakdown(x, y, l, j, k)
                what = f"w_{j}{k}^({l})"
                R.assert_close(bd.error, ref.grad_a[l][j], what=f"{what} error")
                R.assert_close(bd.input, ref.a[l - 1][k], what=f"{what} input")
                R.assert_close(bd.gradient, ref.grad_w[l - 1][j, k], what=f"{what} gradient")
                R.assert_close(bd.bias_gradient, ref.grad_b[l - 1][j], what=f"{what} bias gradient")
                R.assert_close(bd.numerical_gradient, ref.grad_w[l - 1][j, k], rtol=1e-6, atol=1e-8,
                               what=f"{what} central difference")
                assert bd.numerical_note is None and bd.numerical_bias_note is None, what
                if l == L:
                    assert (bd.slope, bd.jacobian, bd.paths) == (None, True, [])
                    # The gradient is delta_j x input, delta_j given as the bias gradient.
                    R.assert_close(bd.gradient, bd.bias_gradient * bd.input, rtol=1e-12, atol=1e-15,
                                   what=f"{what} gradient = delta x input")
                else:
                    assert not bd.jacobian
                    R.assert_close(bd.slope, ref.slope[l - 1][j], what=f"{what} slope")
                    R.assert_close(bd.gradient, bd.error * bd.slope * bd.input, rtol=1e-12, atol=1e-15,
                                   what=f"{what} error x slope x input")
                if l == L - 1:
                    # Paths through the softmax layer: weight x delta_i, with no slope of their own.
                    assert [p.slope for p in bd.paths] == [None] * layers[L]
                    R.assert_close([p.contribution for p in bd.paths],
                                   net.weights[L - 1][:, j] * ref.delta[L - 1], what=f"{what} paths")
                    R.assert_close([p.error for p in bd.paths], ref.grad_a[L], what=f"{what} path errors")
                    R.assert_close(sum(p.contribution for p in bd.paths), bd.error, what=f"{what} paths sum")


@pytest.mark.parametrize("z", [
    [800.0, -800.0, 0.0], [-800.0, -801.0, -799.5], [1e4, 1e4 - 1.0, -1e4],
    [1e300, -1e300, 0.0], [-1e300, -1e300 + 1e285, 3.0], [0.0, 0.0, 0.0], [745.0, -745.0, 1e-300],
])
@pytest.mark.parametrize("label", [0, 1, 2])
def test_extreme_z_stays_finite_and_exact(z, label):
    # One layer, input 1 and zero weights: z is the bias exactly.
    net = Network.create([1, 3], "sigmoid", "softmax", "categorical_cross_entropy", seed=0)
    net.weights, net.biases = [np.zeros((3, 1))], [np.array(z)]
    X, Y = np.ones((1, 1)), np.eye(3)[[label]]
    a, cost, delta = S.exact_output(z, Y[0])
    bp = net.backprop(X, Y)
    assert np.isfinite(bp.a[-1]).all() and np.isfinite(bp.delta[-1]).all()
    R.assert_close(bp.a[-1][0], a, rtol=1e-13, atol=0.0, what=f"softmax at z={z}")
    R.assert_close(bp.delta[-1][0], delta, rtol=1e-13, atol=1e-300, what=f"delta at z={z}")
    R.assert_close(bp.grad_b[0], delta, rtol=1e-13, atol=1e-300, what=f"dC/db at z={z}")
    # C_0 = ln sum e^z - z_label is beyond float64 only where it truly is (2e300 is not).
    R.assert_close(bp.cost, cost, rtol=1e-12, atol=0.0, what=f"cost at z={z}")
    # An output that rounded to 0 under the label has dC/da = -1/a beyond float64: inf, never nan.
    assert not np.isnan(bp.grad_a[-1]).any()


@pytest.mark.parametrize("loss", LOSSES)
@pytest.mark.parametrize("layers,hidden,eta,batch", [([3, 5, 4], "tanh", 0.5, 4), ([2, 4, 4, 3], "relu", 0.2, 3),
                                                       ([4, 3], "sigmoid", 1.0, 10)])
def test_training_steps_equal_the_textbook_loop(layers, hidden, eta, batch, loss):
    net, X, Y = setup(layers, hidden, loss, seed=3, n=10)
    weights, biases = [w.copy() for w in net.weights], [b.copy() for b in net.biases]
    steps, cursor = 6, 4
    result = train(net, X, Y, steps=steps, learning_rate=eta, batch_size=batch, seed=11, cursor=cursor)
    assert (result.steps_done, result.diverged_at) == (steps, None)
    rows = batch_indices(len(X), batch, steps, 11, cursor)
    weights, biases, costs = S.sgd(weights, biases, hidden, loss, [(X[r], Y[r]) for r in rows], eta)
    R.assert_close(result.costs, costs, what="batch cost before each step")
    R.assert_lists_close(net.weights, weights, "weights after training")
    R.assert_lists_close(net.biases, biases, "biases after training")


def test_digits_softmax_learns_and_scores_by_argmax():
    d = load_dataset("digits")
    net = Network.create([64, 16, 16, 10], "sigmoid", "softmax", "categorical_cross_entropy", seed=1)
    before = scores(net, d.task, d.x, d.y)
    result = train(net, d.x, d.y, steps=1500, learning_rate=0.5, batch_size=10, seed=1, cursor=0)
    after = scores(net, d.task, d.x, d.y)
    assert result.diverged_at is None
    out = net.forward(d.x).a[-1]
    assert after.accuracy == pytest.approx(np.mean(out.argmax(1) == d.y.argmax(1)))
    assert after.cost == pytest.approx(np.mean(-np.log(out[d.y == 1])), rel=1e-9)
    assert after.cost < before.cost / 3 and after.accuracy > 0.85 > before.accuracy


def test_batch_breakdown_of_an_output_weight_has_no_slope_factor():
    net, X, Y = setup([3, 4, 3], "tanh", "categorical_cross_entropy", seed=1, n=4)
    bb = batch_breakdown(net, X, Y, 2, 1, 2)
    refs = [S.example(net.weights, net.biases, "tanh", "categorical_cross_entropy", x, y) for x, y in zip(X, Y)]
    assert bb.mean_slope is None and bb.product_of_means is None
    assert [e.slope for e in bb.examples] == [None] * 4
    R.assert_close([e.product for e in bb.examples], [r.grad_w[1][1, 2] for r in refs], what="products")
    R.assert_close(bb.mean_gradient, np.mean([r.grad_w[1][1, 2] for r in refs]), what="mean gradient")


@pytest.mark.parametrize("loss", LOSSES)
def test_the_bound_never_calls_a_softmax_network_settled_that_is_not(loss):
    rng = np.random.default_rng(loss == "mse")
    proven = 0
    for trial in range(200):
        layers = [int(n) for n in rng.integers(1, 6, size=rng.integers(1, 4))] + [int(rng.integers(2, 6))]
        net = Network.create(layers, HIDDEN[trial % 4], "softmax", loss, seed=trial)
        exponent = rng.uniform(-1, 300)
        net.weights = [w * 10.0 ** (exponent * rng.uniform(0, 1)) for w in net.weights]
        net.biases = [b + rng.normal(size=b.shape) * 10.0 ** (exponent * rng.uniform(0, 1)) for b in net.biases]
        x = rng.normal(size=(20, layers[0])) * 10.0 ** rng.uniform(-1, 3)
        y = one_hot(rng, 20, layers[-1])
        if bounded(net, x, y):
            proven += 1
            assert settled_exactly(net, x, y), (layers, loss, exponent)
    assert 30 < proven < 200


def test_the_digits_softmax_preset_is_proven_settled():
    d = load_dataset("digits")
    assert bounded(Network.create([64, 16, 16, 10], "sigmoid", "softmax", "categorical_cross_entropy", 1), d.x, d.y)


@pytest.mark.parametrize("spec,words", [
    (([2, 3, 2], "softmax", "softmax", "categorical_cross_entropy"), "output activation only"),
    (([2, 2], "softmax", "softmax", "mse"), "output activation only"),
    (([2, 3, 1], "tanh", "softmax", "categorical_cross_entropy"), "at least 2 output neurons"),
    (([2, 3, 2], "tanh", "sigmoid", "categorical_cross_entropy"), "defined for a softmax output"),
    (([2, 3, 2], "tanh", "softmax", "cross_entropy"), "defined for a sigmoid output"),
])
def test_what_is_refused(spec, words):
    with pytest.raises(NetworkSpecError, match=words):
        Network.create(*spec)


@pytest.mark.parametrize("y", [[0.5, 0.6, 0.0], [1.2, -0.2, 0.0], [0.0, 0.0, 0.0]])
def test_targets_must_be_probabilities(y):
    net = Network.create([2, 3], "tanh", "softmax", "categorical_cross_entropy", seed=0)
    with pytest.raises(ExampleError, match="sum 1"):
        net.check_example(np.zeros(2), np.array(y))
    net.with_loss("mse").check_example(np.zeros(2), np.array(y))  # squared error takes any target


def test_a_data_set_without_one_class_per_row_is_refused():
    with pytest.raises(NetworkSpecError, match="one class per example"):
        load_dataset("sine").check_fits([1, 1], "categorical_cross_entropy")
    load_dataset("digits").check_fits([64, 10], "categorical_cross_entropy")
