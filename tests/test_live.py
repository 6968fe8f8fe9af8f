"""The live training stream: its events carry the API's own numbers, and streamed training is /train."""
import base64
import json
import time

import httpx
import numpy as np
import pytest

from live_server import LiveServer


def events(text: str) -> list[tuple[str, dict]]:
    """Parse server-sent events (every event here has one `event:` and one `data:` line)."""
    parsed = []
    for block in text.split("\n\n"):
        if not block.strip():
            continue
        lines = dict(line.split(": ", 1) for line in block.splitlines())
        parsed.append((lines["event"], json.loads(lines["data"])))
    return parsed


def create(client, **spec) -> dict:
    answer = client.post("/api/networks", json=spec)
    assert answer.status_code == 201, answer.text
    return answer.json()


def stream(client, network_id: str, **params) -> list[tuple[str, dict]]:
    answer = client.get(f"/api/networks/{network_id}/train/stream", params=params)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/event-stream")
    return events(answer.text)


def flat(arrays) -> list[float]:
    return [v for a in arrays for v in np.ravel(a).tolist()]


def same_state(client, a: str, b: str) -> None:
    first, second = client.get(f"/api/networks/{a}").json(), client.get(f"/api/networks/{b}").json()
    for key in ("step", "weights", "biases", "cost"):
        assert first[key] == second[key], key


SPEC = dict(layers=[2, 5, 4, 1], hidden_activation="tanh", dataset="xor", seed=7)


@pytest.mark.parametrize("steps_per_frame", [7, None], ids=["fixed chunks", "adaptive chunks"])
def test_streamed_training_equals_one_train_call_of_the_same_steps(client, steps_per_frame):
    streamed, trained = create(client, **SPEC), create(client, **SPEC)
    params = dict(steps=60, learning_rate=0.3, batch_size=8)
    if steps_per_frame:
        params["steps_per_frame"] = steps_per_frame
    got = stream(client, streamed["id"], **params)
    answer = client.post(f"/api/networks/{trained['id']}/train",
                         json=dict(steps=60, learning_rate=0.3, batch_size=8))
    assert answer.status_code == 200
    same_state(client, streamed["id"], trained["id"])

    frames = [data for name, data in got if name == "frame"]
    assert [name for name, _ in got] == ["frame"] * len(frames) + ["end"]
    assert sum(f["steps"] for f in frames) == 60
    assert [f["step"] for f in frames] == list(np.cumsum([f["steps"] for f in frames]))
    assert [f["frame"] for f in frames] == list(range(1, len(frames) + 1))
    if steps_per_frame:
        assert [f["steps"] for f in frames] == [7] * 8 + [4]
    assert got[-1][1] == {"reason": "steps", "step": 60, "frames": len(frames), "diverged": None}
    final = client.get(f"/api/networks/{streamed['id']}").json()
    assert frames[-1]["weights"] == flat(final["weights"])
    assert frames[-1]["biases"] == flat(final["biases"])
    assert frames[-1]["cost"] == final["cost"]
    # The mini-batch costs of /train, in the chunks the stream took.
    costs, at = answer.json()["costs"], 0
    for f in frames:
        assert f["batch_cost"] == pytest.approx(np.mean(costs[at:at + f["steps"]]), rel=1e-12)
        at += f["steps"]


def test_a_frame_carries_the_examples_backprop_and_the_evaluation(client):
    net = create(client, layers=[64, 12, 10], dataset="digits", seed=3, loss="cross_entropy")
    got = stream(client, net["id"], steps=40, steps_per_frame=40, learning_rate=0.5, batch_size=16, example=5)
    (_, frame), (end, _) = got
    assert end == "end"
    backprop = client.post(f"/api/networks/{net['id']}/backprop", json={"example": 5}).json()
    assert frame["example"] == 5
    assert frame["grad_w"] == flat(backprop["grad_w"])
    assert frame["grad_b"] == flat(backprop["grad_b"])
    assert frame["activations"] == flat(backprop["a"])
    assert frame["output"] == backprop["a"][-1]
    assert frame["example_cost"] == backprop["cost"]
    evaluation = client.get(f"/api/networks/{net['id']}/evaluate").json()
    assert {k: frame[k] for k in evaluation} == evaluation
    assert evaluation["test_size"] > 0 and evaluation["test_accuracy"] is not None


def test_f32_encoding_is_the_same_numbers_as_float32(client):
    a, b = create(client, **SPEC), create(client, **SPEC)
    (_, as_json), _ = stream(client, a["id"], steps=5, steps_per_frame=5, grid=4)
    (_, as_f32), _ = stream(client, b["id"], steps=5, steps_per_frame=5, grid=4, encoding="f32")

    def decode(text):
        return np.frombuffer(base64.b64decode(text), dtype="<f4")

    for key in ("weights", "biases", "grad_w", "grad_b", "activations"):
        assert np.array_equal(decode(as_f32[key]), np.float32(as_json[key])), key
    assert np.array_equal(decode(as_f32["grid"]["outputs"][0]), np.float32(as_json["grid"]["outputs"][0]))
    assert np.array_equal(decode(as_f32["grid"]["hidden"][1][3]), np.float32(as_json["grid"]["hidden"][1][3]))


def test_the_grid_in_a_frame_is_the_grid_endpoint_after_that_chunk(client):
    net = create(client, **SPEC)
    (_, frame), _ = stream(client, net["id"], steps=9, steps_per_frame=9, grid=6, hidden="false")
    picture = client.post(f"/api/networks/{net['id']}/grid", json={"resolution": 6, "hidden": False}).json()
    assert frame["grid"] == picture
    assert picture["hidden"] == []


