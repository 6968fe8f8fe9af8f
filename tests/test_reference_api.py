"""The HTTP API against the autograd reference (tests/reference.py), value by value.

Each network is created through the API and its weights are read back from the response; the
reference recomputes every number of /forward, /backprop, /breakdown and /train from those
weights alone, so a mistake anywhere between the engine and the JSON shows up here.
"""
import numpy as np
import pytest

import reference as R

DATASETS = ["xor", "circle", "gaussians", "spiral", "sine", "plane", "gaussian_hills", "chain"]


def create(client, layers, hidden, output, loss, seed, dataset=None):
    r = client.post("/api/networks", json={"layers": layers, "hidden_activation": hidden,
                                           "output_activation": output, "loss": loss,
                                           "dataset": dataset, "seed": seed})
    assert r.status_code == 201, r.text
    net = r.json()
    assert (net["layers"], net["seed"], net["dataset"]) == (layers, seed, dataset)
    return net


def parameters(net):
    return [np.array(w, dtype=float) for w in net["weights"]], [np.array(b, dtype=float) for b in net["biases"]]


def post(client, net, what, body):
    r = client.post(f"/api/networks/{net['id']}/{what}", json=body)
    assert r.status_code == 200, r.text
    return r.json()


def conditioned_example(rng, net, hidden, output, loss, numerical=False):
    """A random x, y at which a 1e-9 comparison is meaningful (see R.well_conditioned)."""
    weights, biases = parameters(net)
    while True:
        x = rng.uniform(-2.0, 2.0, size=net["layers"][0])
        y = rng.uniform(0.0 if loss == "cross_entropy" or output == "sigmoid" else -1.5, 1.0, net["layers"][-1])
        if R.well_conditioned(weights, biases, hidden, output, x, numerical=numerical):
            return x, y


def check_backprop(got, ref, what):
    R.assert_close(got["cost"], ref.cost, what=f"{what} cost")
    for field in ("z", "a", "slope", "delta", "grad_a", "grad_w", "grad_b"):
        R.assert_lists_close(got[field], getattr(ref, field), f"{what} {field}")


def dataset(client, name):
    r = client.get(f"/api/datasets/{name}")
    assert r.status_code == 200, r.text
    d = r.json()
    return d, np.array(d["x"], dtype=float), np.array(d["y"], dtype=float)


def random_layers(rng, inputs, outputs):
    return [inputs, *(int(n) for n in rng.integers(1, 7, size=rng.integers(0, 4))), outputs]


@pytest.mark.parametrize("number,combo", list(enumerate(R.COMBOS)))
def test_forward_and_backprop_of_given_x_y_match_the_reference(client, number, combo):
    hidden, output, loss = combo
    rng = np.random.default_rng(number)
    for trial in range(2):
        layers = [int(n) for n in rng.integers(1, 7, size=rng.integers(2, 6))]
        net = create(client, layers, hidden, output, loss, seed=100 * number + trial)
        weights, biases = parameters(net)
        x, y = conditioned_example(rng, net, hidden, output, loss)
        ref = R.example(weights, biases, hidden, output, loss, x, y)
        what = f"{layers} {hidden}/{output}/{loss}"

        got = post(client, net, "backprop", {"x": x.tolist(), "y": y.tolist()})
        assert got["example"] is None
        assert (got["x"], got["y"]) == (x.tolist(), y.tolist())
        check_backprop(got, ref, what)

        fw = post(client, net, "forward", {"x": x.tolist(), "y": y.tolist()})
        R.assert_lists_close(fw["z"], ref.z, f"{what} forward z")
        R.assert_lists_close(fw["a"], ref.a, f"{what} forward a")
        R.assert_close(fw["cost"], ref.cost, what=f"{what} forward cost")
        assert post(client, net, "forward", {"x": x.tolist()})["cost"] is None


@pytest.mark.parametrize("name", DATASETS)
def test_backprop_of_a_data_set_row_matches_the_reference(client, name):
    d, X, Y = dataset(client, name)
    rng = np.random.default_rng(sum(map(ord, name)))
    for number, (hidden, output, loss) in enumerate(R.COMBOS[::3]):
        if loss == "cross_entropy" and not ((Y >= 0) & (Y <= 1)).all():
            continue  # cross-entropy targets must lie in [0, 1]; sine's do not
        layers = random_layers(rng, d["inputs"], d["outputs"])
        net = create(client, layers, hidden, output, loss, seed=number, dataset=name)
        weights, biases = parameters(net)
        what = f"{name} {layers} {hidden}/{output}/{loss}"
        R.assert_close(net["cost"], R.mean_cost(weights, biases, hidden, output, loss, X, Y),
                       what=f"{what} network cost over the data set")
        rows = [i for i in rng.permutation(len(X))
                if R.well_conditioned(weights, biases, hidden, output, X[i])][:3]
        assert rows, f"{what}: no well-conditioned row"
        for i in rows:
            got = post(client, net, "backprop", {"example": int(i)})
            assert (got["example"], got["x"], got["y"]) == (i, X[i].tolist(), Y[i].tolist())
            check_backprop(got, R.example(weights, biases, hidden, output, loss, X[i], Y[i]), f"{what} row {i}")


