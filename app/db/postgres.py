"""The PostgreSQL backend: any number of app instances (each with its worker and training processes)
on one database, with no sticky sessions.

- Sessions (autocommit) come from a bounded pool of the process (Sessions): a thread holds one for a
  statement, which then commits alone, or for a whole lock or transaction.
- ``locked``: a session advisory lock in the network's slot, so it excludes every session of every
  instance; if the instance dies, PostgreSQL drops its session and the lock with it.
- ``transaction``: BEGIN, then a transaction advisory lock shared by every writer that counts
  before it inserts (BEGIN IMMEDIATE's guarantee), released by COMMIT or ROLLBACK. A commit is
  durable (synchronous_commit on) unless the caller says it need not be.
- A lost connection (the server stopped, restarted, or the network cut) is a DatabaseUnavailable
  (503); the session is dropped and the next statement opens a new one. A session that held a lock
  when it was lost stays refused until the block that held it has ended: reconnecting inside it
  would go on without the lock.
"""
from __future__ import annotations

import hashlib
import re
import threading
from contextlib import contextmanager
from functools import lru_cache
from typing import Iterator

import psycopg

from .. import limits
from . import DatabaseUnavailable

NETWORK_LOCKS, SCHEMA_LOCK, WRITES_LOCK = 1, 2, 3
"""First key of each kind of advisory lock (the second is the slot, or 0)."""
LOST = (psycopg.OperationalError, psycopg.InterfaceError)
APPLICATION_NAME = "backprop-lab"
"""Names the app's sessions in pg_stat_activity."""
_TYPES = {"REAL": "DOUBLE PRECISION", "BLOB": "BYTEA", "INTEGER": "BIGINT"}


@lru_cache(maxsize=512)
def _dialect(sql: str) -> str:
    """SQLite's ``?`` placeholders as psycopg's ``%s`` (no statement here holds a literal % or ?)."""
    return sql.replace("?", "%s")


def _ddl(sql: str) -> str:
    return re.sub(r"\b(REAL|BLOB|INTEGER)\b", lambda m: _TYPES[m.group(1)], sql)


def _slot(key: str) -> int:
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=4).digest(), "big", signed=True)


class Sessions:
    """The process's open sessions, at most DB_SESSIONS_PER_PROCESS: a thread takes one for a
    statement, or for a whole lock or transaction, and gives it back after. Without the bound every
    request thread (40 per process) kept a session of its own, and two instances of two workers
    passed PostgreSQL's default of 100."""

    def __init__(self, url: str, size: int):
        self.url, self.size = url, size
        self.idle: list[psycopg.Connection] = []
        self.lock = threading.Lock()
        self.slots = threading.BoundedSemaphore(size)

    def take(self) -> tuple[psycopg.Connection, bool]:
        """A session, and whether it was open before (it may have died idle: a restart)."""
        if not self.slots.acquire(timeout=limits.DB_SESSION_WAIT_SECONDS):
            raise DatabaseUnavailable(
                f"all {self.size} database sessions of this server process stayed busy for "
                f"{limits.DB_SESSION_WAIT_SECONDS:g} s (BACKPROP_LAB_DB_SESSIONS): try again shortly")
        with self.lock:
            raw = self.idle.pop() if self.idle else None
        if raw is not None and not raw.closed and not raw.broken:
            return raw, True
        try:
            return psycopg.connect(self.url, autocommit=True, application_name=APPLICATION_NAME,
                                   connect_timeout=limits.DB_CONNECT_TIMEOUT_SECONDS,
                                   keepalives=1, keepalives_idle=30, keepalives_interval=10,
                                   keepalives_count=3), False
        except LOST as error:
            self.slots.release()
            raise unavailable(error) from error
        except BaseException:
            self.slots.release()
            raise

    def flush(self) -> None:
        """Close the idle sessions: one was found dead, so the server restarted or the network
        dropped, and the others would each fail a request before being replaced."""
        with self.lock:
            idle, self.idle = self.idle, []
        for raw in idle:
            try:
                raw.close()
            except Exception:  # noqa: BLE001 - closing a dead session may fail in any way; it is gone
                pass

    def give(self, raw: psycopg.Connection, healthy: bool = True) -> None:
        if healthy and not raw.closed and not raw.broken \
                and raw.info.transaction_status == psycopg.pq.TransactionStatus.IDLE:
            with self.lock:
                self.idle.append(raw)
        else:
            try:
                raw.close()
            except Exception:  # noqa: BLE001 - closing a dead session may fail in any way; it is gone
                pass
        self.slots.release()


class Result:
    """A statement's rows, read at once: the session goes back to the pool before they are used."""

    def __init__(self, cursor):
        self.rowcount = cursor.rowcount
        self.rows = cursor.fetchall() if cursor.description is not None else []

    def fetchone(self):
        return self.rows[0] if self.rows else None

    def fetchall(self) -> list:
        return self.rows

    def __iter__(self):
        return iter(self.rows)


