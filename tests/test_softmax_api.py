"""Softmax outputs through the HTTP API, against the independent reference (tests/softmax_reference.py).

Networks are created through the API and their weights read back from its answer; the reference
recomputes /backprop, /breakdown, /breakdown/batch and /train from those weights alone.
"""
import numpy as np
import pytest

import reference as R
import softmax_reference as S

DIGITS = {"layers": [64, 16, 16, 10], "hidden_activation": "sigmoid", "output_activation": "softmax",
          "loss": "categorical_cross_entropy", "dataset": "digits", "seed": 1}


def create(client, **spec):
    r = client.post("/api/networks", json=spec)
    assert r.status_code == 201, r.text
    return r.json()


def post(client, net, what, body, status=200):
    r = client.post(f"/api/networks/{net['id']}/{what}", json=body)
    assert r.status_code == status, r.text
    return r.json()


def parameters(net):
    return [np.array(w, dtype=float) for w in net["weights"]], [np.array(b, dtype=float) for b in net["biases"]]


def digits_row(client, row):
    d = client.get("/api/datasets/digits").json()
    return np.array(d["x"][row], dtype=float), np.array(d["y"][row], dtype=float)


@pytest.mark.parametrize("loss", [None, "mse"])
def test_backprop_of_a_digit_matches_the_reference(client, loss):
    net = create(client, **DIGITS)
    weights, biases = parameters(net)
    for row in (0, 17, 400):
        x, y = digits_row(client, row)
        got = post(client, net, "backprop", {"example": row, "loss": loss})
        judged = loss or "categorical_cross_entropy"
        ref = S.example(weights, biases, "sigmoid", judged, x, y)
        assert got["loss"] == judged and got["slope"][-1] is None
        R.assert_close(got["cost"], ref.cost, what=f"row {row} cost")
        for field in ("z", "a", "delta", "grad_a", "grad_w", "grad_b"):
            R.assert_lists_close(got[field], getattr(ref, field), f"row {row} {field}")
        R.assert_lists_close(got["slope"][:-1], ref.slope[:-1], f"row {row} hidden slopes")
        if judged == "categorical_cross_entropy":
            R.assert_close(got["delta"][-1], np.array(got["a"][-1]) - y, rtol=1e-12, atol=1e-15, what="a - y")


def test_breakdown_of_every_output_weight_and_some_hidden_ones(client):
    net = create(client, **DIGITS)
    weights, biases = parameters(net)
    x, y = digits_row(client, 5)
    ref = S.example(weights, biases, "sigmoid", "categorical_cross_entropy", x, y)
    for j in range(10):
        for k in range(16):
            b = post(client, net, "breakdown", {"example": 5, "layer": 3, "j": j, "k": k})
            what = f"w_{j}{k}^(3)"
            assert (b["slope"], b["jacobian"], b["paths"]) == (None, True, []), what
            R.assert_close(b["error"], ref.grad_a[3][j], what=f"{what} error")
            R.assert_close(b["input"], ref.a[2][k], what=f"{what} input")
            R.assert_close(b["gradient"], ref.grad_w[2][j, k], what=f"{what} gradient")
            R.assert_close(b["bias_gradient"], ref.grad_b[2][j], what=f"{what} delta")
            R.assert_close(b["numerical_gradient"], ref.grad_w[2][j, k], rtol=1e-6, atol=1e-8, what=f"{what} numerical")
    for j, k in [(0, 0), (7, 3), (15, 15)]:
        b = post(client, net, "breakdown", {"example": 5, "layer": 2, "j": j, "k": k})
        assert b["jacobian"] is False
        R.assert_close(b["slope"], ref.slope[1][j], what="hidden slope")
        R.assert_close(b["gradient"], ref.grad_w[1][j, k], what="hidden gradient")
        assert [p["slope"] for p in b["paths"]] == [None] * 10
        R.assert_close([p["contribution"] for p in b["paths"]], weights[2][:, j] * ref.delta[2], what="paths")


def test_breakdown_with_an_x_and_y_of_ones_own_and_the_squared_error_view(client):
    net = create(client, layers=[3, 4, 3], hidden_activation="tanh", output_activation="softmax",
                 loss="categorical_cross_entropy", seed=4)
    weights, biases = parameters(net)
    x, y = [0.3, -1.2, 2.0], [0.2, 0.0, 0.8]
    for loss in ("categorical_cross_entropy", "mse"):
        ref = S.example(weights, biases, "tanh", loss, x, y)
        for j in range(3):
            b = post(client, net, "breakdown", {"x": x, "y": y, "layer": 2, "j": j, "k": 1, "loss": loss})
            R.assert_close(b["gradient"], ref.grad_w[1][j, 1], what=f"{loss} gradient")
            R.assert_close(b["bias_gradient"], ref.grad_b[1][j], what=f"{loss} delta")
            R.assert_close(b["error"], ref.grad_a[2][j], what=f"{loss} error")


