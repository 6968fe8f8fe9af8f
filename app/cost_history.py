"""A network's cost history: the points the page's loss curve draws, kept with the network in SQLite
so a reload, another browser or a copy made from a share link sees the curve, not just the numbers.

- ``batch``: (step, mini-batch cost before that step), one per SGD step taken;
- ``evals``: (step, data-set cost after it, held-out cost or None), one at creation or reset and one
  after each /train request or live chunk.

Each list holds at most MAX_POINTS. When one is full its older half loses every other point, so the
list always spans the whole run (coarser further back) and the same steps always give the same
points: thinning depends on nothing but the list.
"""
from __future__ import annotations

import json
import math
import sqlite3
from dataclasses import dataclass, field

MAX_POINTS = 512
"""Most points kept per list (batch and evals each)."""

SCHEMA = """
CREATE TABLE IF NOT EXISTS histories (
    network_id TEXT PRIMARY KEY,
    points TEXT NOT NULL
)
"""


def _number(value: float | None) -> float | None:
    """JSON has no inf or nan: a cost that overflowed is kept as None (a gap in the curve)."""
    return float(value) if value is not None and math.isfinite(value) else None


def thinned(points: list, limit: int = MAX_POINTS) -> list:
    """``points`` cut to ``limit`` by dropping every other point of the older half, as often as needed."""
    while len(points) > limit:
        half = len(points) // 2
        points = points[:half:2] + points[half:]
    return points


@dataclass
class CostHistory:
    batch: list[list] = field(default_factory=list)
    """[step, cost]: the mini-batch cost before that step."""
    evals: list[list] = field(default_factory=list)
    """[step, cost, test_cost]: the data-set (and held-out) cost after that step."""

    @classmethod
    def starting(cls, step: int, cost: float | None) -> "CostHistory":
        """A network's history when it is created, reset or imported without one: where it starts."""
        return cls([], [[step, _number(cost), None]] if _number(cost) is not None else [])

    def extended(self, first_step: int, batch_costs: list[float], step: int, cost: float | None,
                 test_cost: float | None) -> "CostHistory":
        """This history plus one training call: its mini-batch costs from ``first_step`` on, then
        the costs after it at ``step``."""
        batch = self.batch + [[first_step + i, _number(c)] for i, c in enumerate(batch_costs)]
        evals = self.evals + [[step, _number(cost), _number(test_cost)]]
        return CostHistory(thinned(batch), thinned(evals))

    def to_json(self) -> str:
        return json.dumps({"batch": self.batch, "evals": self.evals})

    @classmethod
    def from_json(cls, text: str | None) -> "CostHistory":
        if not text:
            return cls()
        doc = json.loads(text)
        return cls(doc["batch"], doc["evals"])


def migrate(db: sqlite3.Connection) -> None:
    """Create the table, and give a database made before histories existed a share snapshot column."""
    db.executescript(SCHEMA)
    columns = {row[1] for row in db.execute("PRAGMA table_info(shares)")}
    if "history" not in columns:
        try:
            db.execute("ALTER TABLE shares ADD COLUMN history TEXT")
        except sqlite3.OperationalError as error:
            # Another worker starting at the same moment added it first.
            if "duplicate column" not in str(error):
                raise


def read(db: sqlite3.Connection, network_id: str) -> CostHistory:
    row = db.execute("SELECT points FROM histories WHERE network_id = ?", (network_id,)).fetchone()
    return CostHistory.from_json(row and row[0])


def write(db: sqlite3.Connection, network_id: str, history: CostHistory) -> None:
    db.execute("INSERT INTO histories VALUES (?, ?) ON CONFLICT (network_id) DO UPDATE SET points = excluded.points",
               (network_id, history.to_json()))
