"""Input features (issue 18): a network on a 2-D set takes any subset of x1, x2, x1^2, x2^2, x1x2,
sin x1, sin x2 as layer 0. Every number is recomputed here from the raw points (x1, x2) with plain
Python (math.sin, products) and checked against the autograd reference (tests/reference.py)."""
import json
import math

import numpy as np
import pytest

import reference as R
from app.engine import features as F

ORDER = ["x1", "x2", "x1^2", "x2^2", "x1x2", "sin x1", "sin x2"]
BY_HAND = {
    "x1": lambda p, q: p, "x2": lambda p, q: q, "x1^2": lambda p, q: p * p, "x2^2": lambda p, q: q * q,
    "x1x2": lambda p, q: p * q, "sin x1": lambda p, q: math.sin(p), "sin x2": lambda p, q: math.sin(q),
}


def by_hand(names, point):
    """The feature vector of one point, written out without NumPy."""
    return [BY_HAND[n](float(point[0]), float(point[1])) for n in names]


def create(client, **spec):
    r = client.post("/api/networks", json=spec)
    assert r.status_code == 201, r.text
    return r.json()


def points(client, name, **options):
    r = client.get(f"/api/datasets/{name}", params=options)
    assert r.status_code == 200, r.text
    d = r.json()
    return np.array(d["x"]), np.array(d["y"])


def parameters(net):
    return [np.array(w) for w in net["weights"]], [np.array(b) for b in net["biases"]]


SUBSETS = [["x1^2", "x2^2"], ["x1", "x2", "x1x2"], ["sin x1"], ORDER, ["x2", "sin x2", "x1^2"]]


def test_the_order_is_the_playgrounds_and_every_feature_matches_by_hand():
    assert list(F.NAMES) == ORDER
    rng = np.random.default_rng(0)
    pts = rng.uniform(-3, 3, size=(50, 2))
    got = F.apply(ORDER, pts)
    assert got.shape == (50, 7)
    for row, point in zip(got, pts):
        assert row.tolist() == pytest.approx(by_hand(ORDER, point), rel=1e-15, abs=0)


def test_a_choice_is_put_in_layer_0_order_and_bad_choices_are_refused():
    assert F.canonical(["sin x2", "x1^2", "x1"]) == ("x1", "x1^2", "sin x2")
    for bad, words in [([], "at least one"), (["x1", "x1"], "once"), (["x3"], "unknown feature")]:
        with pytest.raises(F.NetworkSpecError, match=words):
            F.canonical(bad)


@pytest.mark.parametrize("names", SUBSETS, ids=lambda n: "+".join(n))
def test_every_row_a_network_sees_is_the_feature_vector_and_backprop_matches_the_reference(client, names):
    x, y = points(client, "circle")
    net = create(client, layers=[len(names), 3, 1], dataset="circle", features=list(reversed(names)), seed=4)
    assert net["features"] == [n for n in ORDER if n in names]
    names = net["features"]
    weights, biases = parameters(net)
    for row in (0, 57, 199):
        got = client.post(f"/api/networks/{net['id']}/backprop", json={"example": row}).json()
        features = by_hand(names, x[row])
        assert got["a"][0] == pytest.approx(features, rel=1e-15, abs=0)
        ref = R.example(weights, biases, "sigmoid", "sigmoid", "mse", features, y[row])
        R.assert_close(got["cost"], ref.cost, what=f"row {row} cost")
        R.assert_lists_close(got["grad_w"], ref.grad_w, f"row {row} grad_w")


def test_a_weights_input_factor_is_the_features_value(client):
    names = ["x1^2", "x2^2", "x1x2"]
    x, y = points(client, "xor")
    net = create(client, layers=[3, 2, 1], dataset="xor", features=names, seed=9)
    weights, biases = parameters(net)
    for row in (3, 120):
        features = by_hand(names, x[row])
        ref = R.example(weights, biases, "sigmoid", "sigmoid", "mse", features, y[row])
        for j in range(2):
            for k in range(3):
                bd = client.post(f"/api/networks/{net['id']}/breakdown",
                                 json={"example": row, "layer": 1, "j": j, "k": k}).json()
                assert bd["input"] == pytest.approx(features[k], rel=1e-15, abs=0), (row, j, k)
                R.assert_close(bd["gradient"], ref.grad_w[0][j][k], what=f"dC/dw_{j}{k}")
                R.assert_close(bd["error"] * bd["slope"] * bd["input"], bd["gradient"], what="the product")


