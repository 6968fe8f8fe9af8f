"""Every endpoint, its happy path and its error cases."""
import json

import numpy as np
import pytest

from app.engine import Network, load_dataset


def create(client, **spec):
    body = {"layers": [2, 3, 3, 1], "dataset": "xor", "seed": 7, **spec}
    r = client.post("/api/networks", json=body)
    assert r.status_code == 201, r.text
    return r.json()


def post_raw(client, url, text):
    return client.post(url, content=text.encode(), headers={"content-type": "application/json"})


def test_health(client):
    assert client.get("/api/health").json() == {"status": "ok"}


def test_datasets_list_and_rows(client):
    listed = {d["name"]: d for d in client.get("/api/datasets").json()}
    assert set(listed) == {"xor", "circle", "gaussians", "spiral", "sine", "plane", "gaussian_hills", "chain",
                           "digits", "mnist"}
    for name in ("xor", "circle", "gaussians", "spiral"):
        assert (listed[name]["inputs"], listed[name]["outputs"], listed[name]["task"]) == (2, 1, "classification")
    assert (listed["sine"]["inputs"], listed["sine"]["task"]) == (1, "regression")
    assert listed["chain"]["size"] == 1
    assert (listed["digits"]["inputs"], listed["digits"]["outputs"]) == (64, 10)
    assert listed["digits"]["test_size"] > 0
    assert all(d["description"] for d in listed.values())
    rows = client.get("/api/datasets/xor").json()
    assert len(rows["x"]) == len(rows["y"]) == listed["xor"]["size"]
    assert set(y[0] for y in rows["y"]) == {0.0, 1.0}
    assert client.get("/api/datasets/nope").status_code == 404


def test_create_defaults_and_shapes(client):
    net = create(client, layers=[2, 4, 1])
    assert (net["hidden_activation"], net["output_activation"], net["loss"]) == ("sigmoid", "sigmoid", "mse")
    assert net["step"] == 0 and net["seed"] == 7 and net["dataset"] == "xor"
    assert [np.shape(w) for w in net["weights"]] == [(4, 2), (1, 4)]
    assert [np.shape(b) for b in net["biases"]] == [(4,), (1,)]
    d = load_dataset("xor")
    engine = Network.create([2, 4, 1], seed=7)
    assert np.array_equal(net["weights"][0], engine.weights[0])
    assert net["cost"] == pytest.approx(engine.cost(d.x, d.y), rel=1e-12)


def test_same_seed_same_weights_and_random_seed_reported(client):
    assert create(client)["weights"] == create(client)["weights"]
    r = client.post("/api/networks", json={"layers": [1, 1]})
    assert r.status_code == 201 and isinstance(r.json()["seed"], int) and r.json()["dataset"] is None


def test_get_and_delete(client):
    net = create(client)
    assert client.get(f"/api/networks/{net['id']}").json() == net
    assert client.delete(f"/api/networks/{net['id']}").status_code == 204
    for r in (client.get(f"/api/networks/{net['id']}"), client.delete(f"/api/networks/{net['id']}")):
        assert r.status_code == 404 and "POST /api/networks" in r.json()["detail"]


def test_forward(client):
    net = create(client)
    r = client.post(f"/api/networks/{net['id']}/forward", json={"x": [0.5, -0.25], "y": [1]}).json()
    engine = Network(net["layers"], "sigmoid", "sigmoid", "mse", net["weights"], net["biases"])
    fw = engine.forward(np.array([0.5, -0.25]))
    assert r["a"][0] == [0.5, -0.25] and len(r["a"]) == 4 and len(r["z"]) == 3
    assert np.allclose(r["a"][-1], fw.a[-1][0], rtol=1e-14)
    assert r["cost"] == pytest.approx((fw.a[-1][0, 0] - 1) ** 2, rel=1e-14)
    assert client.post(f"/api/networks/{net['id']}/forward", json={"x": [0.5, -0.25]}).json()["cost"] is None


