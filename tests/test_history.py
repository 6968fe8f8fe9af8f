"""The cost history kept with each network: bounded, thinned over the whole run, cleared by reset,
carried by a share link and by an exported file."""
import sqlite3

import pytest

from app.cost_history import MAX_POINTS, CostHistory, thinned
from app.store import Store


def create(client, **spec) -> dict:
    r = client.post("/api/networks", json={"layers": [2, 3, 1], "dataset": "xor", "seed": 3, **spec})
    assert r.status_code == 201, r.text
    return r.json()


def ok(r) -> dict:
    assert r.is_success, r.text
    return r.json()


def history(client, network_id) -> dict:
    return ok(client.get(f"/api/networks/{network_id}/history"))


def train(client, network_id, steps, **options) -> dict:
    return ok(client.post(f"/api/networks/{network_id}/train",
                          json={"steps": steps, "batch_size": 2, "learning_rate": 1.0, **options}))


def test_a_new_network_starts_at_its_cost_and_training_adds_each_step(client):
    net = create(client)
    start = history(client, net["id"])
    assert start["limit"] == MAX_POINTS
    assert start["batch"] == [] and start["evals"] == [{"step": 0, "cost": net["cost"], "test_cost": None}]
    trained = train(client, net["id"], 5)
    h = history(client, net["id"])
    assert h["step"] == 5 and h["version"] == trained["network"]["version"]
    assert h["batch"] == [{"step": i + 1, "cost": c} for i, c in enumerate(trained["costs"])]
    assert h["evals"][-1] == {"step": 5, "cost": trained["network"]["cost"], "test_cost": None}


def test_a_long_run_stays_bounded_and_still_spans_it(client):
    net = create(client)
    for _ in range(3):
        train(client, net["id"], 400)
    h = history(client, net["id"])
    steps = [p["step"] for p in h["batch"]]
    assert len(steps) <= MAX_POINTS
    assert steps[0] == 1 and steps[-1] == 1200 and steps == sorted(steps)
    # The newest steps stay one by one; the older ones are spread out.
    assert steps[-10:] == list(range(1191, 1201))
    assert len(set(b - a for a, b in zip(steps, steps[1:]))) > 1


def test_thinning_is_deterministic_and_drops_every_other_old_point():
    points = list(range(MAX_POINTS + 1))
    kept = thinned(points)
    assert len(kept) <= MAX_POINTS
    half = len(points) // 2
    assert kept == points[:half:2] + points[half:]
    assert thinned(points) == kept
    many = thinned(list(range(10 * MAX_POINTS)))
    assert len(many) <= MAX_POINTS and many[0] == 0 and many[-1] == 10 * MAX_POINTS - 1


def test_reset_clears_the_history(client):
    net = create(client)
    train(client, net["id"], 20)
    reset = ok(client.post(f"/api/networks/{net['id']}/reset"))
    h = history(client, net["id"])
    assert h["batch"] == [] and h["evals"] == [{"step": 0, "cost": reset["cost"], "test_cost": None}]


def test_a_share_link_copies_the_history_as_it_was_when_shared(client):
    net = create(client)
    train(client, net["id"], 30)
    shared = history(client, net["id"])
    token = ok(client.post(f"/api/networks/{net['id']}/share"))["token"]
    train(client, net["id"], 10)  # after the share: the copy must not show these
    copy = ok(client.post(f"/api/shares/{token}/copy"))
    h = history(client, copy["id"])
    assert (h["batch"], h["evals"]) == (shared["batch"], shared["evals"])


def test_export_carries_the_history_and_import_restores_it(client):
    net = create(client)
    train(client, net["id"], 25)
    before = history(client, net["id"])
    doc = ok(client.get(f"/api/networks/{net['id']}/export"))
    assert doc["history"] == {"batch": before["batch"], "evals": before["evals"]}
    copy = ok(client.post("/api/networks/import", json=doc))
    h = history(client, copy["id"])
    assert (h["batch"], h["evals"]) == (before["batch"], before["evals"])


def test_a_file_without_a_history_still_imports_starting_at_its_step(client):
    net = create(client)
    train(client, net["id"], 25)
    doc = ok(client.get(f"/api/networks/{net['id']}/export"))
    del doc["history"]
    copy = ok(client.post("/api/networks/import", json=doc))
    h = history(client, copy["id"])
    assert h["batch"] == [] and h["evals"] == [{"step": 25, "cost": copy["cost"], "test_cost": None}]


def test_an_oversized_history_in_a_file_is_refused_with_its_bound(client):
    net = create(client)
    doc = ok(client.get(f"/api/networks/{net['id']}/export"))
    doc["history"] = {"batch": [{"step": i, "cost": 0.5} for i in range(MAX_POINTS + 1)], "evals": []}
    r = client.post("/api/networks/import", json=doc)
    assert r.status_code == 422
    assert str(MAX_POINTS) in r.json()["detail"]


