"""The schema, brought up to date by every process as it opens the store, one process at a time.

STEPS is the schema's history in order; ``schema_version`` keeps how many of them the database has
had. Each step can run again harmlessly (CREATE ... IF NOT EXISTS, ``add_column``), because SQLite
files made before this table existed have some of them already: an upgrade simply runs them all.
A change to the schema is a new step at the end, never an edit of an old one. Under
``Database.migrating`` (a lock file, or an advisory lock on PostgreSQL), so two instances starting
at once do not both create a table: PostgreSQL's CREATE TABLE IF NOT EXISTS is not safe against
itself running at the same moment. A database from a newer release (more steps than this one
knows) is refused at start-up rather than written with an older idea of its tables.
"""
from __future__ import annotations

import time
from typing import Callable

from .. import limits
from . import Connection, Database, DatabaseUnavailable


VERSION_TABLE = "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"


def _networks(db: Connection) -> None:
    from ..store import SCHEMA

    db.executescript(SCHEMA)


def _histories(db: Connection) -> None:
    from .. import cost_history

    cost_history.migrate(db)


def _limits(db: Connection) -> None:
    from .. import quotas

    quotas.migrate(db)


def _datasets(db: Connection) -> None:
    from ..dataset_store import SCHEMA

    db.executescript(SCHEMA)


def _stream_hosts(db: Connection) -> None:
    # A stream's process can only be checked for life on its own machine (app/quotas.py).
    db.add_column("streams", "host", "TEXT")


def _history_tails(db: Connection) -> None:
    from .. import cost_history

    cost_history.migrate_tail(db)


STEPS: list[Callable[[Connection], None]] = [_networks, _histories, _limits, _datasets, _stream_hosts,
                                             _history_tails]


class NewerSchema(RuntimeError):
    """The database was last upgraded by a newer release than this one."""


def upgrade(database: Database, wait_seconds: float | None = None) -> int:
    """Apply STEPS; returns the schema version the database now has."""
    deadline = time.monotonic() + (limits.DB_START_WAIT_SECONDS if wait_seconds is None else wait_seconds)
    while True:
        try:
            return _upgrade(database)
        except DatabaseUnavailable:
            if time.monotonic() > deadline:
                raise
            time.sleep(1.0)


def _upgrade(database: Database) -> int:
    with database.migrating() as db:
        db.executescript(VERSION_TABLE)
        row = db.execute("SELECT MAX(version) FROM schema_version").fetchone()
        have = row[0] or 0
        if have > len(STEPS):
            raise NewerSchema(f"the database {database.name} has schema version {have}, made by a newer "
                              f"Backprop Lab; this one knows {len(STEPS)}: upgrade this instance too")
        for step in STEPS:
            step(db)
        if have < len(STEPS):
            db.execute("DELETE FROM schema_version")
            db.execute("INSERT INTO schema_version VALUES (?)", (len(STEPS),))
    return len(STEPS)
