"""The database under the store: one interface, two backends, the same SQL on both where it can be.

- SQLite (app/db/sqlite.py), the default: one file in the data directory, one machine. A network's
  lock is a ``flock`` on a lock file; a transaction is BEGIN IMMEDIATE (one writer at a time).
- PostgreSQL (app/db/postgres.py), when BACKPROP_LAB_DATABASE_URL is set: any number of app
  instances on one database. A network's lock is a session advisory lock; a transaction that
  counts then inserts holds a transaction advisory lock, so it is as serial as BEGIN IMMEDIATE.
  Sessions come from a bounded pool of each process.

Callers write SQLite's dialect with ``?`` placeholders; the PostgreSQL backend turns ``?`` into
``%s`` and the schema's REAL/BLOB/INTEGER into DOUBLE PRECISION/BYTEA/BIGINT. What differs beyond
that is a method of the connection (``json_text``, ``add_column``). Each thread has its own
connection handle (SQLite's may not cross threads; a PostgreSQL session owns the advisory locks it
took, so a thread keeps its session from a lock's start to its end).
"""
from __future__ import annotations

import os
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Callable, Protocol

RETRY_AFTER_SECONDS = 5
"""What a 503 for a lost database asks the client to wait: a restart or a failover takes seconds."""


class DatabaseUnavailable(Exception):
    """The database cannot be reached (stopped, restarting, network cut): a 503 with Retry-After.

    The connection that failed is dropped, so the next request opens a new one: the server recovers
    by itself as soon as the database is back."""

    retry_after = RETRY_AFTER_SECONDS


class Connection(Protocol):
    """One thread's connection, in SQLite's dialect."""

    kind: str
    """"sqlite" or "postgres"."""

    def execute(self, sql: str, params: tuple | list = ()) -> Any:
        """A cursor: fetchone, fetchall, rowcount."""

    def executescript(self, sql: str) -> None:
        """Statements separated by ``;``, without parameters (schema)."""

    def json_text(self, column: str, key: str) -> str:
        """SQL for the text of ``key`` in the JSON object stored in ``column``."""

    def add_column(self, table: str, column: str, kind: str) -> None:
        """Add a column unless the table has it (another instance starting at once may have added it)."""


class Database(Protocol):
    name: str
    """Tells one database from another in this process (the SQLite file, or the URL without password)."""
    kind: str

    def conn(self) -> Connection:
        """This thread's connection, opened when first needed (and again after it was lost)."""

    def transaction(self, durable: bool = True, serial: bool = True) -> AbstractContextManager[Connection]:
        """All or nothing, and serial with every other transaction of every process: a count then an
        insert inside never race. ``durable=False``: the commit need not wait for the disk (a crash
        may lose it, never half of it; SQLite leaves this to app/live_durability.py). ``serial=False``:
        a write that ``locked`` already orders need not wait for every other writer (PostgreSQL)."""

    def locked(self, key: str) -> AbstractContextManager[None]:
        """Exclusive across threads, processes and (PostgreSQL) instances while the block runs."""

    def migrating(self) -> AbstractContextManager[Connection]:
        """Held while the schema is brought up to date: two processes starting at once take turns."""


def database_url() -> str | None:
    """BACKPROP_LAB_DATABASE_URL (postgresql://user@host:port/db), or None for the SQLite file."""
    return os.environ.get("BACKPROP_LAB_DATABASE_URL", "").strip() or None


def open_database(directory: Path, url: str | None, on_sqlite_connect: Callable[[Any], None]) -> Database:
    """PostgreSQL at ``url`` if given, else the SQLite file in ``directory``."""
    if url:
        from .postgres import PostgresDatabase  # psycopg is an optional extra: only imported when used

        return PostgresDatabase(url)
    from .sqlite import SqliteDatabase

    return SqliteDatabase(directory, on_sqlite_connect)