def test_history_of_an_unknown_network_is_404(client):
    r = client.get("/api/networks/" + "x" * 22 + "/history")
    assert r.status_code == 404 and r.json()["detail"]


@pytest.mark.sqlite_only
def test_a_database_from_before_histories_gets_them_on_open(tmp_path):
    db = sqlite3.connect(tmp_path / "backprop-lab.sqlite3")
    db.executescript("""
        CREATE TABLE networks (id TEXT PRIMARY KEY, spec TEXT NOT NULL, params BLOB NOT NULL,
                               version INTEGER NOT NULL, created REAL NOT NULL, touched REAL NOT NULL);
        CREATE TABLE shares (token TEXT PRIMARY KEY, source TEXT NOT NULL, version INTEGER NOT NULL,
                             spec TEXT NOT NULL, params BLOB NOT NULL, created REAL NOT NULL, touched REAL NOT NULL);
    """)
    db.close()
    store = Store(tmp_path, max_networks=10, ttl_seconds=3600)
    columns = {row[1] for row in store._db().execute("PRAGMA table_info(shares)")}
    assert "history" in columns
    assert store.history("no-such-network") == CostHistory()


def test_live_chunks_add_to_the_history_as_train_does(client):
    from test_live import stream
    streamed, trained = create(client), create(client)
    got = stream(client, streamed["id"], steps=30, steps_per_frame=10, batch_size=2, learning_rate=1.0)
    frames = [data for kind, data in got if kind == "frame"]
    assert [f["step"] for f in frames] == [10, 20, 30]
    for _ in range(3):
        train(client, trained["id"], 10)
    live, direct = history(client, streamed["id"]), history(client, trained["id"])
    # The same steps give the same mini-batch costs either way; a live chunk also scores the test split.
    assert live["batch"] == direct["batch"] and len(live["batch"]) == 30
    assert [(p["step"], p["cost"]) for p in live["evals"]] == [(p["step"], p["cost"]) for p in direct["evals"]]
    assert [p["cost"] for p in live["evals"][1:]] == [f["cost"] for f in frames]


def test_the_history_read_with_a_network_is_the_one_its_version_committed(tmp_path):
    """A training chunk commits parameters and history together; a reader in another process (here
    another Store on the same files) must never pair a network with a later chunk's history."""
    import threading
    import time

    from app.engine import Network
    from app.training import train as train_service

    writer = Store(tmp_path, max_networks=10, ttl_seconds=3600)
    reader = Store(tmp_path, max_networks=10, ttl_seconds=3600)
    net = writer.create(Network.create([2, 3, 1], seed=1), "xor", 1, 0.25)
    done = threading.Event()

    def keep_training():
        while not done.is_set():
            train_service(writer, net.id, 1, 0.5, 2)

    trainer = threading.Thread(target=keep_training)
    trainer.start()
    pairs = []
    deadline = time.monotonic() + 30
    try:
        while (not pairs or pairs[-1][0].step < 100) and time.monotonic() < deadline:
            pairs.append(reader.with_history(net.id))
    finally:
        done.set()
        trainer.join()
    assert pairs[-1][0].step >= 100 and len({stored.step for stored, _ in pairs}) > 50  # read while it trained
    for stored, history in pairs:
        assert history.evals[-1][0] == stored.step, (stored.version, history.evals[-1])


def test_training_extends_the_history_the_database_holds_whoever_wrote_it_last(tmp_path):
    """A training process extends the history it committed itself without reading it back, but only
    while the network is at the version it committed: after another process's write (here another
    Store on the same files) it reads the history again."""
    from app.engine import Network
    from app.training import train as train_service

    first = Store(tmp_path, max_networks=10, ttl_seconds=3600)
    second = Store(tmp_path, max_networks=10, ttl_seconds=3600)
    net = first.create(Network.create([2, 3, 1], seed=1), "xor", 1, 0.25)
    for store in (first, first, second, first, second, second, first):
        train_service(store, net.id, 3, 0.5, 2)
    steps = [step for step, _ in first.history(net.id).batch]
    assert steps == list(range(1, 22))
    for store in (first, second):  # as each would extend it next: the database's, step 21
        stored = store.get(net.id)
        assert store.history(net.id, stored.version) == second.history(net.id)


