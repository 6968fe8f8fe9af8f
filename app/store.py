"""Networks kept in a database (SQLite, or PostgreSQL for several instances: app/db/) so every
worker process of every instance sees every network and a restart loses nothing.

- One row per network: its spec as JSON and its parameters as raw float64 bytes (exact).
- Writes go through ``edit``: a per-network lock held across threads, worker processes and
  instances (a lock file, or a PostgreSQL advisory lock), then a committed transaction. A weight
  edit and a training call on one network never interleave.
- A share is a frozen snapshot of one version of a network under its own random token: whoever has
  the token can copy the snapshot into a new network, never reach the original.
- Reads see the last committed version. Each process caches networks it has loaded, keyed by
  version; cached parameters are read-only arrays (``edit`` works on a writable copy), so readers
  need no lock and a stray write raises instead of changing what every other reader sees.
- Every write bumps the network's ``version``: the API answers carry it, so a client can tell
  which state of the network an answer was computed on.
"""
from __future__ import annotations

import contextlib
import json
import secrets
import sqlite3
import threading
import time
from collections import OrderedDict
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import numpy as np

from . import cost_history, dataset_store, quotas
from .cost_history import CostHistory
from .db import DatabaseUnavailable, database_url, migrations, open_database
from .engine import Network
from .engine.data_options import DataOptions
from .live_durability import commit_mode
from .store_errors import NetworkNotFound, RunStopped, ShareNotFound, StoreFull  # noqa: F401 (importers use app.store)

SCHEMA = """
CREATE TABLE IF NOT EXISTS networks (
    id TEXT PRIMARY KEY,
    spec TEXT NOT NULL,
    params BLOB NOT NULL,
    version INTEGER NOT NULL,
    created REAL NOT NULL,
    touched REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS shares (
    token TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    version INTEGER NOT NULL,
    spec TEXT NOT NULL,
    params BLOB NOT NULL,
    created REAL NOT NULL,
    touched REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS shares_by_source ON shares (source, version);
CREATE INDEX IF NOT EXISTS networks_by_touched ON networks (touched);
CREATE INDEX IF NOT EXISTS shares_by_touched ON shares (touched);
CREATE TABLE IF NOT EXISTS runs (
    network_id TEXT PRIMARY KEY,
    run INTEGER NOT NULL
)
"""


@dataclass
class Stored:
    """A network with what the server keeps beside its parameters."""

    id: str
    """128 random bits, URL-safe: the only key to the network."""
    network: Network
    """Its layers, activations, cost and parameters (read-only arrays when it comes from the cache)."""
    dataset: str | None
    """The data set it trains on, if any."""
    seed: int
    """Seeds its initial weights (a reset) and its mini-batch stream."""
    step: int
    """SGD steps taken since creation or the last reset."""
    cost: float | None
    """Mean cost over the data set at this version (None without a data set or if not finite)."""
    version: int
    """1 when created, one more after every write."""
    cursor: int = 0
    """Examples of the mini-batch stream used so far (see engine.training.batch_indices)."""
    cost_step: int | None = None
    """None: ``cost`` is of these parameters. Otherwise the step whose parameters it was measured at:
    live-training chunks score the data set at a bounded rate (app/routers/live.py), a pause scores it."""
    history: CostHistory | None = None
    """Set on a draft to replace the network's cost history when the edit commits (see cost_history)."""
    data: DataOptions = DataOptions()
    """Noise, held-out share, data seed and input features of its data set (engine/data_options.py)."""


def _spec(stored: Stored) -> str:
    return json.dumps({
        "layers": stored.network.layers,
        "hidden_activation": stored.network.hidden_activation,
        "output_activation": stored.network.output_activation,
        "loss": stored.network.loss,
        "regularization": stored.network.regularization, "regularization_rate": stored.network.regularization_rate,
        "dataset": stored.dataset, "seed": stored.seed, "step": stored.step, "cost": stored.cost,
        "cursor": stored.cursor, "cost_step": stored.cost_step, **stored.data.as_spec(),
    })


def _encode(network: Network) -> bytes:
    return b"".join(np.ascontiguousarray(p, dtype="<f8").tobytes()
                    for p in (*network.weights, *network.biases))