def test_backprop_example_equals_xy(client):
    net = create(client)
    d = load_dataset("xor")
    by_row = client.post(f"/api/networks/{net['id']}/backprop", json={"example": 5}).json()
    by_xy = client.post(f"/api/networks/{net['id']}/backprop",
                        json={"x": d.x[5].tolist(), "y": d.y[5].tolist()}).json()
    assert by_row["example"] == 5 and by_xy["example"] is None
    for key in ("cost", "z", "a", "slope", "delta", "grad_a", "grad_w", "grad_b"):
        assert by_row[key] == by_xy[key]
    assert [len(v) for v in by_row["a"]] == [2, 3, 3, 1] and len(by_row["grad_a"]) == 4
    assert [len(v) for v in by_row["delta"]] == [3, 3, 1]
    # dC/dW^(l) = delta^(l) (a^(l-1))^T, dC/db = delta: the API's own numbers agree with each other.
    for l in range(1, 4):
        assert np.allclose(by_row["grad_w"][l - 1], np.outer(by_row["delta"][l - 1], by_row["a"][l - 1]), rtol=1e-14)
        assert by_row["grad_b"][l - 1] == by_row["delta"][l - 1]


def test_breakdown_output_and_hidden(client):
    net = create(client)
    out = client.post(f"/api/networks/{net['id']}/breakdown", json={"layer": 3, "j": 0, "k": 2, "example": 1}).json()
    assert out["paths"] == [] and out["weight"] == net["weights"][2][0][2]
    a_out = client.post(f"/api/networks/{net['id']}/forward", json={"x": load_dataset("xor").x[1].tolist()}).json()["a"][-1][0]
    assert out["error"] == pytest.approx(2 * (a_out - load_dataset("xor").y[1][0]), rel=1e-14)
    hidden = client.post(f"/api/networks/{net['id']}/breakdown", json={"layer": 2, "j": 1, "k": 0, "example": 1}).json()
    assert [p["i"] for p in hidden["paths"]] == [0]
    assert sum(p["contribution"] for p in hidden["paths"]) == pytest.approx(hidden["error"], rel=1e-14)
    for bd in (out, hidden):
        assert bd["error"] * bd["slope"] * bd["input"] == pytest.approx(bd["gradient"], rel=1e-14)
        assert bd["error"] * bd["slope"] == pytest.approx(bd["bias_gradient"], rel=1e-14)
        assert bd["numerical_gradient"] == pytest.approx(bd["gradient"], rel=1e-6, abs=1e-10)
        assert bd["numerical_bias_gradient"] == pytest.approx(bd["bias_gradient"], rel=1e-6, abs=1e-10)


def test_train_changes_weights_cost_and_step_deterministically(client):
    a, b = create(client), create(client)
    body = {"steps": 50, "learning_rate": 2.0, "batch_size": 16}
    ra = client.post(f"/api/networks/{a['id']}/train", json=body).json()
    rb = client.post(f"/api/networks/{b['id']}/train", json=body).json()
    assert len(ra["costs"]) == 50 and ra["network"]["step"] == 50 and ra["diverged"] is None
    assert ra["network"]["weights"] != a["weights"]
    assert ra["network"]["weights"] == rb["network"]["weights"] and ra["costs"] == rb["costs"]
    assert client.get(f"/api/networks/{a['id']}").json() == ra["network"]
    d = load_dataset("xor")
    trained = Network([2, 3, 3, 1], "sigmoid", "sigmoid", "mse", ra["network"]["weights"], ra["network"]["biases"])
    assert ra["cost"] == pytest.approx(trained.cost(d.x, d.y), rel=1e-12)
    # Training continues from the saved step: 50 + 50 in two calls = 100 in one.
    c = create(client)
    client.post(f"/api/networks/{a['id']}/train", json=body)
    rc = client.post(f"/api/networks/{c['id']}/train", json={**body, "steps": 100}).json()
    assert client.get(f"/api/networks/{a['id']}").json()["weights"] == rc["network"]["weights"]


