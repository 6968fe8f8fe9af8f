"""The engine against an autograd reference written from docs/NOTATION.md (tests/reference.py).

Random networks of every shape and activation pair; every forward and backward quantity must
agree to 1e-9 relative. Cases where two correct float64 formulas legitimately differ by more
(saturated sigmoid/tanh, a ReLU input within rounding of its kink) are filtered out; the
saturated cross-entropy and the ReLU kink itself have their own tests.
"""
import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from app.engine.network import Network
from app.engine.training import train
import reference as R

REPRODUCIBLE = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.filter_too_much],
)


@st.composite
def network_cases(draw):
    depth = draw(st.integers(1, 4))
    return {
        "layers": draw(st.lists(st.integers(1, 6), min_size=depth + 1, max_size=depth + 1)),
        "seed": draw(st.integers(0, 2**31 - 1)),
        "n": draw(st.integers(1, 4)),
        # None keeps the engine's own initialisation; a number replaces it by ours at that scale.
        "scale": draw(st.sampled_from([None, 0.3, 1.0, 2.0])),
    }


def build(case, hidden, output, loss):
    """A network, a batch and the per-example references, or None when badly conditioned."""
    net = Network.create(
        layers=case["layers"], hidden_activation=hidden, output_activation=output, loss=loss, seed=case["seed"]
    )
    rng = np.random.default_rng(case["seed"])
    if case["scale"] is not None:
        net.weights, net.biases = R.random_parameters(rng, case["layers"], case["scale"])
    X = rng.uniform(-2.0, 2.0, size=(case["n"], case["layers"][0]))
    low = 0.0 if loss == "cross_entropy" or output == "sigmoid" else -1.5
    Y = rng.uniform(low, 1.0, size=(case["n"], case["layers"][-1]))
    if not all(R.well_conditioned(net.weights, net.biases, hidden, output, x) for x in X):
        return None
    refs = [R.example(net.weights, net.biases, hidden, output, loss, x, y) for x, y in zip(X, Y)]
    return net, X, Y, refs


@pytest.mark.parametrize("hidden,output,loss", R.COMBOS)
@REPRODUCIBLE
@given(case=network_cases())
def test_backprop_matches_autograd(case, hidden, output, loss):
    built = build(case, hidden, output, loss)
    assume(built is not None)
    net, X, Y, refs = built
    assert net.layers == case["layers"]

    fw = net.forward(X)
    for i, ref in enumerate(refs):
        R.assert_lists_close([z[i] for z in fw.z], ref.z, f"forward z, example {i}")
        R.assert_lists_close([a[i] for a in fw.a], ref.a, f"forward a, example {i}")
    R.assert_close(net.cost(X, Y), np.mean([r.cost for r in refs]), what="cost (mean over rows)")

    bp = net.backprop(X, Y)
    for field in ("z", "a", "slope", "delta", "grad_a"):
        for i, ref in enumerate(refs):
            R.assert_lists_close([v[i] for v in getattr(bp, field)], getattr(ref, field), f"backprop {field}, example {i}")
    R.assert_close(bp.costs, [r.cost for r in refs], what="backprop costs")
    R.assert_close(bp.cost, np.mean([r.cost for r in refs]), what="backprop cost")
    # NOTATION: a batch gradient is the mean of the per-example gradients.
    R.assert_lists_close(bp.grad_w, R.batch_mean(refs, "grad_w"), "backprop grad_w (batch mean)")
    R.assert_lists_close(bp.grad_b, R.batch_mean(refs, "grad_b"), "backprop grad_b (batch mean)")


@pytest.mark.parametrize("hidden,output,loss", R.COMBOS)
@settings(REPRODUCIBLE, max_examples=10)
@given(case=network_cases(), learning_rate=st.sampled_from([0.01, 0.3, 1.0]))
def test_full_batch_training_steps_follow_the_reference_gradient(case, learning_rate, hidden, output, loss):
    built = build(case, hidden, output, loss)
    assume(built is not None)
    net, X, Y, _ = built
    weights, biases = [w.copy() for w in net.weights], [b.copy() for b in net.biases]
    steps = 3
    result = train(net, X, Y, steps=steps, learning_rate=learning_rate, batch_size=len(X), seed=case["seed"],
                   cursor=0)
    assert (result.steps_done, result.batch_size, result.diverged_at) == (steps, len(X), None)
    # A full batch in any order has the same mean gradient, so each step is w - eta * mean dC/dw.
    weights, biases, expected_costs = R.full_batch_sgd(weights, biases, hidden, output, loss, X, Y,
                                                       learning_rate, steps)
    R.assert_close(result.costs, expected_costs, what="mini-batch cost before each step")
    R.assert_lists_close(net.weights, weights, "weights after training")
    R.assert_lists_close(net.biases, biases, "biases after training")