def test_the_stored_history_thins_as_the_list_rule_says_and_survives_its_bytes():
    """CostHistory keeps float64 arrays (a live chunk reads and writes it per frame); its thinning must
    be `thinned` on plain lists, point for point, and its bytes must give it back exactly."""
    import math
    import random

    rng = random.Random(5)
    history, batch, evals, step = CostHistory(), [], [], 0
    for call in range(700):
        costs = [rng.choice([rng.random(), math.inf, math.nan]) for _ in range(rng.randint(0, 5))]
        first, step = step + 1, step + len(costs)
        cost = rng.choice([rng.random(), None, math.inf])
        test_cost = rng.choice([rng.random(), None])
        scored = rng.random() < 0.7
        history = history.extended(first, costs, step, cost, test_cost, scored=scored)
        batch = thinned(batch + [[first + i, c if math.isfinite(c) else None] for i, c in enumerate(costs)])
        if scored:
            evals = thinned(evals + [[step, cost if cost is not None and math.isfinite(cost) else None, test_cost]])
        assert (history.batch, history.evals) == (batch, evals), call
        history = CostHistory.from_json(history.to_bytes())
    assert len(history.batch) <= MAX_POINTS and len(history.evals) <= MAX_POINTS
    assert CostHistory.from_json(history.to_json()) == history


def test_a_history_kept_as_calls_after_the_whole_one_reads_back_as_its_writer_held_it(tmp_path):
    """A chunk adds its call to the network's row (networks.history_tail) instead of rewriting the
    whole history; a reader in another process replays the calls. Through many calls, thinning past
    MAX_POINTS, calls that score and calls that do not, the tail growing to TAIL_BYTES and written
    whole again, and writes that leave the history alone, every reader sees the writer's history."""
    from app.cost_history import TAIL_BYTES
    from app.engine import Network
    from app.training import train as train_service

    writer = Store(tmp_path, max_networks=10, ttl_seconds=3600)
    reader = Store(tmp_path, max_networks=10, ttl_seconds=3600)
    net = writer.create(Network.create([2, 3, 1], seed=1), "xor", 1, 0.25)
    tails = []
    for call in range(MAX_POINTS + 150):
        trained = train_service(writer, net.id, 1 + call % 3, 0.5, 2, test_split=call % 2 == 0,
                                score=call % 5 == 0, durable=call % 7 == 0)
        if call % 50 == 0:
            with writer.edit(net.id) as draft:  # a write that keeps the history (a weight edit)
                draft.network.biases[0][0] += 0.01
        held = writer.history(net.id, writer.get(net.id).version)
        stored, read = reader.with_history(net.id)
        assert stored.version == writer.get(net.id).version
        assert (read.batch, read.evals) == (held.batch, held.evals), call
        assert reader.history(net.id) == held
        (tail,) = writer._db().execute("SELECT history_tail FROM networks WHERE id = ?", (net.id,)).fetchone()
        tails.append(len(tail or b""))
        assert trained.stored.step == stored.step
    assert len(held.batch) <= MAX_POINTS and held.batch[-1][0] == stored.step
    assert max(tails) <= TAIL_BYTES
    # Mostly calls appended; now and then the whole history written again (the tail back to its
    # base's checksum alone, 8 bytes).
    assert sum(b > a for a, b in zip(tails, tails[1:])) > 10 * sum(b == 8 for b in tails[1:]) > 0
    # A history replaced whole (as reset does): no call of before survives it.
    with writer.edit(net.id) as draft:
        draft.history = CostHistory.starting(draft.step, draft.cost)
    assert reader.with_history(net.id)[1] == CostHistory.starting(stored.step, stored.cost)


def test_calls_left_behind_a_whole_history_they_do_not_follow_are_not_replayed(tmp_path):
    """A release that knew no tail (an instance not yet upgraded, on the same PostgreSQL) writes the
    whole history and leaves the row's calls: a reader drops them instead of replaying them on it."""
    from app import cost_history
    from app.engine import Network
    from app.training import train as train_service

    store = Store(tmp_path, max_networks=10, ttl_seconds=3600)
    net = store.create(Network.create([2, 3, 1], seed=1), "xor", 1, 0.25)
    for _ in range(5):
        train_service(store, net.id, 2, 0.5, 2)
    (tail,) = store._db().execute("SELECT history_tail FROM networks WHERE id = ?", (net.id,)).fetchone()
    assert len(tail) > 8  # five calls after the whole history
    old_release = CostHistory([[1, 0.5]], [[1, 0.25, None]])
    with store.transaction() as db:
        db.execute("UPDATE histories SET points = ? WHERE network_id = ?", (old_release.to_bytes(), net.id))
    assert Store(tmp_path, max_networks=10, ttl_seconds=3600).history(net.id) == old_release
    # And the next call extends that history.
    reader = Store(tmp_path, max_networks=10, ttl_seconds=3600)
    train_service(reader, net.id, 1, 0.5, 2)
    assert Store(tmp_path, max_networks=10, ttl_seconds=3600).history(net.id).batch[:1] == [[1, 0.5]]
    assert cost_history.read(store._db(), net.id) == reader.history(net.id, reader.get(net.id).version)
