"""Pictures: the grid is the forward pass at each of its points; evaluate counts what it says it counts."""
import base64

import numpy as np
import pytest

from app.engine.images import load_images


def create(client, **spec) -> dict:
    answer = client.post("/api/networks", json=spec)
    assert answer.status_code == 201, answer.text
    return answer.json()


def forward(client, network_id: str, x: list[float]) -> list[list[float]]:
    answer = client.post(f"/api/networks/{network_id}/forward", json={"x": x})
    assert answer.status_code == 200
    return answer.json()["a"]


def test_the_grid_is_the_forward_pass_at_every_sampled_point(client):
    net = create(client, layers=[2, 3, 4, 1], hidden_activation="tanh", dataset="spiral", seed=5)
    resolution = 7
    body = {"resolution": resolution, "ranges": [{"low": -2, "high": 1}, {"low": 0.5, "high": 3}]}
    picture = client.post(f"/api/networks/{net['id']}/grid", json=body).json()
    assert picture["inputs"] == 2 and picture["resolution"] == resolution
    assert picture["axes"] == [np.linspace(-2, 1, 7).tolist(), np.linspace(0.5, 3, 7).tolist()]
    assert len(picture["outputs"]) == 1 and len(picture["outputs"][0]) == resolution ** 2
    assert [len(layer) for layer in picture["hidden"]] == [3, 4]
    for row, column in [(0, 0), (0, 6), (6, 0), (3, 5), (6, 6)]:
        point = row * resolution + column
        a = forward(client, net["id"], [picture["axes"][0][column], picture["axes"][1][row]])
        np.testing.assert_allclose(picture["outputs"][0][point], a[3][0], rtol=1e-12, atol=1e-15)
        for l, layer in enumerate(picture["hidden"], start=1):
            np.testing.assert_allclose([neuron[point] for neuron in layer], a[l], rtol=1e-12, atol=1e-15)


def test_a_one_input_network_gets_its_fitted_curve_over_the_data(client):
    net = create(client, layers=[1, 6, 1], hidden_activation="tanh", output_activation="linear",
                 dataset="sine", seed=1)
    picture = client.post(f"/api/networks/{net['id']}/grid", json={"resolution": 11, "hidden": False}).json()
    (xs,) = picture["axes"]
    assert picture["inputs"] == 1 and len(xs) == 11 and picture["hidden"] == []
    # The default range covers every x of the data set.
    assert xs[0] < -1 and xs[-1] > 1
    for i in (0, 4, 10):
        np.testing.assert_allclose(picture["outputs"][0][i], forward(client, net["id"], [xs[i]])[-1][0],
                                   rtol=1e-12, atol=1e-15)


def test_f32_grid_is_the_json_grid_in_float32(client):
    net = create(client, layers=[2, 4, 1], dataset="circle", seed=0)
    url = f"/api/networks/{net['id']}/grid"
    as_json = client.post(url, json={"resolution": 9}).json()
    as_f32 = client.post(url, json={"resolution": 9, "encoding": "f32"}).json()
    decoded = np.frombuffer(base64.b64decode(as_f32["hidden"][0][2]), dtype="<f4")
    assert np.array_equal(decoded, np.float32(as_json["hidden"][0][2]))


@pytest.mark.parametrize("layers, body, words", [
    ([64, 10], {}, "1 or 2 inputs"),
    ([2, 1], {"ranges": [{"low": 0, "high": 1}]}, "ranges must have 2 entries"),
    ([2, 1], {"ranges": [{"low": 1, "high": 1}, {"low": 0, "high": 1}]}, "low must be smaller than high"),
    ([2, 1], {"resolution": 100_000}, "resolution"),
    ([2, 256, 256, 1], {"resolution": 100}, "set hidden to false"),
    ([2, 256, 256, 1], {"resolution": 256, "hidden": False}, "lower the resolution"),
])
def test_grids_beyond_the_limits_get_a_422_saying_what_to_change(client, layers, body, words):
    net = create(client, layers=layers)
    answer = client.post(f"/api/networks/{net['id']}/grid", json=body)
    assert answer.status_code == 422
    assert words in answer.json()["detail"]


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def plain_forward(network: dict, x: np.ndarray) -> np.ndarray:
    a = x
    for w, b in zip(network["weights"], network["biases"]):
        a = sigmoid(a @ np.array(w).T + np.array(b))
    return a


def test_digit_accuracy_is_the_share_of_argmax_hits_on_each_split(client):
    net = create(client, layers=[64, 20, 10], dataset="digits", seed=9)
    client.post(f"/api/networks/{net['id']}/train", json={"steps": 300, "learning_rate": 1.0, "batch_size": 32})
    network = client.get(f"/api/networks/{net['id']}").json()
    got = client.get(f"/api/networks/{net['id']}/evaluate").json()
    digits = load_images("digits")
    for split, prefix in ((digits.train, ""), (digits.test, "test_")):
        out = plain_forward(network, split.x)
        hits = sum(int(np.argmax(row)) == int(label) for row, label in zip(out, split.labels))
        assert got[prefix + "size"] == len(split.labels)
        assert got[prefix + "accuracy"] == pytest.approx(hits / len(split.labels), abs=1e-12)
        assert got[prefix + "cost"] == pytest.approx(np.mean(np.sum((out - split.y) ** 2, axis=1)), rel=1e-9)
    assert got["cost"] == network["cost"]
    assert got["accuracy"] > 0.5  # trained: well above the 10% of guessing


def test_binary_accuracy_thresholds_the_output_at_one_half(client):
    net = create(client, layers=[2, 6, 1], dataset="gaussians", seed=2)
    client.post(f"/api/networks/{net['id']}/train", json={"steps": 100, "learning_rate": 1.0, "batch_size": 20})
    network = client.get(f"/api/networks/{net['id']}").json()
    data = client.get("/api/datasets/gaussians").json()
    out = plain_forward(network, np.array(data["x"]))[:, 0]
    hits = sum((o >= 0.5) == (y == 1.0) for o, (y,) in zip(out, data["y"]))
    got = client.get(f"/api/networks/{net['id']}/evaluate").json()
    assert got == {"dataset": "gaussians", "task": "classification", "size": 200, "cost": network["cost"],
                   "accuracy": pytest.approx(hits / 200, abs=1e-12), "test_size": 0, "test_cost": None,
                   "test_accuracy": None, "version": network["version"]}


def test_regression_has_no_accuracy_and_a_bare_network_nothing_to_evaluate(client):
    sine = create(client, layers=[1, 4, 1], output_activation="linear", dataset="sine", seed=0)
    got = client.get(f"/api/networks/{sine['id']}/evaluate").json()
    assert got["task"] == "regression" and got["accuracy"] is None and got["cost"] == sine["cost"]
    bare = create(client, layers=[2, 1])
    assert client.get(f"/api/networks/{bare['id']}/evaluate").status_code == 409
    assert client.get("/api/networks/nope/evaluate").status_code == 404


def test_limits_list_the_stream_and_picture_bounds(client):
    got = client.get("/api/limits").json()
    for key in ("max_stream_frames", "max_stream_steps", "max_frames_per_second", "max_grid_resolution",
                "max_grid_values", "max_grid_work"):
        assert isinstance(got[key], int), key
