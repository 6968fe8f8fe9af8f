"""A server killed with SIGKILL right after acknowledging writes loses none of them."""
import struct
import threading

import httpx
import pytest

from live_server import LiveServer

STATE = ("layers", "hidden_activation", "output_activation", "loss", "dataset", "seed", "step", "cost")


def bits(values) -> bytes:
    """The exact float64 bits of a nested list of numbers: equality here is bit-for-bit."""
    flat = []

    def walk(v):
        if isinstance(v, list):
            for item in v:
                walk(item)
        else:
            flat.append(v)

    walk(values)
    return struct.pack(f"<{len(flat)}d", *flat)


def assert_same_network(found: dict, acknowledged: dict) -> None:
    assert found["id"] == acknowledged["id"]
    for key in STATE:
        assert found[key] == acknowledged[key], key
    assert bits(found["weights"]) == bits(acknowledged["weights"])
    assert bits(found["biases"]) == bits(acknowledged["biases"])


def test_kill_9_after_acknowledged_writes_loses_nothing(tmp_path):
    data = tmp_path / "data"
    acknowledged: dict[str, dict] = {}
    server = LiveServer(data, workers=2).start()
    try:
        with httpx.Client(base_url=server.url, timeout=60) as c:
            def ok(r: httpx.Response) -> dict:
                assert r.is_success, r.text
                return r.json()

            for seed, (layers, dataset) in enumerate((([2, 3, 1], "xor"), ([1, 4, 1], "sine"), ([2, 2, 1], None))):
                net = ok(c.post("/api/networks", json={"layers": layers, "dataset": dataset, "seed": seed}))
                acknowledged[net["id"]] = net
            trained, sine, plain = list(acknowledged)
            acknowledged[trained] = ok(c.post(f"/api/networks/{trained}/train",
                                              json={"steps": 300, "learning_rate": 2.0, "batch_size": 4}))["network"]
            acknowledged[sine] = ok(c.post(f"/api/networks/{sine}/train", json={"steps": 50}))["network"]
            acknowledged[sine] = ok(c.put(f"/api/networks/{sine}/weights/2/0/3", json={"value": -0.123456789012345}))
            acknowledged[plain] = ok(c.put(f"/api/networks/{plain}/biases/1/1", json={"value": 1 / 3}))
            gone = ok(c.post("/api/networks", json={"layers": [1, 1]}))["id"]
            assert c.delete(f"/api/networks/{gone}").status_code == 204
            token = ok(c.post(f"/api/networks/{trained}/share"))["token"]
            imported = ok(c.post("/api/networks/import", json=ok(c.get(f"/api/networks/{sine}/export"))))
            acknowledged[imported["id"]] = imported
            # The last acknowledged write, then SIGKILL at once: no graceful shutdown, no flush.
            acknowledged[trained] = ok(c.put(f"/api/networks/{trained}/weights/1/2/0", json={"value": 0.1}))
        server.kill()

        server = LiveServer(data, workers=2).start()
        with httpx.Client(base_url=server.url, timeout=60) as c:
            for network_id, network in acknowledged.items():
                r = c.get(f"/api/networks/{network_id}")
                assert r.status_code == 200, r.text
                assert_same_network(r.json(), network)
            assert c.get(f"/api/networks/{gone}").status_code == 404
            copy = c.post(f"/api/shares/{token}/copy")
            assert copy.status_code == 201
            shared = dict(acknowledged[trained], weights=copy.json()["weights"])
            # The share was taken before the last edit of w_20^(1), so the copy lacks only that edit.
            assert copy.json()["weights"][0][2][0] != 0.1
            shared["weights"][0][2][0] = 0.1
            assert bits(shared["weights"]) == bits(acknowledged[trained]["weights"])
    finally:
        server.kill()


