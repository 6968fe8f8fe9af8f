"""Two app instances (`python -m uvicorn app.main:app`, separate data directories) on one real
PostgreSQL database: each serves every network, writes to one network stay serial across them, a
pause sent to one stops a stream on the other, and kill -9 of one loses nothing it acknowledged."""
from __future__ import annotations

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import numpy as np
import pytest
import reference as R
from live_server import LiveServer

SPEC = {"layers": [2, 3, 1], "hidden_activation": "tanh", "output_activation": "sigmoid", "loss": "mse",
        "dataset": "xor", "seed": 5}


@pytest.fixture
def pair(postgres, tmp_path):
    """Instances A and B on one fresh schema of the test server."""
    url = postgres.schema()
    env = {"BACKPROP_LAB_DATABASE_URL": url}
    with LiveServer(tmp_path / "a", env=env) as a, LiveServer(tmp_path / "b", env=env) as b:
        yield a, b


def create(server: LiveServer, **spec) -> dict:
    r = httpx.post(f"{server.url}/api/networks", json={**SPEC, **spec}, timeout=30)
    assert r.status_code == 201, r.text
    return r.json()


def get(server: LiveServer, network_id: str) -> httpx.Response:
    return httpx.get(f"{server.url}/api/networks/{network_id}", timeout=30)


def test_each_instance_serves_what_the_other_wrote(pair):
    a, b = pair
    net = create(a)
    seen = get(b, net["id"])
    assert seen.status_code == 200
    assert {k: seen.json()[k] for k in ("weights", "biases", "version", "step")} == \
        {k: net[k] for k in ("weights", "biases", "version", "step")}
    r = httpx.put(f"{b.url}/api/networks/{net['id']}/weights/1/0/1", json={"value": 0.25}, timeout=30)
    assert r.status_code == 200, r.text
    # A has this network cached at version 1: it must notice the stored version moved on.
    after = get(a, net["id"]).json()
    assert after["version"] == net["version"] + 1 and after["weights"][0][0][1] == 0.25
    shared = httpx.post(f"{a.url}/api/networks/{net['id']}/share", timeout=30).json()["token"]
    copied = httpx.post(f"{b.url}/api/shares/{shared}/copy", timeout=30)
    assert copied.status_code == 201 and copied.json()["weights"] == after["weights"]
    assert httpx.delete(f"{b.url}/api/networks/{net['id']}", timeout=30).status_code in (200, 204)
    assert get(a, net["id"]).status_code == 404


def test_training_on_both_instances_at_once_is_serial_and_follows_the_reference(pair):
    a, b = pair
    net, alone = create(a), create(a)
    d = httpx.get(f"{a.url}/api/datasets/xor", timeout=30).json()
    X, Y = np.array(d["x"], dtype=float), np.array(d["y"], dtype=float)
    requests, steps, eta = 16, 40, 0.9

    def train(i: int) -> dict:
        server = (a, b)[i % 2]
        r = httpx.post(f"{server.url}/api/networks/{net['id']}/train",
                       json={"steps": steps, "learning_rate": eta, "batch_size": d["size"]}, timeout=120)
        assert r.status_code == 200, r.text
        return r.json()["network"]

    with ThreadPoolExecutor(requests) as pool:
        answers = list(pool.map(train, range(requests)))
    # Serial: every request saw the one before it, so versions and steps are each taken exactly once.
    assert sorted(x["version"] for x in answers) == list(range(2, requests + 2))
    assert sorted(x["step"] for x in answers) == [steps * (i + 1) for i in range(requests)]
    final = get(b, net["id"]).json()
    assert final["step"] == steps * requests
    # Full batches: the same as one request of all the steps on one instance, nothing lost between.
    one = httpx.post(f"{a.url}/api/networks/{alone['id']}/train",
                     json={"steps": steps * requests, "learning_rate": eta, "batch_size": d["size"]}, timeout=120)
    R.assert_lists_close(final["weights"], one.json()["network"]["weights"], "weights: 16 requests on 2 instances")
    R.assert_lists_close(final["biases"], one.json()["network"]["biases"], "biases: 16 requests on 2 instances")
    # And the first request's answer against the reference gradient (autograd), from either instance.
    first = next(x for x in answers if x["version"] == 2)
    weights, biases, _ = R.full_batch_sgd([np.array(w) for w in net["weights"]], [np.array(v) for v in net["biases"]],
                                          "tanh", "sigmoid", "mse", X, Y, eta, steps)
    R.assert_lists_close(first["weights"], weights, "weights after the first request")
    R.assert_lists_close(first["biases"], biases, "biases after the first request")


