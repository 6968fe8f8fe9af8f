"""POST /api/networks/{id}/learn: one SGD step on an example the request brings (a drawn digit).

The step is checked against tests/reference.py (autograd, no engine code): every parameter after it
must equal W - eta dC_0/dW of the example to 1e-12, and the costs and outputs before and after must
equal the reference forward pass of the weights before and after.
"""
import numpy as np
import pytest

import reference as R


def create(client, layers, dataset, loss="mse", seed=1, hidden="sigmoid", output="sigmoid"):
    r = client.post("/api/networks", json={"layers": layers, "hidden_activation": hidden,
                                           "output_activation": output, "loss": loss,
                                           "dataset": dataset, "seed": seed})
    assert r.status_code == 201, r.text
    return r.json()


def parameters(net):
    return [np.array(w, dtype=float) for w in net["weights"]], [np.array(b, dtype=float) for b in net["biases"]]


def learn(client, net, x, y, learning_rate):
    return client.post(f"/api/networks/{net['id']}/learn",
                       json={"x": list(map(float, x)), "y": list(map(float, y)), "learning_rate": learning_rate})


def drawn_like(rng, side):
    """A stroke-like image: a few bright blobs on black, in [0, 1], as the page's preprocessing gives."""
    image = np.zeros((side, side))
    rows, cols = np.mgrid[0:side, 0:side]
    for _ in range(4):
        r, c = rng.uniform(side * 0.25, side * 0.75, size=2)
        image += np.exp(-((rows - r) ** 2 + (cols - c) ** 2) / (2 * (side / 10) ** 2))
    return (image / image.max()).ravel()


def check_step(client, net, x, digit, learning_rate, loss):
    y = np.eye(10)[digit]
    weights, biases = parameters(net)
    before = R.example(weights, biases, "sigmoid", "sigmoid", loss, x, y)
    r = learn(client, net, x, y, learning_rate)
    assert r.status_code == 200, r.text
    got = r.json()
    after = got["network"]
    assert got["version"] == after["version"] == net["version"] + 1
    assert after["step"] == net["step"], "a step on a drawn example is not a step of the data set's stream"
    assert got["learning_rate"] == learning_rate
    new_w, new_b = parameters(after)
    for l in range(len(weights)):
        expected_w = weights[l] - learning_rate * before.grad_w[l]
        expected_b = biases[l] - learning_rate * before.grad_b[l]
        np.testing.assert_allclose(new_w[l], expected_w, rtol=0, atol=1e-12, err_msg=f"W^({l + 1}) after the step")
        np.testing.assert_allclose(new_b[l], expected_b, rtol=0, atol=1e-12, err_msg=f"b^({l + 1}) after the step")
    # Something really moved: the check above cannot pass by leaving the network as it was.
    assert max(float(np.abs(n - w).max()) for n, w in zip(new_w, weights)) > 1e-6
    R.assert_close(got["cost_before"], before.cost, rtol=1e-12, atol=1e-15, what="cost before")
    R.assert_close(got["output_before"], before.a[-1], rtol=1e-12, atol=1e-15, what="output before")
    _, a_after = R.forward(new_w, new_b, "sigmoid", "sigmoid", x)
    cost_after = R.example(new_w, new_b, "sigmoid", "sigmoid", loss, x, y).cost
    R.assert_close(got["output_after"], a_after[-1], rtol=1e-12, atol=1e-15, what="output after")
    R.assert_close(got["cost_after"], cost_after, rtol=1e-12, atol=1e-15, what="cost after")
    # A small step downhill lowers this example's cost.
    assert got["cost_after"] < got["cost_before"]
    # Saved: the network as read back is the one answered, and its data-set cost follows the step.
    stored = client.get(f"/api/networks/{net['id']}").json()
    assert stored["version"] == after["version"]
    assert stored["weights"] == after["weights"] and stored["biases"] == after["biases"]
    d = client.get(f"/api/datasets/{net['dataset']}").json()
    expected_cost = R.mean_cost(new_w, new_b, "sigmoid", "sigmoid", loss, np.array(d["x"]), np.array(d["y"]))
    R.assert_close(stored["cost"], expected_cost, rtol=1e-12, atol=1e-15, what="data-set cost after")
    # /forward on the saved network agrees with what /learn said the output became.
    fw = client.post(f"/api/networks/{net['id']}/forward", json={"x": list(map(float, x))}).json()
    assert fw["a"][-1] == got["output_after"]
    return got


def test_one_step_on_a_drawn_28x28_digit_is_w_minus_eta_gradient(client):
    net = create(client, [784, 16, 16, 10], "mnist")
    x = drawn_like(np.random.default_rng(3), 28)
    check_step(client, net, x, 7, 3.0, "mse")