def test_training_learns_xor(client):
    net = create(client, hidden_activation="tanh", seed=3)
    r = client.post(f"/api/networks/{net['id']}/train", json={"steps": 3000, "learning_rate": 0.5, "batch_size": 10}).json()
    assert r["cost"] < 0.5 * net["cost"]


def test_train_batch_larger_than_dataset_uses_all(client):
    net = create(client, layers=[1, 1, 1, 1], dataset="chain")
    r = client.post(f"/api/networks/{net['id']}/train", json={"steps": 3, "learning_rate": 0.5, "batch_size": 64}).json()
    assert r["batch_size"] == 1 and len(r["costs"]) == 3


def test_divergence_keeps_last_finite_parameters(client):
    net = create(client, layers=[1, 8, 1], dataset="sine", hidden_activation="linear", output_activation="linear", seed=1)
    r = client.post(f"/api/networks/{net['id']}/train", json={"steps": 500, "learning_rate": 50, "batch_size": 20})
    assert r.status_code == 200
    body = r.json()
    assert body["diverged"] is not None
    at = body["diverged"]["step"]
    assert body["network"]["step"] == at - 1 == len(body["costs"])
    assert "learning rate" in body["diverged"]["message"]
    assert np.isfinite(np.concatenate([np.ravel(w) for w in body["network"]["weights"]])).all()
    assert client.get(f"/api/networks/{net['id']}").json() == body["network"]


def test_hand_edits_and_reset(client):
    net = create(client)
    r = client.put(f"/api/networks/{net['id']}/weights/2/1/0", json={"value": 1.5})
    assert r.status_code == 200 and r.json()["weights"][1][1][0] == 1.5
    r = client.put(f"/api/networks/{net['id']}/biases/3/0", json={"value": -0.25})
    assert r.json()["biases"][2][0] == -0.25 and r.json()["weights"][1][1][0] == 1.5
    bd = client.post(f"/api/networks/{net['id']}/breakdown", json={"layer": 2, "j": 1, "k": 0, "example": 0}).json()
    assert bd["weight"] == 1.5
    client.post(f"/api/networks/{net['id']}/train", json={"steps": 5})
    reset = client.post(f"/api/networks/{net['id']}/reset").json()
    assert reset["weights"] == net["weights"] and reset["biases"] == net["biases"] and reset["step"] == 0


def test_cross_entropy_output_delta_is_a_minus_y(client):
    net = create(client, loss="cross_entropy")
    bp = client.post(f"/api/networks/{net['id']}/backprop", json={"example": 2}).json()
    assert bp["delta"][-1][0] == pytest.approx(bp["a"][-1][0] - bp["y"][0], rel=1e-14)


def test_cross_entropy_saturated_error_is_null_not_invalid_json(client):
    net = create(client, layers=[1, 1], dataset=None, loss="cross_entropy")
    client.put(f"/api/networks/{net['id']}/weights/1/0/0", json={"value": 1e6})
    r = client.post(f"/api/networks/{net['id']}/breakdown", json={"layer": 1, "j": 0, "k": 0, "x": [1000], "y": [0]})
    assert r.status_code == 200
    bd = r.json()
    assert bd["error"] is None and bd["slope"] == 0.0 and bd["gradient"] == pytest.approx(1000.0)