def test_a_mini_batch_and_the_update_preview_see_the_features(client):
    names = ["x1x2", "sin x1"]
    x, y = points(client, "xor")
    net = create(client, layers=[2, 3, 1], dataset="xor", features=names, seed=8)
    weights, biases = parameters(net)
    rows = [4, 9, 150]
    batch = client.post(f"/api/networks/{net['id']}/breakdown/batch",
                        json={"examples": rows, "layer": 1, "j": 1, "k": 0}).json()
    for row, got in zip(rows, batch["examples"]):
        assert got["input"] == pytest.approx(by_hand(names, x[row])[0], rel=1e-15, abs=0)
    refs = [R.example(weights, biases, "sigmoid", "sigmoid", "mse", by_hand(names, x[r]), y[r]) for r in rows]
    R.assert_close(batch["mean_gradient"], np.mean([ref.grad_w[0][1][0] for ref in refs]), what="mean gradient")
    preview = client.post(f"/api/networks/{net['id']}/update-preview",
                          json={"example": 9, "layer": 1, "j": 1, "k": 0, "learning_rate": 0.5}).json()
    R.assert_close(preview["cost_before"], refs[1].cost, what="cost before the previewed step")


def test_learn_takes_a_point_and_steps_on_its_features(client):
    names = ["x1^2", "x2"]
    net = create(client, layers=[2, 2, 1], dataset="circle", features=names, seed=3)
    assert net["features"] == ["x2", "x1^2"]  # layer 0's order, not the request's
    weights, biases = parameters(net)
    r = client.post(f"/api/networks/{net['id']}/learn", json={"x": [0.3, -0.4], "y": [1], "learning_rate": 0.5})
    assert r.status_code == 200, r.text
    ref = R.example(weights, biases, "sigmoid", "sigmoid", "mse", [-0.4, 0.3 * 0.3], [1.0])
    R.assert_close(r.json()["cost_before"], ref.cost, what="cost before the step")
    after = r.json()["network"]["weights"][0]
    expected = np.array(weights[0]) - 0.5 * np.array(ref.grad_w[0])
    R.assert_lists_close(after, expected, "W^(1) after the step")


def test_a_point_sent_by_hand_is_mapped_to_its_features(client):
    net = create(client, layers=[2, 2, 1], dataset="circle", features=["x1x2", "sin x2"], seed=2)
    weights, biases = parameters(net)
    got = client.post(f"/api/networks/{net['id']}/forward", json={"x": [0.5, -1.5]}).json()
    assert got["a"][0] == pytest.approx([0.5 * -1.5, math.sin(-1.5)], rel=1e-15)
    _, a = R.forward(weights, biases, "sigmoid", "sigmoid", [-0.75, math.sin(-1.5)])
    R.assert_lists_close(got["a"], a, "forward of the features")
    wrong = client.post(f"/api/networks/{net['id']}/forward", json={"x": [0.5, -1.5, 2.0]})
    assert wrong.status_code == 422 and "x1, x2" in wrong.json()["detail"]


def test_the_picture_is_over_the_x1_x2_plane_and_each_point_sees_its_features(client):
    names = ["x1^2", "x2^2"]
    net = create(client, layers=[2, 3, 1], dataset="circle", features=names, seed=1)
    weights, biases = parameters(net)
    grid = client.post(f"/api/networks/{net['id']}/grid", json={"resolution": 5}).json()
    assert grid["inputs"] == 2 and len(grid["axes"]) == 2
    x, _ = points(client, "circle")
    # The default extent is the raw points' (at least [-1, 1]) padded by 5%, not the features'.
    low, high = min(-1.0, x[:, 0].min()), max(1.0, x[:, 0].max())
    pad = 0.05 * (high - low)
    assert grid["ranges"][0] == pytest.approx({"low": low - pad, "high": high + pad})
    for p in range(25):
        row, column = divmod(p, 5)
        point = (grid["axes"][0][column], grid["axes"][1][row])
        _, a = R.forward(weights, biases, "sigmoid", "sigmoid", by_hand(names, point))
        R.assert_close(grid["outputs"][0][p], a[-1][0], what=f"grid point {p}")
        R.assert_close(grid["hidden"][0][1][p], a[1][1], what=f"hidden neuron 1 at point {p}")


