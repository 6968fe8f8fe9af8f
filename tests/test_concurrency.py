"""Concurrent clients against a live server with two worker processes.

Requests on one network must behave as if they ran one at a time (in some order), whichever
worker serves them; clients on separate networks must all succeed.
"""
from __future__ import annotations

import struct
import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from live_server import LiveServer

TRAIN = {"steps": 1500, "learning_rate": 0.5, "batch_size": 4}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with LiveServer(tmp_path_factory.mktemp("concurrency") / "data", workers=2) as s:
        yield s


def state(network: dict) -> tuple:
    """Everything a network's JSON holds but its id, with the parameters as exact float64 bits."""
    def bits(nested):
        flat = [v for matrix in nested for row in (matrix if isinstance(matrix[0], list) else [matrix])
                for v in row]
        return struct.pack(f"<{len(flat)}d", *flat)

    return (network["step"], network["cost"], bits(network["weights"]), bits(network["biases"]))


def run_together(jobs: list) -> list:
    """Start every job at the same moment, each on its own connection; their results in order."""
    start = threading.Barrier(len(jobs))

    def run(job):
        with httpx.Client(timeout=120) as c:
            start.wait(timeout=60)
            return job(c)

    with ThreadPoolExecutor(len(jobs)) as pool:
        return [f.result(timeout=300) for f in [pool.submit(run, job) for job in jobs]]


def test_edits_racing_training_on_one_network_equal_a_serial_order(server):
    url = server.url
    spec = {"layers": [2, 3, 1], "dataset": "xor", "seed": 7}
    with httpx.Client(base_url=url, timeout=120) as c:
        net = c.post("/api/networks", json=spec).json()
        replica = c.post("/api/networks", json=spec).json()
    assert state(net) == state(replica)
    nid, trains_per_round, rounds = net["id"], 3, 4
    before = net
    for round_ in range(rounds):
        value = 0.25 + round_

        def train(c):
            r = c.post(f"{url}/api/networks/{nid}/train", json=TRAIN)
            assert r.status_code == 200, r.text
            return ("train", r.json()["network"])

        def edit(c):
            r = c.put(f"{url}/api/networks/{nid}/weights/2/0/1", json={"value": value})
            assert r.status_code == 200, r.text
            return ("edit", r.json())

        def read(c):
            r = c.get(f"{url}/api/networks/{nid}")
            assert r.status_code == 200, r.text
            return ("read", r.json())

        results = run_together([train] * trains_per_round + [edit, read, read])
        done = [(kind, n) for kind, n in results if kind != "read"]
        # Serialised trains each add exactly TRAIN["steps"]; two overlapping ones would repeat a count.
        train_steps = sorted(n["step"] for kind, n in done if kind == "train")
        assert train_steps == [before["step"] + TRAIN["steps"] * i for i in range(1, trains_per_round + 1)]
        # The order the responses imply: trains by step; the edit right after the last train it saw.
        edit_step = next(n["step"] for kind, n in done if kind == "edit")
        order = sorted(done, key=lambda op: (op[1]["step"], op[0] == "edit"))
        assert [kind for kind, _ in order].index("edit") == (edit_step - before["step"]) // TRAIN["steps"]
        # Replaying that order one request at a time must give every response bit for bit.
        states = [state(before)]
        with httpx.Client(base_url=url, timeout=120) as c:
            for kind, concurrent in order:
                if kind == "train":
                    serial = c.post(f"/api/networks/{replica['id']}/train", json=TRAIN).json()["network"]
                else:
                    serial = c.put(f"/api/networks/{replica['id']}/weights/2/0/1", json={"value": value}).json()
                assert state(serial) == state(concurrent), (round_, kind)
                states.append(state(serial))
            final = c.get(f"/api/networks/{nid}").json()
        assert state(final) == states[-1]
        assert (final["weights"][1][0][1] == value) == (order[-1][0] == "edit")
        # A read during the race sees one of the committed states, never a half-written one.
        for kind, n in results:
            if kind == "read":
                assert state(n) in states
        before = final


def test_fifty_clients_each_on_their_own_network_all_succeed(server):
    clients = 50

    def client(i: int):
        def job(c: httpx.Client):
            url = server.url
            r = c.post(f"{url}/api/networks", json={"layers": [2, 4, 1], "dataset": "xor", "seed": i})
            assert r.status_code == 201, r.text
            nid = r.json()["id"]
            r = c.post(f"{url}/api/networks/{nid}/train", json={"steps": 100, "learning_rate": 1.0})
            assert r.status_code == 200, r.text
            r = c.put(f"{url}/api/networks/{nid}/biases/2/0", json={"value": i / 100})
            assert r.status_code == 200, r.text
            edited = r.json()
            r = c.get(f"{url}/api/networks/{nid}")
            assert r.status_code == 200, r.text
            return edited, r.json()
        return job

    results = run_together([client(i) for i in range(clients)])
    assert len({edited["id"] for edited, _ in results}) == clients
    for i, (edited, read) in enumerate(results):
        assert state(read) == state(edited)
        assert (read["seed"], read["step"], read["biases"][1][0]) == (i, 100, i / 100)
