"""A network's cost history: the points the page's loss curve draws, kept with the network in SQLite
so a reload, another browser or a copy made from a share link sees the curve, not just the numbers.

- ``batch``: (step, mini-batch cost before that step), one per SGD step taken;
- ``evals``: (step, data-set cost after it, held-out cost or None), one at creation or reset and one
  after each /train request or live chunk.

Each list holds at most MAX_POINTS. When one is full its older half loses every other point, so the
list always spans the whole run (coarser further back) and the same steps always give the same
points: thinning depends on nothing but the list.

Stored as the history last written whole (``histories.points``) and the training calls since, in the
network's own row (``networks.history_tail``, written by the same UPDATE as the parameters): a live
chunk adds a few dozen bytes there instead of rewriting the whole history, 20 kB at MAX_POINTS, which
with 30 streams' chunks in four processes cost 0.35 of each chunk's 2 ms. A reader replays the calls
on the whole one (``stored``), which gives exactly the history the writer held, because ``extended``
depends on nothing but the history and the call. When the calls pass TAIL_BYTES, the next write is
whole again. The tail starts with a checksum of the whole history it follows: calls left in a row
whose whole history was written again by a release that knew no tail (several instances being
upgraded one at a time) are dropped, not replayed on the wrong history.
"""
from __future__ import annotations

import json
import math
import sqlite3
import zlib

import numpy as np

MAX_POINTS = 512
"""Most points kept per list (batch and evals each)."""

TAIL_BYTES = 2048
"""Most bytes of a tail: its base's checksum (8) and training calls (a one-step chunk's takes 56)."""

SCHEMA = """
CREATE TABLE IF NOT EXISTS histories (
    network_id TEXT PRIMARY KEY,
    points BLOB NOT NULL
)
"""


def _number(value: float | None) -> float | None:
    """JSON has no inf or nan: a cost that overflowed is kept as None (a gap in the curve)."""
    return float(value) if value is not None and math.isfinite(value) else None


def thinned(points, limit: int = MAX_POINTS):
    """``points`` cut to ``limit`` by dropping every other point of the older half, as often as needed."""
    while len(points) > limit:
        half = len(points) // 2
        points = points[:half:2] + points[half:] if isinstance(points, list) else \
            np.concatenate([points[:half:2], points[half:]])
    return points


def _rows(values: list | np.ndarray, width: int) -> np.ndarray:
    """Points as an (n, width) float64 array; None (and any non-finite cost) as NaN."""
    rows = np.array([[math.nan if v is None else v for v in point] for point in values], dtype=float) \
        if isinstance(values, list) else np.asarray(values, dtype=float)
    rows = rows.reshape(-1, width)
    rows[:, 1:][~np.isfinite(rows[:, 1:])] = math.nan
    return rows


def _points(rows: np.ndarray) -> list[list]:
    return [[int(point[0]), *(None if v != v else v for v in point[1:])] for point in rows.tolist()]


_HEADER = np.dtype("<u4")
_FLOAT = np.dtype("<f8")