def test_batch_breakdown_and_update_preview(client):
    net = create(client, **DIGITS)
    weights, biases = parameters(net)
    rows = [3, 9, 27]
    bb = post(client, net, "breakdown/batch", {"examples": rows, "layer": 3, "j": 4, "k": 2})
    refs = [S.example(weights, biases, "sigmoid", "categorical_cross_entropy", *digits_row(client, r)) for r in rows]
    assert bb["mean_slope"] is None and bb["product_of_means"] is None
    R.assert_close([e["product"] for e in bb["examples"]], [r.grad_w[2][4, 2] for r in refs], what="products")
    R.assert_close(bb["mean_gradient"], np.mean([r.grad_w[2][4, 2] for r in refs]), what="mean")
    up = post(client, net, "update-preview", {"example": 3, "layer": 3, "j": 4, "k": 2, "learning_rate": 0.5})
    R.assert_close(up["gradient"], refs[0].grad_w[2][4, 2], what="preview gradient")


def test_training_follows_the_textbook_loop(client):
    net = create(client, layers=[64, 8, 10], hidden_activation="relu", output_activation="softmax",
                 loss="categorical_cross_entropy", dataset="digits", seed=2)
    weights, biases = parameters(net)
    d = client.get("/api/datasets/digits").json()
    X, Y = np.array(d["x"], dtype=float), np.array(d["y"], dtype=float)
    from app.engine.training import batch_indices  # the engine's documented batch order, not its math
    rows = batch_indices(len(X), 5, 4, 2, 0)
    r = client.post(f"/api/networks/{net['id']}/train", json={"steps": 4, "learning_rate": 0.3, "batch_size": 5})
    assert r.status_code == 200, r.text
    weights, biases, costs = S.sgd(weights, biases, "relu", "categorical_cross_entropy",
                                   [(X[i], Y[i]) for i in rows], 0.3)
    got = client.get(f"/api/networks/{net['id']}").json()
    R.assert_lists_close(parameters(got)[0], weights, "weights after /train")
    R.assert_lists_close(parameters(got)[1], biases, "biases after /train")


@pytest.mark.parametrize("spec,words", [
    ({"layers": [2, 3, 2], "hidden_activation": "softmax", "output_activation": "softmax",
      "loss": "categorical_cross_entropy"}, "output activation only"),
    ({"layers": [2, 3, 1], "output_activation": "softmax"}, "at least 2 output neurons"),
    ({"layers": [2, 3, 2], "loss": "categorical_cross_entropy"}, "defined for a softmax output"),
    ({"layers": [2, 3, 2], "output_activation": "softmax", "loss": "cross_entropy"}, "defined for a sigmoid output"),
    ({"layers": [1, 3, 2], "output_activation": "softmax", "loss": "categorical_cross_entropy", "dataset": "sine"},
     "output"),
])
def test_refused_networks_are_422_with_a_detail(client, spec, words):
    r = client.post("/api/networks", json=spec)
    assert r.status_code == 422, r.text
    assert words in r.json()["detail"]


def test_refused_examples_and_costs_are_422_with_a_detail(client):
    net = create(client, **DIGITS)
    r = client.post(f"/api/networks/{net['id']}/backprop", json={"x": [0.0] * 64, "y": [0.5] * 10})
    assert r.status_code == 422 and "sum 1" in r.json()["detail"]
    r = client.post(f"/api/networks/{net['id']}/breakdown", json={"example": 0, "layer": 3, "j": 0, "k": 0,
                                                                   "loss": "cross_entropy"})
    assert r.status_code == 422 and "sigmoid output" in r.json()["detail"]
    sigmoid = create(client, layers=[2, 3, 2], seed=1)
    r = client.post(f"/api/networks/{sigmoid['id']}/backprop", json={"x": [0, 0], "y": [0, 1],
                                                                       "loss": "categorical_cross_entropy"})
    assert r.status_code == 422 and "softmax output" in r.json()["detail"]