def test_edits_on_one_instance_wait_for_training_on_the_other(pair):
    a, b = pair
    net = create(a)
    done = threading.Event()
    edits: list[dict] = []

    def edit_loop():
        i = 0
        while not done.is_set():
            r = httpx.put(f"{b.url}/api/networks/{net['id']}/biases/1/0", json={"value": i / 100}, timeout=60)
            assert r.status_code == 200, r.text
            edits.append(r.json())
            i += 1

    editor = threading.Thread(target=edit_loop)
    editor.start()
    try:
        trains = [httpx.post(f"{a.url}/api/networks/{net['id']}/train",
                             json={"steps": 50, "learning_rate": 0.5, "batch_size": 2}, timeout=120).json()["network"]
                  for _ in range(6)]
    finally:
        done.set()
        editor.join()
    versions = [x["version"] for x in trains] + [e["version"] for e in edits]
    assert len(edits) >= 3
    assert sorted(versions) == list(range(2, len(versions) + 2)), "two writes saw the same state"
    final = get(a, net["id"]).json()
    assert final["step"] == 300 and final["version"] == len(versions) + 1


def events(lines) -> list[tuple[str, dict]]:
    got, name = [], None
    for line in lines:
        if line.startswith("event: "):
            name = line[7:]
        elif line.startswith("data: "):
            got.append((name, json.loads(line[6:])))
            if name == "end":
                break
    return got


def test_a_pause_sent_to_one_instance_stops_a_stream_on_the_other(pair):
    a, b = pair
    net = create(a)
    frames, stopped = [], None
    with httpx.stream("GET", f"{a.url}/api/networks/{net['id']}/train/stream",
                      params={"steps_per_second": 10, "batch_size": 2}, timeout=60) as answer:
        assert answer.status_code == 200
        name = None
        for line in answer.iter_lines():
            if line.startswith("event: "):
                name = line[7:]
                continue
            if not line.startswith("data: "):
                continue
            data = json.loads(line[6:])
            if name == "frame":
                frames.append((data, stopped is not None))
                if len(frames) == 3:
                    r = httpx.post(f"{b.url}/api/networks/{net['id']}/train/stop", timeout=30)
                    assert r.status_code == 200, r.text
                    stopped, answered = r.json(), time.monotonic()
            elif name == "end":
                end = data
                break
    assert end["reason"] == "stopped"
    # The chunk running when the pause arrived is saved; none starts after the answer (frames read
    # after it were sent before it, so none is past the step it answered).
    assert all(f["step"] <= stopped["step"] for f, _ in frames)
    assert end["step"] == frames[-1][0]["step"] == stopped["step"]
    assert time.monotonic() - answered < 3.0, "the stream went on after the pause"
    time.sleep(0.5)
    assert get(a, net["id"]).json()["step"] == stopped["step"]


def test_kill_9_of_an_instance_loses_nothing_it_acknowledged(pair):
    a, b = pair
    acknowledged: dict[str, int] = {}
    lock = threading.Lock()
    stop = threading.Event()

    def write_loop(seed: int):
        with httpx.Client(timeout=30) as http:
            while not stop.is_set():
                try:
                    r = http.post(f"{a.url}/api/networks", json={**SPEC, "seed": seed})
                    if r.status_code != 201:
                        return
                    net = r.json()
                    with lock:
                        acknowledged[net["id"]] = net["version"]
                    for _ in range(3):
                        t = http.post(f"{a.url}/api/networks/{net['id']}/train",
                                      json={"steps": 5, "learning_rate": 0.5, "batch_size": 2})
                        if t.status_code != 200:
                            return
                        with lock:
                            acknowledged[net["id"]] = t.json()["network"]["version"]
                except httpx.HTTPError:
                    return  # the instance died under this request: it was never acknowledged

    writers = [threading.Thread(target=write_loop, args=(seed,)) for seed in range(4)]
    for w in writers:
        w.start()
    time.sleep(3)
    a.kill()  # SIGKILL to the whole process group, mid-write
    stop.set()
    for w in writers:
        w.join()
    assert len(acknowledged) >= 4
    for network_id, version in acknowledged.items():
        r = get(b, network_id)
        assert r.status_code == 200, f"{network_id} was acknowledged, then lost"
        assert r.json()["version"] >= version
        # The dead instance's locks went with its sessions: the other instance can write at once.
        began = time.monotonic()
        t = httpx.post(f"{b.url}/api/networks/{network_id}/train",
                       json={"steps": 1, "learning_rate": 0.5, "batch_size": 2}, timeout=30)
        assert t.status_code == 200 and time.monotonic() - began < 10, t.text
        assert t.json()["network"]["version"] == r.json()["version"] + 1