class PostgresConnection:
    """One thread's handle: a session from Sessions while a statement, lock or transaction runs."""

    kind = "postgres"

    def __init__(self, sessions: Sessions):
        self.sessions = sessions
        self.raw: psycopg.Connection | None = None
        self.reused = False
        self.holding = 0
        """Locks and transactions open on this session: while any is, it is kept, and if it is lost
        it is not replaced (the lock went with it)."""
        self.lost = False

    def _session(self) -> psycopg.Connection:
        if self.lost:
            raise DatabaseUnavailable("the connection to the database was lost during this request: try again")
        if self.raw is None:
            self.raw, self.reused = self.sessions.take()
        return self.raw

    def _done(self) -> None:
        if self.holding == 0 and self.raw is not None:
            raw, self.raw = self.raw, None
            self.sessions.give(raw)

    def failed(self, error: Exception) -> Exception:
        """What a driver error becomes: a lost session is dropped and reported as a 503."""
        if self.raw is None or self.raw.broken or self.raw.closed:
            self.drop()
            self.sessions.flush()
            return unavailable(error)
        return error

    def drop(self) -> None:
        if self.raw is not None:
            raw, self.raw = self.raw, None
            self.sessions.give(raw, healthy=False)
        self.lost = self.holding > 0

    def release(self) -> None:
        self.holding -= 1
        if self.holding == 0:
            self.lost = False
            self._done()

    def execute(self, sql: str, params: tuple | list = ()) -> Result:
        try:
            try:
                return Result(self._session().execute(_dialect(sql), params or None))
            except LOST as error:
                reused = self.reused
                raised = self.failed(error)
                # A session that sat idle while the server restarted fails its first statement: a
                # read outside any lock is then safe to send again on a new one.
                if raised is not error and reused and self.holding == 0 and sql.lstrip()[:6].upper() == "SELECT":
                    try:
                        return Result(self._session().execute(_dialect(sql), params or None))
                    except LOST as again:
                        raise self.failed(again) from again
                raise raised from error
        finally:
            self._done()

    def executescript(self, sql: str) -> None:
        for statement in _ddl(sql).split(";"):
            if statement.strip():
                self.execute(statement)

    def json_text(self, column: str, key: str) -> str:
        return f"(({column})::jsonb ->> '{key}')"

    def add_column(self, table: str, column: str, kind: str) -> None:
        self.execute(_ddl(f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {column} {kind}"))


def unavailable(error: Exception) -> DatabaseUnavailable:
    return DatabaseUnavailable(
        "the server cannot reach its database right now (restarting, or the network to it is down): "
        f"nothing was lost; try again in a few seconds ({type(error).__name__})")


class PostgresDatabase:
    kind = "postgres"

    def __init__(self, url: str):
        self.url = url
        self.name = re.sub(r"://([^:@/]*):[^@/]*@", r"://\1@", url)  # never the password
        self.sessions = Sessions(url, limits.DB_SESSIONS_PER_PROCESS)
        self._local = threading.local()

    def conn(self) -> PostgresConnection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = self._local.db = PostgresConnection(self.sessions)
        return db

    @contextmanager
    def _holding(self, lock: str, unlock: str, key: tuple[int, int]) -> Iterator[PostgresConnection]:
        db = self.conn()
        db.holding += 1  # first: the session that takes the lock must stay this thread's
        try:
            db.execute(lock, key)
            try:
                yield db
            finally:
                if not db.lost and db.raw is not None:
                    try:
                        db.execute(unlock, key)
                    except BaseException:
                        db.drop()  # never back to the pool with the lock still held
                        raise
        finally:
            db.release()

    def locked(self, key: str):
        return self._holding("SELECT pg_advisory_lock(?::int, ?::int)", "SELECT pg_advisory_unlock(?::int, ?::int)",
                             (NETWORK_LOCKS, _slot(key)))

    def migrating(self):
        return self._holding("SELECT pg_advisory_lock(?::int, ?::int)", "SELECT pg_advisory_unlock(?::int, ?::int)",
                             (SCHEMA_LOCK, 0))

    @contextmanager
    def transaction(self, durable: bool = True, serial: bool = True) -> Iterator[PostgresConnection]:
        """``serial=False`` for a write that the caller's ``locked`` already orders (a network's edit)."""
        db = self.conn()
        db.holding += 1
        try:
            with db._session().transaction():
                if serial:
                    db.execute("SELECT pg_advisory_xact_lock(?::int, 0)", (WRITES_LOCK,))
                if not durable:
                    db.execute("SET LOCAL synchronous_commit = off")
                yield db
        except LOST as error:
            raise db.failed(error) from error
        finally:
            db.release()