def _decode(spec: dict, blob: bytes) -> Network:
    flat = np.frombuffer(blob, dtype="<f8")
    layers, at, weights, biases = spec["layers"], 0, [], []
    for l in range(1, len(layers)):
        size = layers[l] * layers[l - 1]
        weights.append(flat[at:at + size].reshape(layers[l], layers[l - 1]).copy())
        at += size
    for l in range(1, len(layers)):
        biases.append(flat[at:at + layers[l]].copy())
        at += layers[l]
    return Network(layers, spec["hidden_activation"], spec["output_activation"], spec["loss"], weights, biases,
                   spec.get("regularization", "none"), spec.get("regularization_rate", 0.0))


def _read_only(stored: Stored) -> Stored:
    """The cache shares a network with every reader in the process: it must not change under them."""
    for p in (*stored.network.weights, *stored.network.biases):
        p.flags.writeable = False
    return stored


def _room_left(db, table: str, limit: int, what: str, advice: str) -> None:
    (count,) = db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()
    if count >= limit:
        raise StoreFull(f"this server already holds its maximum of {limit} {what}: {advice}")


class Store:
    def __init__(self, directory: Path, max_networks: int, ttl_seconds: float, cache_size: int = 256,
                 url: str | None = None):
        """The SQLite file in ``directory``, or PostgreSQL at ``url`` (default BACKPROP_LAB_DATABASE_URL)."""
        self.directory = directory
        self.max_networks = max_networks
        self.ttl_seconds = ttl_seconds
        self.cache_size = cache_size
        self.url = url or database_url()
        self.database = open_database(directory, self.url, quotas.configure)
        self.path = getattr(self.database, "path", None)
        """The SQLite file (None on PostgreSQL)."""
        self._local = threading.local()
        self._cache: OrderedDict[str, Stored] = OrderedDict()
        self._histories: OrderedDict[str, tuple[int, CostHistory]] = OrderedDict()
        """The cost history this process last committed for a network, with that version: a live
        stream's next chunk (in the same training process) extends it without reading it back."""
        self._cache_lock = threading.Lock()
        migrations.upgrade(self.database)
        dataset_store.attach(self)  # uploaded data sets resolve here

    # -- plumbing: app/db/ (SQLite or PostgreSQL) ------------------------------------------------
    def _db(self):
        return self.database.conn()

    def _locked(self, network_id: str):
        return self.database.locked(network_id)

    def _transaction(self, durable: bool = True, serial: bool = True):
        return self.database.transaction(durable=durable, serial=serial)
    transaction = _transaction  # public for app/quotas.py: checks that must not race another worker

    def _durability(self, durable: bool):
        if self.database.kind != "sqlite":
            return contextlib.nullcontext(durable)  # PostgreSQL: the transaction's SET LOCAL synchronous_commit
        return commit_mode(self._local, durable)

    def _remember(self, stored: Stored) -> None:
        _read_only(stored)
        with self._cache_lock:
            self._cache[stored.id] = stored
            self._cache.move_to_end(stored.id)
            while len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)

    def _forget(self, network_id: str) -> None:
        with self._cache_lock:
            self._cache.pop(network_id, None)
            self._histories.pop(network_id, None)

    def _write(self, db, stored: Stored, create: bool, owner: str | None = None) -> None:
        """The network's row; with a new history, its calls since the whole one (cost_history)."""
        now = time.time()
        if create:
            db.execute("INSERT INTO networks (id, spec, params, version, created, touched, owner) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?)",
                       (stored.id, _spec(stored), _encode(stored.network), stored.version, now, now, owner))
        else:
            # Of the version the draft was made from: the network's lock makes it so, and a write
            # that found another would have lost that one's change.
            history, tail = stored.history, ()
            if history is not None:
                tail = (history.tail if history.tail is not None else cost_history.write(db, stored.id, history),)
            changed = db.execute(
                f"UPDATE networks SET spec = ?, params = ?, version = ?, touched = ?"
                f"{', history_tail = ?' if tail else ''} WHERE id = ? AND version = ?",
                (_spec(stored), _encode(stored.network), stored.version, now, *tail, stored.id,
                 stored.version - 1)).rowcount
            if changed != 1:
                raise RuntimeError(f"network {stored.id} changed under its lock")
            if history is not None:
                history.tail = tail[0]  # committed with it (edit caches the history after this)

    # -- API -----------------------------------------------------------------------------------
    def create(self, network: Network, dataset: str | None, seed: int, cost: float | None, step: int = 0,
               cursor: int = 0, history: CostHistory | None = None, owner: str | None = None,
               data: DataOptions = DataOptions()) -> Stored:
        """A new network under a fresh random id (``step``/``cursor`` carry over an imported one).

        The store keeps ``network`` itself, read-only from now on.
        """
        self.expire()
        with self._transaction() as db:
            _room_left(db, "networks", self.max_networks, "networks",
                       "delete one you no longer need, or try again after idle ones expire")
            quotas.check_create(db, owner, self.ttl_seconds)
            stored = Stored(secrets.token_urlsafe(16), network, dataset, seed, step, cost, 1, cursor, data=data)
            self._write(db, stored, create=True, owner=owner)
            cost_history.write(db, stored.id, history or CostHistory.starting(step, cost))
        self._remember(stored)
        return stored

    def get(self, network_id: str, run: int | None = None) -> Stored:
        """The last committed version (NetworkNotFound if none). It is shared: its arrays are read-only.
        ``run``: RunStopped unless that live-training run is the network's current one (``edit``)."""
        db = self._db()
        if run is not None:  # one statement for both: this is every live chunk's first read
            row = db.execute("SELECT n.version, n.touched, r.run FROM runs r LEFT JOIN networks n "
                             "ON n.id = r.network_id WHERE r.network_id = ?", (network_id,)).fetchone()
            if row is None or row[2] != run:
                raise RunStopped(network_id)
            row = row[:2] if row[0] is not None else None
        else:
            row = db.execute("SELECT version, touched FROM networks WHERE id = ?", (network_id,)).fetchone()
        if row is None:
            self._forget(network_id)
            raise NetworkNotFound(network_id)
        version, touched = row
        with self._cache_lock:
            cached = self._cache.get(network_id)
        if cached is None or cached.version != version:
            row = db.execute("SELECT spec, params, version FROM networks WHERE id = ?",
                             (network_id,)).fetchone()
            if row is None:
                raise NetworkNotFound(network_id)
            spec = json.loads(row[0])
            cached = Stored(network_id, _decode(spec, row[1]), spec["dataset"], spec["seed"],
                            spec["step"], spec["cost"], row[2], spec["cursor"], spec.get("cost_step"),
                            data=DataOptions.from_spec(spec))
            self._remember(cached)
        if time.time() - touched > 60:
            # Reading keeps a network alive, at most one write a minute for it (not on a full disk).
            with contextlib.suppress(sqlite3.OperationalError, DatabaseUnavailable):
                db.execute("UPDATE networks SET touched = ? WHERE id = ?", (time.time(), network_id))
        return cached

    # -- live-training runs: a chunk of a stopped run never starts ---------------------------------
    def _next_run(self, network_id: str) -> int:
        db = self._db()
        db.execute("INSERT INTO runs VALUES (?, 1) ON CONFLICT (network_id) DO UPDATE SET run = runs.run + 1",
                   (network_id,))
        return db.execute("SELECT run FROM runs WHERE network_id = ?", (network_id,)).fetchone()[0]

    def begin_run(self, network_id: str) -> int:
        """A new live-training run on the network; every earlier run stops before its next chunk."""
        with self._locked(network_id):
            return self._next_run(network_id)

    def stop_runs(self, network_id: str) -> Stored:
        """Stop every live-training run on the network and return it as the last chunk left it.

        Under the network's lock: a chunk that is running finishes first, and one that has not taken
        the lock yet sees the new run number and does nothing, so the answer is where training stopped.
        """
        with self._locked(network_id):
            current = self.get(network_id)
            self._next_run(network_id)
            return current

    @contextmanager
    def edit(self, network_id: str, run: int | None = None, durable: bool = True) -> Iterator[Stored]:
        """Lock the network, yield a private, writable copy, then commit what it became.

        NetworkNotFound if there is no such network. An exception inside the block leaves the stored
        network as it was. With ``run``, the edit is a chunk of that live-training run: RunStopped is
        raised instead if the run was stopped.

        ``durable=False`` (live-training chunks) commits without waiting for the disk, at most
        CHECKPOINT_SECONDS after the last commit that did: see _durability.
        """
        with self._locked(network_id):
            current = self.get(network_id, run)
            draft = Stored(current.id, current.network.copy(), current.dataset, current.seed,
                           current.step, current.cost, current.version + 1, current.cursor, current.cost_step,
                           data=current.data)
            yield draft
            if draft.cost != current.cost:
                draft.cost_step = None  # a write that changed the cost measured it on what it commits
            with self._durability(durable) as durable, self._transaction(durable, serial=False) as db:
                self._write(db, draft, create=False)
            if draft.history is not None:
                with self._cache_lock:
                    self._histories[draft.id] = (draft.version, draft.history)
                    self._histories.move_to_end(draft.id)
                    while len(self._histories) > self.cache_size:
                        self._histories.popitem(last=False)
            draft.history = None
            self._remember(draft)

    def delete(self, network_id: str) -> None:
        """Delete the network (NetworkNotFound if there is none); its share links stay."""
        with self._locked(network_id):
            deleted = self._db().execute("DELETE FROM networks WHERE id = ?", (network_id,)).rowcount
            self._db().execute("DELETE FROM runs WHERE network_id = ?", (network_id,))
            self._db().execute("DELETE FROM histories WHERE network_id = ?", (network_id,))
            self._forget(network_id)
        if not deleted:
            raise NetworkNotFound(network_id)

    def count(self) -> int:
        return self._db().execute("SELECT COUNT(*) FROM networks").fetchone()[0]

    def share(self, network_id: str, owner: str | None = None) -> str:
        """A token for a frozen snapshot of the network as it is now (NetworkNotFound if unknown).

        Sharing an unchanged network again gives the same token, so repeated clicks add no rows.
        """
        stored = self.get(network_id)
        with self._transaction() as db:
            row = db.execute("SELECT token FROM shares WHERE source = ? AND version = ?",
                             (network_id, stored.version)).fetchone()
            if row is not None:
                db.execute("UPDATE shares SET touched = ? WHERE token = ?", (time.time(), row[0]))
                return row[0]
            _room_left(db, "shares", self.max_networks, "share links", "try again after idle ones expire")
            quotas.check_share(db, owner, self.ttl_seconds)
            token, now = secrets.token_urlsafe(16), time.time()
            db.execute("INSERT INTO shares (token, source, version, spec, params, created, touched, history, owner) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", (token, network_id, stored.version, _spec(stored),
                       _encode(stored.network), now, now, cost_history.read(db, network_id).to_json(), owner))
        return token

    def copy_share(self, token: str, owner: str | None = None) -> Stored:
        """A new network (new id) equal to the snapshot behind ``token`` (ShareNotFound if unknown)."""
        db = self._db()
        row = db.execute("SELECT spec, params, history FROM shares WHERE token = ?", (token,)).fetchone()
        if row is None:
            raise ShareNotFound(token)
        db.execute("UPDATE shares SET touched = ? WHERE token = ?", (time.time(), token))
        spec = json.loads(row[0])
        return self.create(_decode(spec, row[1]), spec["dataset"], spec["seed"], spec["cost"],
                           spec["step"], spec["cursor"], row[2] and CostHistory.from_json(row[2]), owner,
                           DataOptions.from_spec(spec))

    def history(self, network_id: str, version: int | None = None) -> CostHistory:
        """The network's cost history as last committed (empty for one stored before histories existed).
        ``version``: the network's version as just read under its lock (every write makes a new one),
        so that a history this process committed with that version serves without a read."""
        if version is not None:
            with self._cache_lock:
                known = self._histories.get(network_id)
            if known is not None and known[0] == version:
                return known[1]
        return cost_history.read(self._db(), network_id)

    def with_history(self, network_id: str) -> tuple[Stored, CostHistory]:
        """The network and its cost history as one commit left them: a training chunk can commit
        between two reads, so the history is read in one statement with the version it belongs to."""
        while True:
            stored = self.get(network_id)
            row = self._db().execute("SELECT n.version, h.points, n.history_tail FROM networks n LEFT JOIN "
                                     "histories h ON h.network_id = n.id WHERE n.id = ?", (network_id,)).fetchone()
            if row is None:
                raise NetworkNotFound(network_id)
            if row[0] == stored.version:
                return stored, cost_history.stored(row[1], row[2])

    def expire(self) -> int:
        """Delete networks (and share links) idle for longer than the time to live; returns how many networks."""
        cutoff = time.time() - self.ttl_seconds
        db = self._db()
        db.execute("DELETE FROM shares WHERE touched < ?", (cutoff,))
        expired = db.execute("DELETE FROM networks WHERE touched < ?", (cutoff,)).rowcount
        db.execute("DELETE FROM runs WHERE network_id NOT IN (SELECT id FROM networks)")
        db.execute("DELETE FROM histories WHERE network_id NOT IN (SELECT id FROM networks)")
        return expired