BAD_CREATES = [
    ({"layers": [2]}, "layers"),
    ({"layers": [2, 0, 1]}, "layer 1 has 0 neurons; at least 1 (a whole number)"),
    ({"layers": [2] * 11}, "layers has 11 sizes; give at most 10"),
    ({"layers": [2, 257, 1]}, "layer 1 has 257 neurons; at most 256"),
    ({"layers": [2, 256, 256, 256, 1]}, "parameters"),
    ({"layers": [2, 1], "hidden_activation": "elu"}, "hidden activation should be 'sigmoid', 'tanh'"),
    ({"layers": [2, 1], "hidden_activation": "softmax"}, "softmax is an output activation only"),
    ({"layers": [2, 1], "loss": "hinge"}, "loss should be 'mse', 'cross_entropy' or 'categorical_cross_entropy'"),
    ({"layers": [2, 1], "loss": "cross_entropy", "output_activation": "linear"}, "sigmoid"),
    ({"layers": [1, 1], "loss": "cross_entropy", "dataset": "sine"}, "[0, 1]"),
    ({"layers": [3, 1], "dataset": "xor"}, "first layer 2"),
    ({"layers": [2, 1], "dataset": "imagenet"}, "xor"),
    ({"layers": [2, 1], "dataset": "mnist"}, "first layer 784"),
    ({"layers": [2, 1], "seed": -1}, "seed -1 is less than the least allowed, 0"),
    ({"layers": [2, 1], "colour": "red"}, "colour is not a field of this request"),
]


@pytest.mark.parametrize("body,hint", BAD_CREATES)
def test_bad_creates_say_what_to_change(client, body, hint):
    r = client.post("/api/networks", json=body)
    assert r.status_code == 422, r.text
    assert hint in r.json()["detail"]


@pytest.mark.parametrize("text", [
    '{"layers": [2, NaN]}', '{"layers": [2, 1], "seed": Infinity}', '{"layers": [2, 1]', "[]", "",
])
def test_malformed_create_bodies(client, text):
    r = post_raw(client, "/api/networks", text)
    assert r.status_code == 422 and r.json()["detail"]


def test_bad_example_requests(client):
    net = create(client)
    url = f"/api/networks/{net['id']}"
    cases = [
        ("/backprop", '{"x": [1, 2, 3], "y": [1]}', "x must have 2"),
        ("/backprop", '{"x": [1, 2], "y": [1, 0]}', "y must have 1"),
        ("/backprop", '{"x": [1, 2]}', "give both x and y"),
        ("/backprop", '{"x": [1, 2], "y": [1], "example": 0}', "not both"),
        ("/backprop", '{"example": 200}', "0..199"),
        ("/backprop", '{"example": -1}', "example -1 is less than the least allowed, 0"),
        ("/backprop", '{"x": [NaN, 1], "y": [1]}', "finite"),
        ("/backprop", '{"x": [1e999, 1], "y": [1]}', "finite"),
        ("/backprop", '{"x": [1e7, 1], "y": [1]}', "x[0] 10000000 is more than the most allowed"),
        ("/forward", '{"x": [Infinity, 1]}', "finite"),
        ("/breakdown", '{"layer": 0, "j": 0, "k": 0, "example": 0}', "layer 0 is less than the least allowed, 1"),
        ("/breakdown", '{"layer": 4, "j": 0, "k": 0, "example": 0}', "1..3"),
        ("/breakdown", '{"layer": 1, "j": 3, "k": 0, "example": 0}', "0..2"),
        ("/breakdown", '{"layer": 1, "j": 0, "k": 2, "example": 0}', "0..1"),
        ("/train", '{"steps": 0}', "steps 0 is less than the least allowed, 1"),
        ("/train", '{"steps": 10001}', "steps 10001 is more than the most allowed, 10000"),
        ("/train", '{"learning_rate": 0}', "learning rate 0 is less than the least allowed"),
        ("/train", '{"learning_rate": NaN}', "learning rate must be a finite number"),
        ("/train", '{"batch_size": 0}', "batch size 0 is less than the least allowed, 1"),
    ]
    for path, text, hint in cases:
        r = post_raw(client, url + path, text)
        assert r.status_code == 422, (path, text, r.text)
        assert hint in r.json()["detail"], (path, text, r.json())
    assert client.get(url).json() == net


def test_example_needs_a_dataset_and_training_too(client):
    net = create(client, dataset=None)
    r = client.post(f"/api/networks/{net['id']}/backprop", json={"example": 0})
    assert r.status_code == 422 and "x and y" in r.json()["detail"]
    r = client.post(f"/api/networks/{net['id']}/train", json={"steps": 1})
    assert r.status_code == 409 and "data set" in r.json()["detail"]