@pytest.mark.parametrize("loss", ["mse", "cross_entropy"])
def test_one_step_on_a_drawn_8x8_digit(client, loss):
    net = create(client, [64, 16, 16, 10], "digits", loss=loss)
    x = np.round(drawn_like(np.random.default_rng(5), 8) * 16) / 16
    got = check_step(client, net, x, 3, 1.0, loss)
    # A second step starts from the first one's network.
    second = check_step(client, got["network"], x, 3, 1.0, loss)
    assert second["cost_before"] == pytest.approx(got["cost_after"], rel=1e-12)


def test_learn_keeps_the_cost_history_and_the_training_stream(client):
    """/train after /learn draws the same mini-batches as without it: the cursor did not move."""
    a, b = create(client, [64, 16, 16, 10], "digits", seed=4), create(client, [64, 16, 16, 10], "digits", seed=4)
    x = drawn_like(np.random.default_rng(8), 8)
    assert learn(client, a, x, np.eye(10)[0], 1e-9).status_code == 200
    points = lambda net: {k: v for k, v in client.get(f"/api/networks/{net['id']}/history").json().items()
                          if k in ("batch", "evals")}
    assert points(a) == points(b) and points(a)["evals"]
    # With eta = 1e-9 the networks are nearly equal: the same batch gives nearly the same cost.
    ta = client.post(f"/api/networks/{a['id']}/train", json={"steps": 3, "learning_rate": 0.5, "batch_size": 7}).json()
    tb = client.post(f"/api/networks/{b['id']}/train", json={"steps": 3, "learning_rate": 0.5, "batch_size": 7}).json()
    assert ta["network"]["step"] == tb["network"]["step"] == 3
    np.testing.assert_allclose(ta["costs"], tb["costs"], rtol=1e-6)


@pytest.mark.parametrize("change, expected", [
    ({"x": [0.5] * 783}, "x must have 784 number(s)"),
    ({"x": [0.5] * 785}, "x must have 784 number(s)"),
    ({"y": [0.0] * 9 + [1.0, 0.0]}, "y must have 10 number(s)"),
    ({"learning_rate": 0}, "learning"),
    ({"learning_rate": 101}, "learning"),
    ({"x": [0.5] * 1025}, "x"),
    ({"x": [2e6] * 784}, "x"),
    ({"learning_rate": "3"}, "learning"),
    ({"example": 3}, "example"),
])
def test_a_body_that_does_not_fit_the_network_is_refused_with_what_to_change(client, change, expected):
    net = create(client, [784, 16, 16, 10], "mnist")
    body = {"x": [0.5] * 784, "y": [0.0] * 9 + [1.0], "learning_rate": 3.0, **change}
    r = client.post(f"/api/networks/{net['id']}/learn", json=body)
    assert r.status_code == 422, r.text
    assert expected in r.json()["detail"]
    assert client.get(f"/api/networks/{net['id']}").json()["version"] == net["version"], "nothing saved"


def test_missing_fields_nan_and_unknown_network(client):
    net = create(client, [64, 16, 16, 10], "digits", loss="cross_entropy")
    url = f"/api/networks/{net['id']}/learn"
    r = client.post(url, json={"x": [0.0] * 64, "y": [0.0] * 10})
    assert r.status_code == 422 and "learning rate is missing" in r.json()["detail"]
    r = client.post(url, content=b'{"x": [NaN], "y": [1], "learning_rate": 1}', headers={"Content-Type": "application/json"})
    assert r.status_code == 422 and "NaN" in r.json()["detail"]
    r = client.post(url, json={"x": [0.0] * 64, "y": [2.0] + [0.0] * 9, "learning_rate": 1})
    assert r.status_code == 422 and "cross_entropy needs every y in [0, 1]" in r.json()["detail"]
    r = client.post("/api/networks/nope/learn", json={"x": [0.0] * 64, "y": [0.0] * 10, "learning_rate": 1})
    assert r.status_code == 404 and "no network" in r.json()["detail"]


def test_a_step_beyond_float64_is_refused_and_nothing_is_saved(client):
    """Five linear layers of weight 1e6: the step's gradients (about 1e54) move every weight so far
    that the output after it overflows, so the step is refused like a diverging /train step."""
    net = create(client, [1, 1, 1, 1, 1, 1], None, hidden="linear", output="linear")
    for l in range(1, 6):
        r = client.put(f"/api/networks/{net['id']}/weights/{l}/0/0", json={"value": 1e6})
        assert r.status_code == 200
    edited = r.json()
    r = client.post(f"/api/networks/{net['id']}/learn", json={"x": [1e6], "y": [0.0], "learning_rate": 1e-3})
    assert r.status_code == 422, r.text
    detail = r.json()["detail"]
    assert "not applied" in detail and "such as 0.0001" in detail
    after = client.get(f"/api/networks/{net['id']}").json()
    assert after["version"] == edited["version"] and after["weights"] == edited["weights"]