def test_kill_9_in_the_middle_of_a_stream_of_writes(tmp_path):
    """Writers edit one weight each with increasing values; after SIGKILL the stored value is at
    least the last one acknowledged (a write in flight may or may not have landed)."""
    data = tmp_path / "data"
    server = LiveServer(data, workers=2).start()
    writers, ids = 6, []
    last_ack = [0] * writers
    last_sent = [0] * writers
    errors: list[BaseException] = []
    enough = threading.Barrier(writers + 1)
    try:
        with httpx.Client(base_url=server.url, timeout=60) as c:
            for i in range(writers):
                ids.append(c.post("/api/networks", json={"layers": [2, 2, 1], "seed": i}).json()["id"])

        def write(i: int) -> None:
            try:
                write_until_killed(i)
            except BaseException as e:  # noqa: BLE001 - reported by the main thread
                errors.append(e)
                enough.abort()

        def write_until_killed(i: int) -> None:
            with httpx.Client(base_url=server.url, timeout=60) as c:
                value = 0
                while True:
                    value += 1
                    last_sent[i] = value
                    try:
                        r = c.put(f"/api/networks/{ids[i]}/weights/1/0/1", json={"value": value})
                    except httpx.HTTPError:
                        return  # the server died under this request
                    assert r.status_code == 200, r.text
                    assert r.json()["weights"][0][0][1] == value
                    last_ack[i] = value
                    if value == 20:
                        enough.wait()

        threads = [threading.Thread(target=write, args=(i,)) for i in range(writers)]
        for t in threads:
            t.start()
        try:
            enough.wait(timeout=120)  # every writer has 20 acknowledged writes and keeps writing
        except threading.BrokenBarrierError:
            pass  # a writer failed: reported below
        server.kill()
        for t in threads:
            t.join(timeout=60)
            assert not t.is_alive()
        assert not errors, errors

        server = LiveServer(data, workers=2).start()
        with httpx.Client(base_url=server.url, timeout=60) as c:
            for i in range(writers):
                stored = c.get(f"/api/networks/{ids[i]}").json()["weights"][0][0][1]
                assert last_ack[i] >= 20
                assert last_ack[i] <= stored <= last_sent[i], (i, last_ack[i], stored, last_sent[i])
    finally:
        server.kill()


@pytest.mark.sqlite_only
def test_a_live_chunk_commits_without_waiting_for_the_disk_and_one_a_second_waits(tmp_path, monkeypatch):
    """app/live_durability.py: every API write commits on a connection that fsyncs the log
    (synchronous=FULL); a live chunk on its thread's second connection (NORMAL), except one a second,
    which fsyncs and so makes the earlier ones durable. Neither connection ever changes its setting."""
    from app import live_durability
    from app.engine import Network
    from app.store import Store

    store = Store(tmp_path, max_networks=10, ttl_seconds=3600)
    net = store.create(Network.create([2, 3, 1], seed=1), "xor", 1, 0.25)
    full, lazy = store.database.conn(), store.database.conn(durable=False)
    assert full is not lazy
    assert full.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert lazy.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
    used = []
    for connection, name in ((full, "full"), (lazy, "lazy")):
        monkeypatch.setattr(connection, "execute", lambda sql, params=(), _c=connection, _n=name:
                            (used.append((_n, sql)), type(_c).execute(_c, sql, params))[1])
    clock = [1000.0]
    monkeypatch.setattr(live_durability.time, "monotonic", lambda: clock[0])

    def commits(durable: bool) -> str:
        used.clear()
        with store.edit(net.id, durable=durable) as draft:
            draft.step += 1
        return {name for name, sql in used if sql == "COMMIT"}.pop()

    assert commits(durable=True) == "full"
    clock[0] += 0.5
    assert commits(durable=False) == "lazy"  # half a second after the last fsync'd commit
    clock[0] += 0.6
    assert commits(durable=False) == "full"  # more than a second: this one waits for the disk
    clock[0] += 0.1
    assert commits(durable=False) == "lazy"
    assert not any("PRAGMA" in sql for _, sql in used)
    assert store.get(net.id).step == 4 and Store(tmp_path, 10, 3600).get(net.id).step == 4