def test_relu_slope_is_zero_at_the_kink():
    net = Network.create(layers=[1, 2, 1], hidden_activation="relu", output_activation="relu", loss="mse", seed=0)
    # Hidden z = [0, 0] and output z = 0 exactly: NOTATION fixes sigma'(0) = 0 for ReLU.
    net.weights = [np.array([[1.0], [-1.0]]), np.array([[0.5, 0.25]])]
    net.biases = [np.zeros(2), np.zeros(1)]
    X, Y = np.array([[0.0]]), np.array([[1.0]])
    bp = net.backprop(X, Y)
    R.assert_close(bp.z[0][0], [0.0, 0.0], what="hidden z")
    R.assert_close(bp.slope[0][0], [0.0, 0.0], what="hidden slope at z=0")
    R.assert_close(bp.slope[1][0], [0.0], what="output slope at z=0")
    R.assert_close(bp.grad_a[2][0], [-2.0], what="output error 2(a-y)")
    ref = R.example(net.weights, net.biases, "relu", "relu", "mse", X[0], Y[0])
    for field in ("delta", "grad_a"):
        R.assert_lists_close([v[0] for v in getattr(bp, field)], getattr(ref, field), f"relu at kink: {field}")
    for field in ("grad_w", "grad_b"):
        R.assert_lists_close(getattr(bp, field), getattr(ref, field), f"relu at kink: {field}")


@pytest.mark.parametrize("z,y", [(40.0, 0.0), (-40.0, 1.0), (800.0, 0.0), (-800.0, 0.25)])
def test_cross_entropy_is_stable_when_the_sigmoid_saturates(z, y):
    # sigmoid(40) rounds to 1.0, so a naive ln(1-a) or (a-y)/(a(1-a)) is inf or nan.
    net = Network.create(layers=[1, 1], hidden_activation="sigmoid", output_activation="sigmoid",
                         loss="cross_entropy", seed=0)
    net.weights, net.biases = [np.array([[z]])], [np.zeros(1)]
    X, Y = np.array([[1.0]]), np.array([[y]])
    expected_cost = y * np.logaddexp(0.0, -z) + (1 - y) * np.logaddexp(0.0, z)
    expected_delta = 0.5 * (1.0 + np.tanh(z / 2)) - y  # NOTATION: delta^(L) = a - y; tanh cannot overflow
    R.assert_close(net.cost(X, Y), expected_cost, what=f"CE cost at z={z}")
    bp = net.backprop(X, Y)
    R.assert_close(bp.delta[0][0], [expected_delta], what=f"CE delta at z={z}")
    R.assert_close(bp.grad_w[0], [[expected_delta]], what=f"CE grad_w at z={z}")
    R.assert_close(bp.grad_b[0], [expected_delta], what=f"CE grad_b at z={z}")


BREAKDOWN_NETWORKS = [
    ([2, 3, 1], "sigmoid", "sigmoid", "mse"),
    ([3, 4, 3, 2], "tanh", "linear", "mse"),
    ([2, 5, 4, 2], "relu", "sigmoid", "cross_entropy"),
    ([4, 3, 3, 3, 2], "sigmoid", "tanh", "mse"),
    ([1, 6, 1], "relu", "linear", "mse"),
    ([3, 2, 4], "linear", "relu", "mse"),
    ([2, 4, 4, 3], "tanh", "sigmoid", "cross_entropy"),
    ([6, 6, 6, 6, 6], "sigmoid", "sigmoid", "mse"),
]


def breakdown_cases():
    """Well-conditioned random setups for each network above, one example each."""
    for number, (layers, hidden, output, loss) in enumerate(BREAKDOWN_NETWORKS):
        rng = np.random.default_rng(1000 + number)
        while True:
            weights, biases = R.random_parameters(rng, layers, 1.2)
            x = rng.uniform(-2.0, 2.0, size=layers[0])
            y = rng.uniform(0.0, 1.0, size=layers[-1])
            if R.well_conditioned(weights, biases, hidden, output, x, numerical=True):
                break
        ref = R.example(weights, biases, hidden, output, loss, x, y)
        net = Network.create(layers=layers, hidden_activation=hidden, output_activation=output, loss=loss, seed=number)
        net.weights, net.biases = weights, biases
        yield net, x, y, ref, hidden, output


def test_breakdown_of_every_weight_matches_autograd():
    checked = 0
    for net, x, y, ref, hidden, output in breakdown_cases():
        for layer in range(1, len(net.layers)):
            for j in range(net.layers[layer]):
                for k in range(net.layers[layer - 1]):
                    bd = net.breakdown(x, y, layer, j, k)
                    R.check_breakdown(bd, ref, net.weights, net.biases, layer, j, k,
                                    f"{net.layers} {hidden}/{output} w_{j}{k}^({layer})", hidden, output)
                    checked += 1
    assert checked == sum(
        sum(a * b for a, b in zip(layers[:-1], layers[1:])) for layers, *_ in BREAKDOWN_NETWORKS
    )
