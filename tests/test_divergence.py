"""Divergence leaves a network every example can still be explained on, in /train and live alike."""
import json

import numpy as np

from app.engine import Network, load_dataset, train
from app.engine.settled import settled

# The lesson's example: a large learning rate on sine drives a ReLU bias to ~1e155 at a step whose
# parameters are finite but whose output, squared for the cost, is not.
SPEC = dict(layers=[1, 8, 1], hidden_activation="relu", output_activation="linear", loss="mse",
            dataset="sine", seed=1)
TRAIN = dict(steps=200, learning_rate=100, batch_size=10)


def create(client) -> dict:
    answer = client.post("/api/networks", json=SPEC)
    assert answer.status_code == 201, answer.text
    return answer.json()


def events(text: str) -> list[tuple[str, dict]]:
    parsed = []
    for block in filter(str.strip, text.split("\n\n")):
        lines = dict(line.split(": ", 1) for line in block.splitlines())
        parsed.append((lines["event"], json.loads(lines["data"])))
    return parsed


def assert_every_example_answers(client, network: dict) -> None:
    """The data set's cost is a number, and /backprop of every row and /breakdown of every weight of
    the costliest row answer 200 with finite numbers."""
    nid = network["id"]
    assert network["cost"] is not None and np.isfinite(network["cost"])
    evaluation = client.get(f"/api/networks/{nid}/evaluate").json()
    assert evaluation["cost"] == network["cost"]
    costs = []
    for row in range(evaluation["size"]):
        answer = client.post(f"/api/networks/{nid}/backprop", json={"example": row})
        assert answer.status_code == 200, (row, answer.text)
        costs.append(answer.json()["cost"])
    assert np.isclose(np.mean(costs), network["cost"], rtol=1e-12)
    worst = int(np.argmax(costs))
    for layer, w in enumerate(network["weights"], start=1):
        for j, row in enumerate(w):
            for k in range(len(row)):
                answer = client.post(f"/api/networks/{nid}/breakdown",
                                     json={"example": worst, "layer": layer, "j": j, "k": k})
                assert answer.status_code == 200, (layer, j, k, answer.text)


def test_the_lessons_divergence_keeps_a_step_every_example_answers_for(client):
    net = create(client)
    answer = client.post(f"/api/networks/{net['id']}/train", json=TRAIN)
    assert answer.status_code == 200
    body = answer.json()
    diverged, network = body["diverged"], body["network"]
    assert diverged is not None
    assert diverged["kept_step"] == diverged["step"] - 1 == network["step"] == len(body["costs"])
    assert diverged["smaller_learning_rate"] == 10
    assert f"stays at step {diverged['kept_step']}" in diverged["message"]
    assert "such as 10" in diverged["message"] and "Reset" in diverged["message"]
    assert body["cost"] == network["cost"]
    assert client.get(f"/api/networks/{net['id']}").json() == network
    assert_every_example_answers(client, network)
    # Training on refuses the same step again and keeps the network where it is.
    again = client.post(f"/api/networks/{net['id']}/train", json=TRAIN).json()
    assert again["diverged"]["step"] == diverged["step"] and again["network"]["step"] == network["step"]
    assert again["network"]["weights"] == network["weights"]


def test_a_live_stream_refuses_the_same_step(client):
    streamed, trained = create(client), create(client)
    answer = client.get(f"/api/networks/{streamed['id']}/train/stream",
                        params=dict(steps=200, steps_per_frame=7, learning_rate=100, batch_size=10))
    got = events(answer.text)
    assert [name for name, _ in got[-2:]] == ["diverged", "end"]
    diverged, end = got[-2][1], got[-1][1]
    expected = client.post(f"/api/networks/{trained['id']}/train", json=TRAIN).json()
    assert diverged == expected["diverged"]
    assert end["reason"] == "diverged" and end["step"] == diverged["kept_step"]
    # The last frame is the kept network, with a finite data-set cost.
    frame = got[-3][1]
    assert frame["step"] == diverged["kept_step"] and frame["cost"] == expected["cost"]
    network = client.get(f"/api/networks/{streamed['id']}").json()
    for key in ("step", "weights", "biases", "cost"):
        assert network[key] == expected["network"][key], key
    assert_every_example_answers(client, network)


def test_the_engine_refuses_the_first_unsettled_step_in_any_chunking():
    d = load_dataset("sine")
    net = Network.create([1, 8, 1], "relu", "linear", "mse", seed=1)
    start = net.copy()
    whole = train(net, d.x, d.y, steps=200, learning_rate=100.0, batch_size=10, seed=1, cursor=0)
    assert whole.diverged_at is not None and settled(net, d.x, d.y)
    # The refused step, applied, leaves finite parameters but an unsettled data set.
    probe = net.copy()
    with np.errstate(all="ignore"):
        extra = train(probe, d.x, d.y, steps=1, learning_rate=100.0, batch_size=10, seed=1,
                      cursor=whole.steps_done * 10)
    assert extra.diverged_at == 1 and extra.steps_done == 0
    # Chunks of 7 steps stop at the same step with the same parameters.
    cursor = done = 0
    while True:
        part = train(start, d.x, d.y, steps=7, learning_rate=100.0, batch_size=10, seed=1, cursor=cursor)
        done, cursor = done + part.steps_done, cursor + part.steps_done * 10
        if part.diverged_at is not None:
            break
    assert done == whole.steps_done
    assert all(np.array_equal(a, b) for a, b in zip(start.weights + start.biases, net.weights + net.biases))


def test_a_network_that_starts_unsettled_is_held_to_finite_parameters_only():
    # C_0 = (1e153)^2 is finite, but its central difference is not: unsettled from the start.
    x, y = np.array([[1.0]]), np.array([[0.0]])
    net = Network([1, 1], "linear", "linear", "mse", [np.array([[1e153]])], [np.array([0.0])])
    assert not settled(net, x, y)
    result = train(net, x, y, steps=3, learning_rate=1e-9, batch_size=1, seed=0, cursor=0)
    assert (result.steps_done, result.diverged_at) == (3, None)
    assert net.weights[0][0, 0] < 1e153


def test_the_advice_never_offers_the_same_learning_rate():
    from app import limits
    from app.training import divergence

    usual = divergence(7, 0.3)
    assert (usual.step, usual.kept_step, usual.smaller_learning_rate) == (7, 6, 0.03)
    assert "smaller learning rate than 0.3, such as 0.03, or Reset" in usual.message
    lowest = divergence(7, limits.MIN_LEARNING_RATE)
    assert lowest.smaller_learning_rate == limits.MIN_LEARNING_RATE
    assert "already the smallest allowed: Reset" in lowest.message and "such as" not in lowest.message
