"""The SQLite backend: one file in the data directory, for every worker process of one machine."""
from __future__ import annotations

import fcntl
import hashlib
import sqlite3
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator

LOCK_SLOTS = 4096
"""Networks share lock files by hash: two networks rarely wait on each other, files stay few."""


class SqliteConnection:
    """A sqlite3 connection in autocommit mode; statements pass through unchanged."""

    kind = "sqlite"

    def __init__(self, raw: sqlite3.Connection):
        self.raw = raw

    def execute(self, sql: str, params: tuple | list = ()) -> sqlite3.Cursor:
        return self.raw.execute(sql, params)

    def executescript(self, sql: str) -> None:
        self.raw.executescript(sql)

    @property
    def in_transaction(self) -> bool:
        return self.raw.in_transaction

    def json_text(self, column: str, key: str) -> str:
        return f"json_extract({column}, '$.{key}')"

    def add_column(self, table: str, column: str, kind: str) -> None:
        if column in {row[1] for row in self.raw.execute(f"PRAGMA table_info({table})")}:
            return
        try:
            self.raw.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")
        except sqlite3.OperationalError as error:
            if "duplicate column" not in str(error):  # another worker starting at the same moment
                raise


class SqliteDatabase:
    kind = "sqlite"

    def __init__(self, directory: Path, on_connect: Callable[[Any], None]):
        directory.mkdir(parents=True, exist_ok=True)
        (directory / "locks").mkdir(exist_ok=True)
        self.directory = directory
        self.path = directory / "backprop-lab.sqlite3"
        self.name = str(self.path)
        self._on_connect = on_connect
        self._local = threading.local()

    def conn(self, durable: bool = True) -> SqliteConnection:
        """This thread's connection; ``durable=False``: its second one, whose commits do not wait for
        the disk (app/live_durability.py), so that neither ever changes its setting."""
        name = "db" if durable else "lazy"
        db = getattr(self._local, name, None)
        if db is None:
            raw = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            raw.execute("PRAGMA journal_mode=WAL")
            # FULL: a write is on disk before its 2xx goes out, so kill -9 loses nothing acknowledged.
            raw.execute("PRAGMA synchronous=FULL" if durable else "PRAGMA synchronous=NORMAL")
            db = SqliteConnection(raw)
            self._on_connect(db)
            setattr(self._local, name, db)
        return db

    @contextmanager
    def transaction(self, durable: bool = True, serial: bool = True) -> Iterator[SqliteConnection]:
        """BEGIN IMMEDIATE: counting then inserting must not race another worker doing the same
        (always serial). ``durable=False``: on the thread's connection that does not wait for the
        disk (the store says when: app/live_durability.py)."""
        db = self.conn(durable)
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            if db.in_transaction:  # SQLite itself rolled back on a full disk (SQLITE_FULL)
                db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    @contextmanager
    def _flock(self, name: str) -> Iterator[None]:
        # A fresh open file description per call: flock then excludes other threads too.
        with open(f"{self.directory}/locks/{name}", "a+b") as f:
            fcntl.flock(f, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(f, fcntl.LOCK_UN)

    def locked(self, key: str):
        slot = int.from_bytes(hashlib.blake2b(key.encode(), digest_size=4).digest(), "big")
        return self._flock(f"{slot % LOCK_SLOTS:04d}.lock")

    @contextmanager
    def migrating(self) -> Iterator[SqliteConnection]:
        with self._flock("schema.lock"):
            db = self.conn()
            db.execute("PRAGMA journal_mode=WAL")
            yield db
