"""Per-client limits against a live server, with clients on distinct loopback addresses.

Each test uses addresses of its own (127.0.0.x), so the limits one test fills do not touch another:
which is the point. Every refusal must be a 429 (or a 503 for a wait that timed out) with
Retry-After and a `detail` saying what to do, and another client must go on as if nothing happened.
"""
from __future__ import annotations

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor, wait

import httpx
import pytest

from app.store import Store
from live_server import LiveServer

LIMITS = {
    "BACKPROP_LAB_NETWORKS_PER_CLIENT": "3",
    "BACKPROP_LAB_SHARES_PER_CLIENT": "2",
    "BACKPROP_LAB_CREATIONS_PER_MINUTE": "5",
    "BACKPROP_LAB_STREAMS_PER_CLIENT": "2",
    "BACKPROP_LAB_QUEUE_PER_NETWORK": "2",
    "BACKPROP_LAB_QUEUE_WAIT_SECONDS": "3",
    "BACKPROP_LAB_TRUSTED_PROXIES": "127.0.0.9",
}
SPEC = {"layers": [2, 3, 1], "dataset": "xor", "seed": 1}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with LiveServer(tmp_path_factory.mktemp("client-limits") / "data", env=LIMITS) as s:
        yield s


def client(server, address: str, **kwargs) -> httpx.Client:
    return httpx.Client(base_url=server.url, timeout=60,
                        transport=httpx.HTTPTransport(local_address=address), **kwargs)


def assert_refused(r: httpx.Response, status: int, *words: str) -> None:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/json"
    assert int(r.headers["retry-after"]) >= 1
    detail = r.json()["detail"]
    for word in words:
        assert word in detail, detail


def test_networks_held_are_limited_per_client_and_others_go_on(server):
    with client(server, "127.0.0.2") as a, client(server, "127.0.0.3") as b:
        held = [a.post("/api/networks", json=SPEC) for _ in range(3)]
        assert [r.status_code for r in held] == [201, 201, 201]
        assert_refused(a.post("/api/networks", json=SPEC), 429, "holds 3 networks", "delete")
        exported = a.get(f"/api/networks/{held[0].json()['id']}/export").json()
        assert_refused(a.post("/api/networks/import", json=exported), 429, "holds 3 networks")
        token = a.post(f"/api/networks/{held[0].json()['id']}/share").json()["token"]
        assert_refused(a.post(f"/api/shares/{token}/copy"), 429, "holds 3 networks")
        # Another address is not affected, and may even copy the first one's share.
        assert b.post("/api/networks", json=SPEC).status_code == 201
        assert b.post(f"/api/shares/{token}/copy").status_code == 201
        # Deleting frees a place.
        assert a.delete(f"/api/networks/{held[0].json()['id']}").status_code == 204
        assert a.post("/api/networks", json=SPEC).status_code == 201


def test_creations_per_minute_count_create_import_and_copy(server):
    with client(server, "127.0.0.4") as a, client(server, "127.0.0.5") as b:
        first = a.post("/api/networks", json=SPEC).json()
        token = a.post(f"/api/networks/{first['id']}/share").json()["token"]
        exported = a.get(f"/api/networks/{first['id']}/export").json()
        for make in (lambda: a.post(f"/api/shares/{token}/copy"), lambda: a.post("/api/networks/import", json=exported),
                     lambda: a.post("/api/networks", json=SPEC), lambda: a.post(f"/api/shares/{token}/copy")):
            r = make()
            assert r.status_code == 201, r.text
            # Deleted at once: the client holds one network, so the rate is what refuses below.
            assert a.delete(f"/api/networks/{r.json()['id']}").status_code == 204
        r = a.post("/api/networks", json=SPEC)
        assert_refused(r, 429, "5 networks in the last minute", "try again")
        assert int(r.headers["retry-after"]) <= 60
        assert b.post("/api/networks", json=SPEC).status_code == 201


def test_share_links_held_are_limited_per_client(server):
    with client(server, "127.0.0.6") as a, client(server, "127.0.0.7") as b:
        nid = a.post("/api/networks", json=SPEC).json()["id"]
        tokens = []
        for value in (0.5, 0.75):
            tokens.append(a.post(f"/api/networks/{nid}/share").json()["token"])
            assert a.put(f"/api/networks/{nid}/weights/1/0/0", json={"value": value}).status_code == 200
        assert len(set(tokens)) == 2
        assert_refused(a.post(f"/api/networks/{nid}/share"), 429, "2 share links", "link you already made")
        # The other address shares the same network (it knows the id) and is counted on its own.
        r = b.post(f"/api/networks/{nid}/share")
        assert r.status_code == 201 and r.json()["token"] not in tokens