BREAKDOWN_NETWORKS = [
    ([2, 3, 1], "sigmoid", "sigmoid", "mse", "xor"),
    ([3, 4, 2, 2], "tanh", "linear", "mse", None),
    ([2, 5, 4, 1], "relu", "sigmoid", "cross_entropy", "circle"),
    ([1, 4, 3, 1], "tanh", "tanh", "mse", "sine"),
    ([4, 3, 3, 3, 2], "sigmoid", "relu", "mse", None),
    ([2, 4, 1], "linear", "sigmoid", "cross_entropy", None),
]


@pytest.mark.parametrize("number,spec", list(enumerate(BREAKDOWN_NETWORKS)))
def test_breakdown_of_every_weight_matches_the_reference(client, number, spec):
    layers, hidden, output, loss, name = spec
    net = create(client, layers, hidden, output, loss, seed=number, dataset=name)
    weights, biases = parameters(net)
    rng = np.random.default_rng(number)
    if name is None:
        x, y = conditioned_example(rng, net, hidden, output, loss, numerical=True)
        example = {"x": x.tolist(), "y": y.tolist()}
    else:
        _, X, Y = dataset(client, name)
        row = next(i for i in rng.permutation(len(X))
                   if R.well_conditioned(weights, biases, hidden, output, X[i], numerical=True))
        x, y, example = X[row], Y[row], {"example": int(row)}
    ref = R.example(weights, biases, hidden, output, loss, x, y)
    for layer in range(1, len(layers)):
        for j in range(layers[layer]):
            for k in range(layers[layer - 1]):
                bd = post(client, net, "breakdown", {"layer": layer, "j": j, "k": k, **example})
                assert (bd["layer"], bd["j"], bd["k"], bd["example"]) == (layer, j, k, example.get("example"))
                R.check_breakdown(bd, ref, weights, biases, layer, j, k,
                                  f"{layers} {hidden}/{output} w_{j}{k}^({layer})", hidden, output)


TRAINING_CASES = [
    ("chain", [1, 1, 1, 1], "sigmoid", "sigmoid", "mse", 0.5, 1),
    ("chain", [1, 1, 1, 1], "sigmoid", "sigmoid", "mse", 2.0, 3),
    ("sine", [1, 5, 1], "tanh", "linear", "mse", 0.1, 1),
    ("xor", [2, 4, 3, 1], "relu", "sigmoid", "cross_entropy", 0.7, 1),
    ("gaussians", [2, 3, 1], "sigmoid", "sigmoid", "mse", 1.0, 2),
]


@pytest.mark.parametrize("name,layers,hidden,output,loss,learning_rate,steps", TRAINING_CASES)
def test_full_batch_training_steps_follow_the_reference_gradient(
    client, name, layers, hidden, output, loss, learning_rate, steps
):
    d, X, Y = dataset(client, name)
    net = create(client, layers, hidden, output, loss, seed=7, dataset=name)
    weights, biases = parameters(net)
    r = client.post(f"/api/networks/{net['id']}/train",
                    json={"steps": steps, "learning_rate": learning_rate, "batch_size": d["size"]})
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["diverged"] is None and out["batch_size"] == d["size"] and out["network"]["step"] == steps
    # A batch of the whole data set, in any order, has the data set's mean gradient.
    weights, biases, costs = R.full_batch_sgd(weights, biases, hidden, output, loss, X, Y, learning_rate, steps)
    what = f"{name} {layers} eta={learning_rate} steps={steps}"
    R.assert_close(out["costs"], costs, what=f"{what} cost before each step")
    R.assert_lists_close(out["network"]["weights"], weights, f"{what} weights after training")
    R.assert_lists_close(out["network"]["biases"], biases, f"{what} biases after training")
    after = R.mean_cost(weights, biases, hidden, output, loss, X, Y)
    R.assert_close(out["cost"], after, what=f"{what} data set cost after training")
    R.assert_close(out["network"]["cost"], after, what=f"{what} network cost after training")
    stored = client.get(f"/api/networks/{net['id']}").json()
    assert (stored["weights"], stored["biases"]) == (out["network"]["weights"], out["network"]["biases"])