def test_bad_edits(client):
    net = create(client)
    url = f"/api/networks/{net['id']}"
    assert client.put(f"{url}/weights/4/0/0", json={"value": 1}).status_code == 422
    r = client.put(f"{url}/weights/1/0/5", json={"value": 1})
    assert r.status_code == 422 and "k must be" in r.json()["detail"]
    r = client.put(f"{url}/biases/1/-1", json={"value": 1})
    assert r.status_code == 422 and "j must be" in r.json()["detail"]
    assert post_raw(client, f"{url}/reset", "").status_code == 200
    r = client.put(f"{url}/weights/1/0/0", content=b'{"value": NaN}', headers={"content-type": "application/json"})
    assert r.status_code == 422 and "finite" in r.json()["detail"]
    assert client.put(f"{url}/weights/1/0/0", json={"value": 2e6}).status_code == 422
    assert client.put("/api/networks/nope/weights/1/0/0", json={"value": 1}).status_code == 404


def test_overflowing_example_is_a_422_not_invalid_json(client):
    # Hand edits are bounded by MAX_ABS_VALUE, but long training can grow weights without bound:
    # plant such weights through the store, as a training run would leave them.
    net = create(client, layers=[1, 1, 1], hidden_activation="linear", output_activation="linear", dataset=None)
    with client.app.state.store.edit(net["id"]) as draft:
        draft.network.weights[0][0, 0] = draft.network.weights[1][0, 0] = 1e200
    for path, body in (("breakdown", {"layer": 1, "j": 0, "k": 0, "x": [1], "y": [0]}),
                       ("backprop", {"x": [1], "y": [0]}), ("forward", {"x": [1]})):
        r = client.post(f"/api/networks/{net['id']}/{path}", json=body)
        assert r.status_code == 422 and "float64" in r.json()["detail"], (path, r.text)


def test_body_size_limit(client):
    from app import limits

    r = post_raw(client, "/api/networks", json.dumps({"layers": [2, 1], "pad": "x" * limits.MAX_BODY_BYTES}))
    assert r.status_code == 413 and "bytes" in r.json()["detail"]


def test_security_headers(client):
    for path in ("/api/health", "/"):
        headers = client.get(path).headers
        assert "default-src 'self'" in headers["content-security-policy"]
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"


def test_openapi_docs(client):
    assert client.get("/docs").status_code == 200
    schema = client.get("/openapi.json").json()
    for path in ("/api/networks", "/api/networks/{network_id}/breakdown", "/api/networks/{network_id}/train"):
        assert path in schema["paths"]


def test_a_body_nested_too_deeply_to_parse_gets_a_400_that_says_what_to_send(client):
    r = client.post("/api/networks", content=b"[" * 100_000 + b"]" * 100_000,
                    headers={"content-type": "application/json"})
    assert r.status_code == 400
    assert "JSON object" in r.json()["detail"] and "nested" in r.json()["detail"]
    assert client.get("/api/networks/unknown-id").status_code == 404  # other HTTP errors unchanged
    assert client.get("/no/such/page").json() == {"detail": "Not Found"}


@pytest.mark.parametrize("body, field, name", [
    ({"layers": [2, 3, 1], "dataset": "xor", "seed": True}, "seed", "seed must be a whole number"),
    ({"layers": [2, "3", 1], "dataset": "xor"}, "layers.1", "layer 1 must be a whole number of neurons"),
    ({"layers": [2, 3.5, 1], "dataset": "xor"}, "layers.1", "layer 1 must be a whole number of neurons"),
])
def test_an_integer_field_takes_only_a_json_integer(client, body, field, name):
    r = client.post("/api/networks", json=body)
    assert r.status_code == 422
    assert r.json()["detail"].startswith(f"{name}, written as a JSON integer such as 3")
    assert r.json()["field"] == field