class CostHistory:
    """Held as float64 arrays (NaN for a gap): a live chunk reads, extends and writes its network's
    history, and as JSON that took 3 of a digit-net chunk's 6.6 ms; as raw float64 bytes, microseconds."""

    def __init__(self, batch: list | np.ndarray = (), evals: list | np.ndarray = ()):
        self.batch_rows = _rows(list(batch) if isinstance(batch, tuple) else batch, 2)
        """[step, cost]: the mini-batch cost before that step."""
        self.eval_rows = _rows(list(evals) if isinstance(evals, tuple) else evals, 3)
        """[step, cost, test_cost]: the data-set (and held-out) cost after that step."""
        self.tail: bytes | None = None
        """The calls of ``extended`` that made this history from the one stored whole, as
        ``networks.history_tail`` holds them; None for a history not stored that way (a new one, or
        one whose calls would pass TAIL_BYTES): the store then writes it whole."""

    @property
    def batch(self) -> list[list]:
        """[step, cost] pairs, None where the cost was not finite."""
        return _points(self.batch_rows)

    @property
    def evals(self) -> list[list]:
        """[step, cost, test_cost] triples, None where a cost was not finite or not measured."""
        return _points(self.eval_rows)

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, CostHistory) and self.batch == other.batch and self.evals == other.evals)

    def __repr__(self) -> str:
        return f"CostHistory(batch={self.batch!r}, evals={self.evals!r})"

    @classmethod
    def starting(cls, step: int, cost: float | None) -> "CostHistory":
        """A network's history when it is created, reset or imported without one: where it starts."""
        return cls([], [[step, _number(cost), None]] if _number(cost) is not None else [])

    def extended(self, first_step: int, batch_costs: list[float], step: int, cost: float | None,
                 test_cost: float | None, scored: bool = True) -> "CostHistory":
        """This history plus one training call: its mini-batch costs from ``first_step`` on, then
        the costs after it at ``step`` (unless it did not score the data set: ``scored``)."""
        added = np.column_stack([first_step + np.arange(len(batch_costs)), np.asarray(batch_costs, dtype=float)])
        evals = [[step, math.nan if cost is None else cost, math.nan if test_cost is None else test_cost]]
        longer = CostHistory(thinned(np.concatenate([self.batch_rows, _rows(added, 2)])),
                             thinned(np.concatenate([self.eval_rows, _rows(evals, 3)])) if scored else self.eval_rows)
        if self.tail is not None:
            call = np.array([first_step, step, math.nan if cost is None else cost,
                             math.nan if test_cost is None else test_cost, scored, len(batch_costs),
                             *batch_costs], dtype=_FLOAT).tobytes()
            if len(self.tail) + len(call) <= TAIL_BYTES:
                longer.tail = self.tail + call
        return longer

    def to_bytes(self) -> bytes:
        """Both arrays' lengths, then their float64 values, little-endian."""
        return (np.array([len(self.batch_rows), len(self.eval_rows)], dtype=_HEADER).tobytes()
                + self.batch_rows.astype(_FLOAT).tobytes() + self.eval_rows.astype(_FLOAT).tobytes())

    @classmethod
    def from_bytes(cls, blob: bytes) -> "CostHistory":
        n_batch, n_evals = (int(n) for n in np.frombuffer(blob, dtype=_HEADER, count=2))
        batch = np.frombuffer(blob, dtype=_FLOAT, count=2 * n_batch, offset=8).reshape(-1, 2)
        evals = np.frombuffer(blob, dtype=_FLOAT, count=3 * n_evals, offset=8 + 16 * n_batch).reshape(-1, 3)
        return cls(batch.copy(), evals.copy())

    def to_json(self) -> str:
        return json.dumps({"batch": self.batch, "evals": self.evals})

    @classmethod
    def from_json(cls, text: str | bytes | None) -> "CostHistory":
        """From to_json's text or to_bytes's bytes (a database written before the bytes keeps its text)."""
        if not text:
            return cls()
        if isinstance(text, bytes):
            return cls.from_bytes(text)
        doc = json.loads(text)
        return cls(doc["batch"], doc["evals"])


def migrate_tail(db: sqlite3.Connection) -> None:
    """The training calls after the whole history, in the network's row (see the module's doc)."""
    db.add_column("networks", "history_tail", "BLOB")


def migrate(db: sqlite3.Connection) -> None:
    """Create the table, and give a database made before histories existed a share snapshot column."""
    db.executescript(SCHEMA)
    db.add_column("shares", "history", "TEXT")  # app/db/: either backend, however many start at once


def _base(points: str | bytes | None) -> bytes:
    """The start of a tail: which whole history (histories.points) its calls follow."""
    whole = points.encode() if isinstance(points, str) else bytes(points or b"")
    return np.array([zlib.crc32(whole), len(whole)], dtype=_HEADER).tobytes()


def stored(points: str | bytes | None, tail: bytes | None) -> CostHistory:
    """The history from what the database holds: the one written whole (text in rows from before the
    bytes), then the training calls since, replayed (none if they follow another whole history)."""
    points = bytes(points) if isinstance(points, memoryview) else points
    history = CostHistory.from_json(points)
    base, tail = _base(points), bytes(tail or b"")
    calls = np.frombuffer(tail[len(base):] if tail[:len(base)] == base else b"", dtype=_FLOAT)
    at = 0
    while at < len(calls):
        first_step, step, cost, test_cost, scored, n = calls[at:at + 6]
        batch_costs = calls[at + 6:at + 6 + int(n)].tolist()
        history = history.extended(int(first_step), batch_costs, int(step), cost, test_cost, bool(scored))
        at += 6 + int(n)
    history.tail = base + calls.tobytes()
    return history


#: The network's whole history and its calls since, in one statement: one commit's state.
READ = ("SELECT h.points, n.history_tail FROM networks n LEFT JOIN histories h ON h.network_id = n.id "
        "WHERE n.id = ?")


def read(db: sqlite3.Connection, network_id: str) -> CostHistory:
    row = db.execute(READ, (network_id,)).fetchone()
    return stored(*row) if row is not None else CostHistory()


def write(db: sqlite3.Connection, network_id: str, history: CostHistory) -> bytes:
    """Write it whole; returns the tail that the network's row (Store._write) then holds: no calls."""
    points = history.to_bytes()
    db.execute("INSERT INTO histories VALUES (?, ?) ON CONFLICT (network_id) DO UPDATE SET points = excluded.points",
               (network_id, points))
    return _base(points)
