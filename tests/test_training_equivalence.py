"""Training against a textbook NumPy loop of docs/NOTATION.md's SGD, step by step.

The engine's SGD is written for speed ([W | b] blocks, preallocated buffers, the learning rate
folded into delta^(L), batches gathered in blocks). The loop here is the plain one: forward,
backward, update, with the textbook formulas (sigma from tests/reference.py) and its own copy of
the documented mini-batch stream (epoch e is ``default_rng([seed, e]).permutation(n)``, batches
are consecutive slices of the epochs laid end to end). After every step the two must agree to 1e-12, for every activation pair
and both costs, on a 2-input and on the 64-input digits data set.
"""
import numpy as np
import pytest

from app.engine import Network, load_dataset, train
import reference as R

TOLERANCE = dict(rtol=1e-12, atol=1e-12)


def slope(name, z):
    """NOTATION.md's table of sigma'."""
    if name == "sigmoid":
        s = R.sigma("sigmoid", z)
        return s * (1.0 - s)
    if name == "tanh":
        return 1.0 - np.tanh(z) ** 2
    if name == "relu":
        return (z > 0).astype(float)
    return np.ones_like(z)


def textbook_step(weights, biases, hidden, output, loss, x, y, eta):
    """One SGD step in place on the mini-batch (x, y); returns the mini-batch cost before it."""
    L = len(weights)
    names = R.activations(hidden, output, L)
    a, zs = [x], []
    for l in range(L):
        zs.append(a[-1] @ weights[l].T + biases[l])
        a.append(R.sigma(names[l], zs[-1]))
    n, out = len(x), a[-1]
    if loss == "mse":
        cost = np.mean(np.sum((out - y) ** 2, axis=1))
        delta = 2.0 * (out - y) * slope(output, zs[-1])
    else:
        cost = np.mean(-np.sum(y * np.log(out) + (1.0 - y) * np.log(1.0 - out), axis=1))
        delta = out - y
    grad_w, grad_b = [None] * L, [None] * L
    for l in range(L - 1, -1, -1):
        grad_w[l] = delta.T @ a[l] / n
        grad_b[l] = delta.mean(axis=0)
        if l > 0:
            delta = (delta @ weights[l]) * slope(names[l - 1], zs[l - 1])
    for l in range(L):
        weights[l] -= eta * grad_w[l]
        biases[l] -= eta * grad_b[l]
    return cost


def batch_stream(n, batch_size, seed):
    """Rows of each mini-batch, forever, as the engine documents the stream."""
    pending, epoch = np.empty(0, dtype=int), 0
    while True:
        while len(pending) < batch_size:
            pending = np.concatenate([pending, np.random.default_rng([seed, epoch]).permutation(n)])
            epoch += 1
        yield pending[:batch_size]
        pending = pending[batch_size:]


def assert_same_parameters(net, weights, biases, what):
    R.assert_lists_close(net.weights, weights, f"{what}: weights", **TOLERANCE)
    R.assert_lists_close(net.biases, biases, f"{what}: biases", **TOLERANCE)


CASES = [
    ("xor", [2, 16, 16, 1], 0.3),
    ("digits", [64, 16, 16, 10], 0.02),
]


@pytest.mark.parametrize("hidden,output,loss", R.COMBOS)
@pytest.mark.parametrize("dataset,layers,eta", CASES)
def test_every_step_equals_the_textbook_loop(dataset, layers, eta, hidden, output, loss):
    d = load_dataset(dataset)
    seed, batch_size, steps = 7, 32, 20
    net = Network.create(layers, hidden, output, loss, seed=seed)
    weights, biases = [w.copy() for w in net.weights], [b.copy() for b in net.biases]
    whole = net.copy()
    stream = batch_stream(d.size, batch_size, seed)
    cursor, expected_costs = 0, []
    # One step per call: the engine resumes from the cursor as the API does between requests.
    for step in range(1, steps + 1):
        rows = next(stream)
        expected_costs.append(textbook_step(weights, biases, hidden, output, loss, d.x[rows], d.y[rows], eta))
        result = train(net, d.x, d.y, steps=1, learning_rate=eta, batch_size=batch_size, seed=seed, cursor=cursor)
        assert (result.steps_done, result.batch_size, result.diverged_at) == (1, batch_size, None)
        R.assert_close(result.costs, expected_costs[-1:], what=f"cost before step {step}", **TOLERANCE)
        assert_same_parameters(net, weights, biases, f"after step {step}")
        cursor += batch_size
    # All the steps in one call (the engine's block path) give the same costs and parameters.
    result = train(whole, d.x, d.y, steps=steps, learning_rate=eta, batch_size=batch_size, seed=seed, cursor=0)
    R.assert_close(result.costs, expected_costs, what="costs of one long call", **TOLERANCE)
    assert_same_parameters(whole, weights, biases, f"after {steps} steps in one call")