def test_pause_and_resume_continue_from_the_saved_step(client):
    streamed, trained = create(client, **SPEC), create(client, **SPEC)
    stream(client, streamed["id"], steps=25, steps_per_frame=10, batch_size=4)
    assert client.get(f"/api/networks/{streamed['id']}").json()["step"] == 25
    got = stream(client, streamed["id"], steps=35, steps_per_frame=6, batch_size=4)
    assert got[0][1]["step"] == 31
    client.post(f"/api/networks/{trained['id']}/train", json=dict(steps=60, batch_size=4))
    same_state(client, streamed["id"], trained["id"])


def test_a_diverging_stream_says_so_and_keeps_the_last_finite_parameters(client):
    spec = dict(layers=[1, 8, 1], hidden_activation="relu", output_activation="linear", dataset="sine", seed=2)
    streamed, trained = create(client, **spec), create(client, **spec)
    got = stream(client, streamed["id"], steps=500, steps_per_frame=50, learning_rate=100, batch_size=4)
    names = [name for name, _ in got]
    assert names[-2:] == ["diverged", "end"] and set(names[:-2]) == {"frame"}
    diverged, end = got[-2][1], got[-1][1]
    answer = client.post(f"/api/networks/{trained['id']}/train",
                         json=dict(steps=500, learning_rate=100, batch_size=4)).json()
    assert diverged == answer["diverged"]
    assert end == {"reason": "diverged", "step": diverged["step"] - 1, "frames": len(got) - 2,
                   "diverged": diverged}
    same_state(client, streamed["id"], trained["id"])
    assert all(np.isfinite(flat(client.get(f"/api/networks/{streamed['id']}").json()["weights"])))


def test_max_frames_ends_the_stream(client):
    net = create(client, **SPEC)
    got = stream(client, net["id"], steps_per_frame=3, max_frames=4)
    assert [name for name, _ in got] == ["frame"] * 4 + ["end"]
    assert got[-1][1]["reason"] == "frames" and got[-1][1]["step"] == 12


@pytest.mark.parametrize("params, status, words", [
    ({"example": 200}, 422, "example must be a row of xor"),
    ({"learning_rate": "nan"}, 422, "learning rate must be a finite number"),
    ({"steps_per_frame": 0}, 422, "steps per frame 0 is less than the least allowed, 1"),
    ({"fps": 1000}, 422, "fps 1000 is more than the most allowed, 60"),
    ({"encoding": "xml"}, 422, "encoding should be 'json' or 'f32'"),
])
def test_bad_stream_parameters_get_a_json_error_before_any_event(client, params, status, words):
    net = create(client, **SPEC)
    answer = client.get(f"/api/networks/{net['id']}/train/stream", params=params)
    assert answer.status_code == status
    assert words in answer.json()["detail"]


def test_a_stream_needs_a_data_set_and_a_network(client):
    bare = create(client, layers=[2, 2, 1])
    assert client.get(f"/api/networks/{bare['id']}/train/stream").status_code == 409
    assert client.get("/api/networks/nope/train/stream").status_code == 404


def test_steps_per_frame_is_bounded_by_the_work_limit(client):
    from app import limits

    net = create(client, layers=[64, 128, 64, 10], dataset="digits", seed=0)
    params = 64 * 128 + 128 + 128 * 64 + 64 + 64 * 10 + 10
    cap = limits.MAX_TRAIN_WORK // (1024 * params)
    answer = client.get(f"/api/networks/{net['id']}/train/stream",
                        params={"batch_size": 1024, "steps_per_frame": cap + 1})
    assert answer.status_code == 422
    assert f"at most {cap} steps per frame" in answer.json()["detail"]


# -- a real server: the client leaves in the middle of the stream ----------------------------------
@pytest.fixture
def server(tmp_path):
    with LiveServer(tmp_path / "data") as live, httpx.Client(base_url=live.url, timeout=30) as client:
        yield client


def settled_step(client, network_id: str, quiet_seconds: float = 2.0) -> int:
    """The step once it has not changed for quiet_seconds: the stream's thread may still finish its
    last chunk, and on a loaded machine one chunk can outlast a short wait."""
    previous, unchanged_since = None, time.monotonic()
    deadline = unchanged_since + 60
    while time.monotonic() < deadline:
        step = client.get(f"/api/networks/{network_id}").json()["step"]
        if step != previous:
            previous, unchanged_since = step, time.monotonic()
        elif time.monotonic() - unchanged_since >= quiet_seconds:
            return step
        time.sleep(0.25)
    raise AssertionError(f"training went on after the client left (step {previous})")


def test_leaving_the_stream_pauses_training_on_a_saved_chunk(server):
    spec = dict(layers=[64, 32, 10], dataset="digits", seed=4)
    streamed, trained = create(server, **spec), create(server, **spec)
    seen = []
    with server.stream("GET", f"/api/networks/{streamed['id']}/train/stream",
                       params={"batch_size": 16, "learning_rate": 0.3}) as answer:
        for line in answer.iter_lines():
            if line.startswith("data: "):
                seen.append(json.loads(line[6:])["step"])
                if len(seen) == 3:
                    break
    step = settled_step(server, streamed["id"])
    assert step >= seen[-1]
    server.post(f"/api/networks/{trained['id']}/train", json=dict(steps=step, learning_rate=0.3, batch_size=16))
    same_state(server, streamed["id"], trained["id"])
    # Resuming is a new stream from the saved step.
    with server.stream("GET", f"/api/networks/{streamed['id']}/train/stream",
                       params={"steps": 5, "steps_per_frame": 5, "batch_size": 16}) as answer:
        first = next(json.loads(line[6:]) for line in answer.iter_lines() if line.startswith("data: "))
    assert first["step"] == step + 5