def test_evaluation_counts_the_largest_output(client):
    net = create(client, **DIGITS)
    r = client.post(f"/api/networks/{net['id']}/train", json={"steps": 300, "learning_rate": 0.5, "batch_size": 10})
    assert r.status_code == 200, r.text
    weights, biases = parameters(client.get(f"/api/networks/{net['id']}").json())
    d = client.get("/api/datasets/digits").json()
    X, Y = np.array(d["x"], dtype=float), np.array(d["y"], dtype=float)
    out = []
    for x in X:  # the reference's textbook forward pass, row by row
        a = x
        for w, b in zip(weights[:-1], biases[:-1]):
            a = S.hidden_sigma("sigmoid", w @ a + b)
        out.append(S.softmax(weights[-1] @ a + biases[-1]))
    out = np.array(out)
    got = client.get(f"/api/networks/{net['id']}/evaluate").json()
    R.assert_close(got["accuracy"], np.mean(out.argmax(1) == Y.argmax(1)), what="accuracy")
    R.assert_close(got["cost"], np.mean(-np.sum(Y * np.log(out), axis=1)), what="cost")
    assert got["accuracy"] > 0.5


def test_a_live_frame_of_a_softmax_network_is_its_backprop_and_evaluation(client):
    from test_live import events, flat  # the stream's own parser, shared with tests/test_live.py
    net = create(client, **{**DIGITS, "layers": [64, 12, 10]})
    answer = client.get(f"/api/networks/{net['id']}/train/stream",
                        params=dict(steps=30, steps_per_frame=30, learning_rate=0.5, batch_size=16, example=5))
    assert answer.status_code == 200, answer.text
    (_, frame), (end, _) = events(answer.text)
    assert end == "end"
    weights, biases = parameters(client.get(f"/api/networks/{net['id']}").json())
    ref = S.example(weights, biases, "sigmoid", "categorical_cross_entropy", *digits_row(client, 5))
    R.assert_close(frame["grad_w"], flat(ref.grad_w), what="frame grad_w")
    R.assert_close(frame["output"], ref.a[-1], what="frame output")
    R.assert_close(frame["example_cost"], ref.cost, what="frame example cost")
    evaluation = client.get(f"/api/networks/{net['id']}/evaluate").json()
    assert {k: frame[k] for k in evaluation} == evaluation


def test_the_grid_of_a_softmax_network_is_its_class_probabilities(client):
    net = create(client, layers=[2, 5, 3], hidden_activation="tanh", output_activation="softmax",
                 loss="categorical_cross_entropy", seed=6)
    weights, biases = parameters(net)
    r = client.post(f"/api/networks/{net['id']}/grid", json={"resolution": 4, "ranges": [
        {"low": -2, "high": 2}, {"low": -1, "high": 3}]})
    assert r.status_code == 200, r.text
    grid = r.json()
    xs, ys = grid["axes"]
    outputs = np.array(grid["outputs"])  # outputs[j][p], p = row * resolution + column
    for row, x2 in enumerate(ys):
        for column, x1 in enumerate(xs):
            ref = S.softmax(weights[1] @ S.hidden_sigma("tanh", weights[0] @ np.array([x1, x2]) + biases[0]) + biases[1])
            R.assert_close(outputs[:, row * 4 + column], ref, what=f"grid point ({x1}, {x2})")
    R.assert_close(outputs.sum(axis=0), np.ones(16), what="probabilities add up to 1")


def test_learning_one_drawn_digit_is_one_textbook_step(client):
    net = create(client, **DIGITS)
    weights, biases = parameters(net)
    x, y = digits_row(client, 12)
    r = client.post(f"/api/networks/{net['id']}/learn", json={"x": x.tolist(), "y": y.tolist(), "learning_rate": 0.5})
    assert r.status_code == 200, r.text
    got = r.json()
    after_w, after_b, costs = S.sgd(weights, biases, "sigmoid", "categorical_cross_entropy", [(x[None], y[None])], 0.5)
    R.assert_close(got["cost_before"], costs[0], what="cost before")
    R.assert_lists_close(parameters(got["network"])[0], after_w, "weights after /learn")
    R.assert_lists_close(parameters(got["network"])[1], after_b, "biases after /learn")
    R.assert_close(got["cost_after"], S.example(after_w, after_b, "sigmoid", "categorical_cross_entropy", x, y).cost,
                   what="cost after")
    r = client.post(f"/api/networks/{net['id']}/learn", json={"x": x.tolist(), "y": [0.5] * 10, "learning_rate": 0.5})
    assert r.status_code == 422 and "sum 1" in r.json()["detail"]