def test_x_forwarded_for_names_the_client_only_from_a_trusted_proxy(server):
    with client(server, "127.0.0.9") as proxy, client(server, "127.0.0.8") as stranger:
        behind = {"X-Forwarded-For": "203.0.113.5"}
        for _ in range(3):
            assert proxy.post("/api/networks", json=SPEC, headers=behind).status_code == 201
        assert_refused(proxy.post("/api/networks", json=SPEC, headers=behind), 429, "holds 3 networks")
        # Another student behind the same proxy is another client.
        assert proxy.post("/api/networks", json=SPEC,
                          headers={"X-Forwarded-For": "203.0.113.6"}).status_code == 201
        # The proxy appends what it saw: a forged first hop does not change who the client is.
        forged = {"X-Forwarded-For": "198.51.100.1, 203.0.113.5"}
        assert_refused(proxy.post("/api/networks", json=SPEC, headers=forged), 429, "holds 3 networks")
        # From an address that is not a trusted proxy the header is ignored: the address counts.
        assert stranger.post("/api/networks", json=SPEC, headers=behind).status_code == 201


def open_stream(c: httpx.Client, nid: str):
    """An open live stream (paced at one step a second: light) and its response, once it answered."""
    request = c.build_request("GET", f"/api/networks/{nid}/train/stream", params={"steps_per_second": 1})
    return c.send(request, stream=True)


def test_live_streams_are_limited_per_client(server):
    with client(server, "127.0.0.10") as a, client(server, "127.0.0.11") as b:
        nets = [a.post("/api/networks", json=SPEC).json()["id"] for _ in range(3)]
        streams = [open_stream(a, nid) for nid in nets[:2]]
        try:
            assert [s.status_code for s in streams] == [200, 200]
            third = open_stream(a, nets[2])
            third.read()
            assert_refused(third, 429, "2 live-training streams", "pause training")
            # A new stream on a network that already streams replaces that one: it is allowed.
            again = open_stream(a, nets[0])
            assert again.status_code == 200
            streams.append(again)
            # Another address streams as usual.
            other = open_stream(b, b.post("/api/networks", json=SPEC).json()["id"])
            assert other.status_code == 200
            streams.append(other)
        finally:
            for s in streams:
                s.close()
        # Closed streams give their places back.
        deadline = time.monotonic() + 20
        while True:
            r = open_stream(a, nets[2])
            if r.status_code == 200 or time.monotonic() > deadline:
                break
            r.read()
            r.close()
            time.sleep(0.5)
        assert r.status_code == 200, r.read()
        r.close()


def test_a_pile_up_on_one_network_is_bounded_and_others_are_served(server, tmp_path):
    with client(server, "127.0.0.12") as a, client(server, "127.0.0.13") as b:
        nid = a.post("/api/networks", json=SPEC).json()["id"]
        theirs = b.post("/api/networks", json=SPEC).json()["id"]
        # Hold the network's lock from outside, as a long training chunk in another process would.
        outside = Store(server.data_dir, 10, 3600, url=server.database_url)
        start = threading.Barrier(10)

        def put(i):
            with client(server, "127.0.0.12") as c:
                start.wait(timeout=30)
                return c.put(f"/api/networks/{nid}/weights/1/0/0", json={"value": i / 10})

        with ThreadPoolExecutor(10) as pool:
            with outside._locked(nid):
                futures = [pool.submit(put, i) for i in range(10)]
                # Meanwhile another client's click on its own network is answered at once.
                time.sleep(0.5)
                began = time.perf_counter()
                r = b.post(f"/api/networks/{theirs}/breakdown", json={"layer": 1, "j": 0, "k": 0, "example": 0})
                assert r.status_code == 200 and time.perf_counter() - began < 2
                # One request holds the turn (it waits for the lock) and two wait behind it; the rest
                # are refused at once. The two waiters give up after QUEUE_WAIT_SECONDS (3 s).
                deadline = time.monotonic() + 30
                while sum(f.done() for f in futures) < 9 and time.monotonic() < deadline:
                    time.sleep(0.1)
                time.sleep(0.5)  # a tenth answer would be a bug: give it the time to show
                answered, holding = wait(futures, timeout=0)
                assert len(holding) == 1, [f.result().status_code for f in answered]
                codes = sorted(f.result().status_code for f in answered)
                assert codes.count(429) >= 1 and codes.count(503) >= 1, codes
                assert codes.count(429) + codes.count(503) == 9, codes
                for f in answered:
                    if f.result().status_code == 429:
                        assert_refused(f.result(), 429, "already waiting to change this network")
                    else:
                        assert_refused(f.result(), 503, "stayed busy for 3 s")
            # The lock is free: the one that held the turn saves its edit.
            assert holding.pop().result(timeout=60).status_code == 200
        assert a.get(f"/api/networks/{nid}").json()["version"] == 2


def test_a_live_stream_ends_after_its_longest_time(tmp_path):
    env = {"BACKPROP_LAB_MAX_STREAM_SECONDS": "2"}
    with LiveServer(tmp_path / "data", env=env) as s, httpx.Client(base_url=s.url, timeout=60) as c:
        nid = c.post("/api/networks", json=SPEC).json()["id"]
        began = time.monotonic()
        with c.stream("GET", f"/api/networks/{nid}/train/stream", params={"steps_per_second": 5}) as r:
            assert r.status_code == 200
            events = [line for line in r.iter_lines() if line.startswith("data: ")]
        end = json.loads(events[-1][len("data: "):])
        assert end["reason"] == "time" and end["frames"] >= 1
        assert 2 <= time.monotonic() - began < 15
        assert c.get(f"/api/networks/{nid}").json()["step"] == end["step"]