def test_a_diverging_run_keeps_the_textbook_parameters_of_the_last_settled_step():
    d = load_dataset("sine")
    seed, batch_size, eta = 3, 20, 50.0
    net = Network.create([1, 8, 1], "linear", "linear", seed=1)
    weights, biases = [w.copy() for w in net.weights], [b.copy() for b in net.biases]
    result = train(net, d.x, d.y, steps=400, learning_rate=eta, batch_size=batch_size, seed=seed, cursor=0)
    assert result.diverged_at is not None and result.steps_done == result.diverged_at - 1
    stream = batch_stream(d.size, batch_size, seed)

    def data_set_cost(w, b):
        return R.mean_cost(w, b, "linear", "linear", "mse", d.x, d.y)

    with np.errstate(all="ignore"):
        costs = []
        for _ in range(result.steps_done):
            costs.append(textbook_step(weights, biases, "linear", "linear", "mse", *batch(d, next(stream)), eta))
            # Every state kept has a finite cost over the whole data set, not only finite parameters.
            assert np.isfinite(data_set_cost(weights, biases))
        # The step the engine refused is the textbook's first after which the data set's cost is not
        # finite, although the parameters it leaves are.
        trial_w, trial_b = [w.copy() for w in weights], [b.copy() for b in biases]
        cost = textbook_step(trial_w, trial_b, "linear", "linear", "mse", *batch(d, next(stream)), eta)
        assert np.isfinite(cost) and all(np.isfinite(p).all() for p in trial_w + trial_b)
        assert not np.isfinite(data_set_cost(trial_w, trial_b))
    # Relative agreement only: the parameters have grown by many orders of magnitude before diverging.
    R.assert_close(result.costs, costs, rtol=1e-9, atol=0.0, what="costs before divergence")
    R.assert_lists_close(net.weights, weights, "weights kept", rtol=1e-9, atol=0.0)
    R.assert_lists_close(net.biases, biases, "biases kept", rtol=1e-9, atol=0.0)


def batch(d, rows):
    return d.x[rows], d.y[rows]


def test_a_kept_working_memory_trains_as_a_fresh_one_and_large_ones_are_not_kept():
    """SGD keeps a thread's small working memories (engine/training.py: a live chunk's), reloaded for
    the next network of the shape: it must train exactly as a new one, whatever trained in it before."""
    from app.engine import training

    d = load_dataset("digits")
    first = Network.create([64, 16, 16, 10], seed=1)
    second = Network.create([64, 16, 16, 10], seed=2)  # the same kind of working memory, another network
    fresh = second.copy()
    train(first, d.x, d.y, 5, 3.0, 16, seed=1, cursor=0)  # leaves its numbers in the kept memory
    train(second, d.x, d.y, 7, 0.5, 16, seed=2, cursor=40)
    training._working.sets.clear()
    train(fresh, d.x, d.y, 7, 0.5, 16, seed=2, cursor=40)
    for a, b in zip([*second.weights, *second.biases], [*fresh.weights, *fresh.biases]):
        assert np.array_equal(a, b)
    big = Network.create([64, 128, 128, 10], seed=3)
    train(big, d.x, d.y, 1, 0.5, 1024, seed=3, cursor=0)
    assert [key[0] for key in training._working.sets] == [(64, 16, 16, 10)]
