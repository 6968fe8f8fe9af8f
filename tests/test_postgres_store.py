"""The PostgreSQL backend itself: its locks hold across stores (instances), its schema upgrade runs
once however many instances start at the same moment, and losing the database is a 503 with a
`detail` that the server recovers from by itself."""
from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from live_server import LiveServer
from postgres_server import PostgresServer

from app.db import migrations
from app.engine import Network
from app.store import Store

SPEC = {"layers": [2, 3, 1], "dataset": "xor", "seed": 2}


def store_on(url: str, directory) -> Store:
    return Store(directory, max_networks=50, ttl_seconds=3600, url=url)


def test_a_networks_lock_excludes_another_instances_store(postgres, tmp_path):
    url = postgres.schema()
    first, second = store_on(url, tmp_path / "a"), store_on(url, tmp_path / "b")
    net = first.create(Network.create([2, 2, 1], seed=1), "xor", 1, None)
    order: list[str] = []
    inside = threading.Event()

    def hold():
        with first.edit(net.id) as draft:
            inside.set()
            order.append("first in")
            time.sleep(0.5)
            draft.step += 1
            order.append("first out")

    holder = threading.Thread(target=hold)
    holder.start()
    inside.wait(10)
    with second.edit(net.id) as draft:
        order.append("second in")
        # It waited for the first edit's commit, so it works on what the first wrote.
        assert draft.step == 1 and draft.version == 3
    holder.join()
    assert order == ["first in", "first out", "second in"]
    assert first.get(net.id).version == 3 and first.get(net.id).step == 1


def test_counting_then_inserting_does_not_race_across_instances(postgres, tmp_path):
    url = postgres.schema()
    stores = [Store(tmp_path / str(i), max_networks=5, ttl_seconds=3600, url=url) for i in range(4)]
    barrier = threading.Barrier(12)

    def make(i: int) -> str:
        barrier.wait(10)
        try:
            stores[i % 4].create(Network.create([1, 1], seed=i), None, i, None)
            return "made"
        except Exception as error:  # noqa: BLE001 - the refusal's kind is what is checked
            return type(error).__name__

    with ThreadPoolExecutor(12) as pool:
        results = list(pool.map(make, range(12)))
    assert results.count("made") == 5 and results.count("StoreFull") == 7, results
    assert stores[0].count() == 5


def test_instances_starting_at_once_upgrade_the_schema_once(postgres, tmp_path):
    url = postgres.schema()
    barrier = threading.Barrier(6)

    def start(i: int) -> int:
        barrier.wait(10)
        return store_on(url, tmp_path / str(i)).count()

    with ThreadPoolExecutor(6) as pool:
        assert list(pool.map(start, range(6))) == [0] * 6
    rows = store_on(url, tmp_path / "x")._db().execute("SELECT version FROM schema_version").fetchall()
    assert [tuple(r) for r in rows] == [(len(migrations.STEPS),)]


def test_two_servers_starting_together_on_an_empty_database_both_serve(postgres, tmp_path):
    env = {"BACKPROP_LAB_DATABASE_URL": postgres.schema()}
    servers = [LiveServer(tmp_path / name, env=env) for name in ("a", "b")]
    try:
        with ThreadPoolExecutor(2) as pool:
            list(pool.map(LiveServer.start, servers))
        made = httpx.post(f"{servers[0].url}/api/networks", json=SPEC, timeout=30).json()
        assert httpx.get(f"{servers[1].url}/api/networks/{made['id']}", timeout=30).json()["id"] == made["id"]
    finally:
        for server in servers:
            server.stop()


def test_a_database_from_a_newer_release_is_refused(postgres, tmp_path):
    url = postgres.schema()
    store_on(url, tmp_path / "a")._db().execute("UPDATE schema_version SET version = ?",
                                                 (len(migrations.STEPS) + 1,))
    with pytest.raises(migrations.NewerSchema, match="newer"):
        store_on(url, tmp_path / "b")


@pytest.fixture
def own_postgres():
    """A server of this test's own, which it stops and starts again."""
    server = PostgresServer().initdb().start()
    try:
        yield server
    finally:
        server.remove()


def test_losing_the_database_is_a_503_and_the_server_recovers_by_itself(own_postgres, tmp_path):
    with LiveServer(tmp_path / "data", env={"BACKPROP_LAB_DATABASE_URL": own_postgres.url}) as server:
        made = httpx.post(f"{server.url}/api/networks", json=SPEC, timeout=30)
        assert made.status_code == 201
        network_id = made.json()["id"]
        own_postgres.stop()
        for ask in (lambda: httpx.get(f"{server.url}/api/networks/{network_id}", timeout=30),
                    lambda: httpx.post(f"{server.url}/api/networks", json=SPEC, timeout=30),
                    lambda: httpx.post(f"{server.url}/api/networks/{network_id}/train",
                                       json={"steps": 2, "learning_rate": 0.5, "batch_size": 2}, timeout=30)):
            began = time.monotonic()
            r = ask()
            assert r.status_code == 503, r.text
            assert "database" in r.json()["detail"] and int(r.headers["retry-after"]) > 0
            assert time.monotonic() - began < 10  # an answer, not a hang
        own_postgres.start()
        own_postgres.wait_ready()
        deadline, r = time.monotonic() + 30, None
        while time.monotonic() < deadline:
            r = httpx.get(f"{server.url}/api/networks/{network_id}", timeout=30)
            if r.status_code == 200:
                break
            assert r.status_code == 503, r.text
            time.sleep(0.2)
        assert r is not None and r.status_code == 200 and r.json()["version"] == made.json()["version"]
        # Recovered for every thread, not only the one that found the database back.
        with ThreadPoolExecutor(8) as pool:
            codes = list(pool.map(lambda _: httpx.post(f"{server.url}/api/networks", json=SPEC, timeout=30).status_code,
                                  range(8)))
        assert codes == [201] * 8
        trained = httpx.post(f"{server.url}/api/networks/{network_id}/train",
                             json={"steps": 2, "learning_rate": 0.5, "batch_size": 2}, timeout=30)
        assert trained.status_code == 200 and trained.json()["network"]["step"] == 2


def test_a_process_keeps_at_most_its_share_of_sessions_however_many_threads_ask(postgres, tmp_path):
    from app import limits

    store = store_on(postgres.schema(), tmp_path / "a")
    net = store.create(Network.create([2, 2, 1], seed=1), "xor", 1, None)
    count = "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'backprop-lab'"
    before, most, stop = int(postgres.psql(count)), [0], threading.Event()

    def watch():
        while not stop.is_set():
            most[0] = max(most[0], int(postgres.psql(count)))

    def work(i: int) -> int:
        if i % 4 == 0:
            with store.edit(net.id) as draft:
                draft.step += 1
        return store.get(net.id).version

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        with ThreadPoolExecutor(48) as pool:
            versions = list(pool.map(work, range(400)))
    finally:
        stop.set()
        watcher.join()
    assert store.get(net.id).step == 100 and max(versions) == 101
    assert 0 < most[0] - before <= limits.DB_SESSIONS_PER_PROCESS