def test_training_and_evaluation_use_the_features(client):
    names = ["x1", "x1^2", "x2^2"]
    x, y = points(client, "circle")
    X = np.array([by_hand(names, p) for p in x])
    net = create(client, layers=[3, 2, 1], dataset="circle", features=names, seed=5)
    weights, biases = parameters(net)
    r = client.post(f"/api/networks/{net['id']}/train", json={"steps": 2, "learning_rate": 2.0, "batch_size": 200})
    assert r.status_code == 200, r.text
    weights, biases, costs = R.full_batch_sgd(weights, biases, "sigmoid", "sigmoid", "mse", X, y, 2.0, 2)
    R.assert_close(r.json()["costs"], costs, what="costs before each step")
    R.assert_lists_close(r.json()["network"]["weights"], weights, "weights after training")
    evaluation = client.get(f"/api/networks/{net['id']}/evaluate").json()
    R.assert_close(evaluation["cost"], R.mean_cost(weights, biases, "sigmoid", "sigmoid", "mse", X, y),
                   what="evaluated cost")


def test_a_live_frame_carries_the_feature_vector_as_a0(client):
    names = ["x2", "sin x1"]
    x, _ = points(client, "spiral")
    net = create(client, layers=[2, 4, 1], dataset="spiral", features=names, seed=3)
    answer = client.get(f"/api/networks/{net['id']}/train/stream",
                        params={"steps": 3, "steps_per_frame": 3, "example": 11, "grid": 3})
    assert answer.status_code == 200, answer.text
    frame = json.loads(answer.text.split("event: frame\ndata: ", 1)[1].split("\n", 1)[0])
    assert frame["activations"][:2] == pytest.approx(by_hand(names, x[11]), rel=1e-15, abs=0)
    backprop = client.post(f"/api/networks/{net['id']}/backprop", json={"example": 11}).json()
    assert frame["activations"] == [v for a in backprop["a"] for v in a]
    assert frame["grid"]["inputs"] == 2


@pytest.mark.parametrize("spec,words", [
    (dict(layers=[1, 4, 1], dataset="sine", features=["x1"]), "sine has 1 input"),
    (dict(layers=[64, 10], dataset="digits", features=["x1", "x2"]), "digits has 64 input"),
    (dict(layers=[3, 1], dataset="circle", features=["x1", "x2"]), "make the first layer 2"),
    (dict(layers=[2, 1], dataset="circle", features=["x1", "x1", "x2"]), "once"),
    (dict(layers=[1, 1], dataset="circle", features=[]), "features"),
    (dict(layers=[2, 1], dataset="circle", features=["x3", "x1"]), "x1^2"),
    (dict(layers=[2, 1], features=["x1", "x2"]), "need a data set"),
], ids=["1-D set", "images", "layer 0 size", "repeated", "empty", "unknown", "no data set"])
def test_refused_feature_choices_are_a_422_saying_what_to_change(client, spec, words):
    r = client.post("/api/networks", json=spec)
    assert r.status_code == 422, r.text
    assert words in r.json()["detail"]


def test_an_uploaded_2d_set_takes_features_too(client):
    csv = "a,b,label\n0.5,-0.25,1\n-0.75,0.5,0\n0.125,0.875,1\n-0.5,-0.5,0\n"
    upload = client.post("/api/datasets", json={"name": "four points", "csv": csv})
    assert upload.status_code == 201, upload.text
    handle = upload.json()["name"]
    net = create(client, layers=[2, 2, 1], dataset=handle, features=["x1x2", "sin x2"], seed=1)
    weights, biases = parameters(net)
    for row, (p, q, label) in enumerate([(0.5, -0.25, 1), (-0.75, 0.5, 0), (0.125, 0.875, 1), (-0.5, -0.5, 0)]):
        bd = client.post(f"/api/networks/{net['id']}/breakdown",
                         json={"example": row, "layer": 1, "j": 0, "k": 1}).json()
        assert bd["input"] == pytest.approx(math.sin(q), rel=1e-15)
        ref = R.example(weights, biases, "sigmoid", "sigmoid", "mse", [p * q, math.sin(q)], [label])
        R.assert_close(bd["gradient"], ref.grad_w[0][0][1], what=f"row {row}")
    # An upload has its own split and seed: the generated sets' options are refused for it.
    r = client.post("/api/networks", json={"layers": [2, 1], "dataset": handle, "noise": 0.1})
    assert r.status_code == 422 and "generated data sets" in r.json()["detail"]
    doc = client.get(f"/api/networks/{net['id']}/export").json()
    assert doc["features"] == ["x1x2", "sin x2"] and doc["upload"] is not None
