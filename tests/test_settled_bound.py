"""The divergence guard's fast test: bounds from the parameters that prove every example settled.

settled() is asked after every training chunk over the whole data set; bounded() answers it from
the parameters alone. It must never say "settled" where the exact pass over the rows would not.
"""
import numpy as np
import pytest

from app.engine import Network, load_dataset
from app.engine.settled import bounded, settled, settled_exactly

ACTIVATIONS = ["sigmoid", "tanh", "relu", "linear"]


@pytest.mark.parametrize("loss", ["mse", "cross_entropy"])
@pytest.mark.parametrize("hidden", ACTIVATIONS)
def test_the_bound_never_calls_a_network_settled_that_is_not(hidden, loss):
    rng = np.random.default_rng([ACTIVATIONS.index(hidden), loss == "mse"])
    outputs = ["sigmoid"] if loss == "cross_entropy" else ACTIVATIONS
    proven = refused = 0
    for trial in range(300):
        layers = [int(n) for n in rng.integers(1, 6, size=rng.integers(2, 5))]
        net = Network.create(layers, hidden, outputs[trial % len(outputs)], loss, seed=trial)
        # Parameters from ordinary to float64's end (1.8e308), past the point where
        # squaring an output or multiplying delta by a weight overflows.
        exponent = rng.uniform(-1, 300)
        net.weights = [w * 10.0 ** (exponent * rng.uniform(0, 1)) for w in net.weights]
        net.biases = [b + rng.normal(size=b.shape) * 10.0 ** (exponent * rng.uniform(0, 1)) for b in net.biases]
        x = rng.normal(size=(20, layers[0])) * 10.0 ** rng.uniform(-1, 3)
        y = rng.uniform(0, 1, size=(20, layers[-1])) if loss == "cross_entropy" else rng.normal(size=(20, layers[-1]))
        if bounded(net, x, y):
            proven += 1
            assert settled_exactly(net, x, y), (layers, hidden, loss, exponent)
        elif not settled_exactly(net, x, y):
            refused += 1
        assert settled(net, x, y) == settled_exactly(net, x, y)
    print(f"{hidden}/{loss}: {proven} proven by the bound, {refused} unsettled, of 300")
    # Both sides of the line were tried: networks the bound proves, and networks left to the exact
    # pass (unsettled ones among them wherever this activation and cost can overflow at all).
    assert proven > 30 and 300 - proven > 10


@pytest.mark.parametrize("layers,dataset,hidden,loss", [
    ([784, 16, 16, 10], "mnist", "sigmoid", "mse"),
    ([64, 16, 16, 10], "digits", "sigmoid", "cross_entropy"),
    ([2, 16, 16, 1], "spiral", "relu", "cross_entropy"),
    ([1, 8, 1], "sine", "tanh", "mse"),
])
def test_the_presets_are_proven_settled_without_a_pass_over_the_rows(layers, dataset, hidden, loss):
    d = load_dataset(dataset)
    output = "linear" if dataset == "sine" else "sigmoid"
    net = Network.create(layers, hidden, output, loss, seed=1)
    assert bounded(net, d.x, d.y)


def test_a_bias_whose_output_squared_overflows_is_left_to_the_exact_pass():
    net = Network.create([1, 1], "linear", "linear", "mse", seed=1)
    net.biases = [np.array([1e155])]
    x, y = np.zeros((3, 1)), np.zeros((3, 1))
    assert not bounded(net, x, y) and not settled(net, x, y)
    net.biases = [np.array([1e100])]
    assert settled(net, x, y)  # (1e100)^2 / 2h is finite: the exact pass says so where the bound could not


def test_the_largest_input_is_remembered_only_for_arrays_no_one_can_change():
    x = np.ones((4, 2))
    net = Network.create([2, 1], "linear", "linear", "mse", seed=1)
    assert bounded(net, x, np.zeros((4, 1)))
    x[0, 0] = 1e305  # a writable array is measured anew each time
    assert not bounded(net, x, np.zeros((4, 1)))


@pytest.mark.parametrize("loss", ["mse", "cross_entropy"])
@pytest.mark.parametrize("hidden", ACTIVATIONS)
def test_the_level_remembered_for_a_data_set_answers_as_the_bounds_would(hidden, loss, monkeypatch):
    # One data set (read-only arrays, as the server's), networks of one shape whose parameters grow
    # from ordinary to float64's end and shrink again: the remembered level (largest |parameter|
    # against a uniform network known to pass) must say exactly what the bounds themselves say.
    from app.engine import settled as module

    _bounds_below_safe = module._bounds_below_safe
    computed = []
    monkeypatch.setattr(module, "_bounds_below_safe", lambda *args: computed.append(1) or _bounds_below_safe(*args))

    rng = np.random.default_rng([ACTIVATIONS.index(hidden), loss == "mse", 7])
    x = rng.normal(size=(30, 3)) * 10
    y = rng.uniform(0, 1, size=(30, 2))
    x.flags.writeable = y.flags.writeable = False
    output = "sigmoid" if loss == "cross_entropy" else "tanh"
    net = Network.create([3, 5, 4, 2], hidden, output, loss, seed=3)
    base_w, base_b = [w.copy() for w in net.weights], [b.copy() for b in net.biases]
    shortcuts = 0
    for exponent in [*np.linspace(-2, 300, 80), *np.linspace(300, -2, 80)]:
        scale = 10.0 ** (exponent * rng.uniform(0.5, 1))
        net.weights = [w * scale for w in base_w]
        net.biases = [b * scale for b in base_b]
        expected = _bounds_below_safe(net, x, y)
        before = len(computed)
        assert bounded(net, x, y) == expected, exponent
        shortcuts += len(computed) == before  # answered from the level alone
    assert 20 < shortcuts < 160


def test_a_sigmoid_s_half_at_zero_is_in_the_bound():
    # sigmoid(0) is 1/2, not 0: a layer whose z is 0 still sends 1/2 on, here times 1e200, squared.
    net = Network.create([1, 1, 1], "sigmoid", "linear", "mse", seed=1)
    net.weights = [np.zeros((1, 1)), np.full((1, 1), 1e200)]
    net.biases = [np.zeros(1), np.zeros(1)]
    x, y = np.zeros((2, 1)), np.zeros((2, 1))
    assert not settled_exactly(net, x, y)
    assert not bounded(net, x, y) and not settled(net, x, y)


def test_a_nan_parameter_is_not_passed_by_a_remembered_level():
    d = load_dataset("digits")
    net = Network.create([64, 16, 16, 10], "sigmoid", "sigmoid", "mse", seed=1)
    assert bounded(net, d.x, d.y)  # remembers a level for this shape and data set
    net.weights[1][0, 0] = np.nan
    assert not bounded(net, d.x, d.y) and not settled(net, d.x, d.y)
