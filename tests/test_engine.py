"""Engine behaviour beyond the gradient formulas (those are checked against autograd elsewhere)."""
import numpy as np
import pytest

from app.engine import ACTIVATIONS, COSTS, Network, load_dataset, train
from app.engine.datasets import NAMES
from app.engine.training import batch_indices


@pytest.mark.parametrize("name", NAMES)
def test_datasets_are_fixed_and_read_only(name):
    d = load_dataset(name)
    assert d.x.shape == (d.size, d.inputs) and d.y.shape == (d.size, d.outputs)
    assert np.isfinite(d.x).all() and np.isfinite(d.y).all()
    with pytest.raises(ValueError):
        d.x[0, 0] = 1.0
    if d.task == "classification":
        assert set(np.unique(d.y)) == {0.0, 1.0}


def test_xor_labels_one_where_exactly_one_input_is_positive():
    d = load_dataset("xor")
    exclusive_or = (d.x[:, 0] > 0) != (d.x[:, 1] > 0)
    assert np.array_equal(d.y[:, 0] == 1.0, exclusive_or)
    assert exclusive_or.any() and not exclusive_or.all()


def test_generated_datasets_are_balanced():
    for name in ("xor", "circle", "gaussians", "spiral"):
        assert load_dataset(name).y.mean() == pytest.approx(0.5, abs=0.1), name


def test_initialisation_is_seeded_and_scaled():
    a = Network.create([64, 128, 10], "relu", "sigmoid", seed=5)
    b = Network.create([64, 128, 10], "relu", "sigmoid", seed=5)
    c = Network.create([64, 128, 10], "relu", "sigmoid", seed=6)
    assert all(np.array_equal(x, y) for x, y in zip(a.weights, b.weights))
    assert not np.array_equal(a.weights[0], c.weights[0])
    # He for relu layers (var 2/fan_in), Xavier for the sigmoid output (var 2/(fan_in+fan_out)).
    assert a.weights[0].std() == pytest.approx(np.sqrt(2 / 64), rel=0.05)
    assert a.weights[1].std() == pytest.approx(np.sqrt(2 / 138), rel=0.15)


def test_slopes_match_notation_table():
    z = np.array([-800.0, -30.0, -1.0, 0.0, 0.5, 30.0, 800.0])
    with np.errstate(over="ignore"):
        s = 1 / (1 + np.exp(-z))
    # e^-800 is below the smallest float64: the exact sigmoid(-800) rounds to 0 too.
    assert np.allclose(ACTIVATIONS["sigmoid"].sigma(z), s, rtol=1e-15, atol=0)
    assert np.allclose(ACTIVATIONS["sigmoid"].slope(z)[1:-1], (s * (1 - s))[1:-1], rtol=1e-12)
    assert np.array_equal(ACTIVATIONS["relu"].slope(z), (z > 0).astype(float))
    assert ACTIVATIONS["relu"].slope(np.array([0.0]))[0] == 0.0
    assert np.allclose(ACTIVATIONS["tanh"].slope(z), 1 - np.tanh(z) ** 2)
    assert np.array_equal(ACTIVATIONS["linear"].slope(z), np.ones_like(z))


def test_cross_entropy_is_stable_where_the_naive_formula_fails():
    z = np.array([[40.0], [-40.0]])
    a = ACTIVATIONS["sigmoid"].sigma(z)
    y = np.array([[0.0], [1.0]])
    # Naively ln(1 - a) = ln(0) here; the exact cost is softplus(40) ~ 40.
    assert np.allclose(COSTS["cross_entropy"].cost(z, a, y), [40.0, 40.0], rtol=1e-12)


def test_batch_stream_does_not_depend_on_how_training_is_split():
    whole = batch_indices(10, 3, 7, seed=1, cursor=0)
    parts = np.concatenate([batch_indices(10, 3, 2, seed=1, cursor=0), batch_indices(10, 3, 5, seed=1, cursor=6)])
    assert np.array_equal(whole, parts)
    # Each epoch visits every example once.
    assert sorted(whole.ravel()[:10]) == list(range(10))


def test_full_batch_step_is_the_mean_gradient_step():
    d = load_dataset("gaussians")
    net = Network.create([2, 4, 1], "tanh", "sigmoid", "cross_entropy", seed=2)
    expected = [w - 0.3 * g for w, g in zip(net.weights, net.backprop(d.x, d.y).grad_w)]
    result = train(net, d.x, d.y, steps=1, learning_rate=0.3, batch_size=10_000, seed=0, cursor=0)
    assert result.batch_size == d.size and result.diverged_at is None
    for w, e in zip(net.weights, expected):
        assert np.allclose(w, e, rtol=1e-12, atol=1e-15)


def test_divergence_replays_to_the_last_finite_step():
    d = load_dataset("sine")
    net = Network.create([1, 8, 1], "linear", "linear", seed=1)
    start = net.copy()
    result = train(net, d.x, d.y, steps=400, learning_rate=50.0, batch_size=20, seed=3, cursor=0)
    assert result.diverged_at is not None and result.steps_done == result.diverged_at - 1
    assert all(np.isfinite(w).all() for w in net.weights)
    # The kept parameters are exactly those after steps_done steps of an undisturbed run.
    train(start, d.x, d.y, steps=result.steps_done, learning_rate=50.0, batch_size=20, seed=3, cursor=0)
    assert all(np.array_equal(w, v) for w, v in zip(net.weights, start.weights))


def test_breakdown_does_not_change_the_network():
    net = Network.create([2, 3, 1], seed=0)
    before = [w.copy() for w in net.weights]
    net.breakdown(np.array([0.3, -0.2]), np.array([1.0]), 1, 2, 1)
    assert all(np.array_equal(w, b) for w, b in zip(net.weights, before))


def test_bad_specs_are_refused():
    from app.engine import NetworkSpecError

    for args in (([2], "sigmoid", "sigmoid", "mse"), ([2, 1], "swish", "sigmoid", "mse"),
                 ([2, 1], "sigmoid", "tanh", "cross_entropy"), ([2, 1], "sigmoid", "sigmoid", "l1")):
        with pytest.raises(NetworkSpecError):
            Network.create(*args)
