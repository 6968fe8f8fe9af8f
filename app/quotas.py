"""Per-client limits that hold across every worker process and instance: they are counted in the
store's database (SQLite, or PostgreSQL shared by every instance: app/db/).

- Networks and share links held: each row carries its ``owner`` (the client that made it,
  app/clients.py), counted when a new one would be made.
- Creations per minute: one row per network made (create, import, share copy) in the last minute.
- Live streams open: one row per stream, removed when it ends; a row whose process died (checked
  on the machine that ran it: another instance's pids mean nothing here), or older than the
  longest a stream may run, no longer counts.

Each check runs inside the transaction that then inserts (BEGIN IMMEDIATE, or PostgreSQL's writers'
lock: app/db/postgres.py), so two workers cannot both take the last slot. A refusal is a ``StoreFull`` with ``retry_after``: a 429 with Retry-After.
"""
from __future__ import annotations

import math
import os
import secrets
import socket
import time

from . import limits

SCHEMA = """
CREATE TABLE IF NOT EXISTS creations (owner TEXT NOT NULL, at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS creations_by_owner ON creations (owner, at);
CREATE TABLE IF NOT EXISTS streams (
    id TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    network_id TEXT NOT NULL,
    pid INTEGER NOT NULL,
    started REAL NOT NULL
)
"""

PAGE_BYTES = 4096
"""SQLite's default page size, which the store keeps."""


class OverLimit(Exception):
    """One client reached one of its limits (a 429): ``retry_after`` seconds until it may ask again."""

    def __init__(self, detail: str, retry_after: int):
        super().__init__(detail)
        self.retry_after = max(1, int(math.ceil(retry_after)))


def configure(db) -> None:
    """Per SQLite connection: the database's size cap (BACKPROP_LAB_MAX_DB_MB), beyond which SQLite
    answers "database or disk is full" exactly as on a full disk (app/errors.py makes that a 507).
    PostgreSQL's size is its administrator's to cap (docs/CLASSROOM.md)."""
    if limits.MAX_DB_MB > 0:
        db.execute(f"PRAGMA max_page_count = {int(limits.MAX_DB_MB * 2**20 // PAGE_BYTES)}")


def migrate(db) -> None:
    """The tables above, and an ``owner`` column on networks and shares made before owners existed."""
    db.executescript(SCHEMA)
    for table in ("networks", "shares"):
        db.add_column(table, "owner", "TEXT")
        db.execute(f"CREATE INDEX IF NOT EXISTS {table}_by_owner ON {table} (owner)")


def _wait_text(seconds: float) -> str:
    return f"{math.ceil(seconds)} s" if seconds < 120 else f"{seconds / 3600:.1f} h"


def check_create(db, owner: str | None, ttl_seconds: float) -> None:
    """Inside the creating transaction: may ``owner`` make one more network? Counts it if so."""
    if owner is None:
        return
    now = time.time()
    held, oldest = db.execute("SELECT COUNT(*), MIN(touched) FROM networks WHERE owner = ?", (owner,)).fetchone()
    if held >= limits.NETWORKS_PER_CLIENT:
        wait = oldest + ttl_seconds - now
        raise OverLimit(
            f"your address already holds {held} networks, the most one client may "
            f"(BACKPROP_LAB_NETWORKS_PER_CLIENT = {limits.NETWORKS_PER_CLIENT}): delete networks you no "
            f"longer need (DELETE /api/networks/{{id}}), or wait until idle ones expire (the next in "
            f"{_wait_text(wait)})", wait)
    db.execute("DELETE FROM creations WHERE at < ?", (now - 60,))
    made, first = db.execute("SELECT COUNT(*), MIN(at) FROM creations WHERE owner = ?", (owner,)).fetchone()
    if made >= limits.CREATIONS_PER_MINUTE:
        wait = first + 60 - now
        raise OverLimit(
            f"your address made {made} networks in the last minute, the most one client may "
            f"(BACKPROP_LAB_CREATIONS_PER_MINUTE = {limits.CREATIONS_PER_MINUTE}): try again in "
            f"{_wait_text(wait)}, or keep using the networks you have", wait)
    db.execute("INSERT INTO creations VALUES (?, ?)", (owner, now))


def check_share(db, owner: str | None, ttl_seconds: float) -> None:
    """Inside the sharing transaction: may ``owner`` hold one more share link?"""
    if owner is None:
        return
    held, oldest = db.execute("SELECT COUNT(*), MIN(touched) FROM shares WHERE owner = ?", (owner,)).fetchone()
    if held >= limits.SHARES_PER_CLIENT:
        wait = oldest + ttl_seconds - time.time()
        raise OverLimit(
            f"your address already holds {held} share links, the most one client may "
            f"(BACKPROP_LAB_SHARES_PER_CLIENT = {limits.SHARES_PER_CLIENT}): send a link you already "
            f"made, or wait until idle ones expire (the next in {_wait_text(wait)})", wait)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


HOST = socket.gethostname()
"""Names this machine (a container's own name under compose) in the streams it opens."""


def open_stream(db, owner: str, network_id: str) -> str:
    """A slot for one live stream of ``owner`` on ``network_id``, or OverLimit. Run in a transaction.

    A stream on the same network does not count: starting a new one stops it (Store.begin_run).
    """
    now = time.time()
    db.execute("DELETE FROM streams WHERE started < ?", (now - limits.MAX_STREAM_SECONDS - 60,))
    # host NULL: a row from before hosts were kept, when there was one machine.
    for (pid,) in db.execute("SELECT DISTINCT pid FROM streams WHERE host = ? OR host IS NULL", (HOST,)).fetchall():
        if not _alive(pid):
            db.execute("DELETE FROM streams WHERE pid = ? AND (host = ? OR host IS NULL)", (pid, HOST))
    (open_,) = db.execute("SELECT COUNT(*) FROM streams WHERE owner = ? AND network_id != ?",
                          (owner, network_id)).fetchone()
    if open_ >= limits.STREAMS_PER_CLIENT:
        raise OverLimit(
            f"your address already has {open_} live-training streams open, the most one client may "
            f"(BACKPROP_LAB_STREAMS_PER_CLIENT = {limits.STREAMS_PER_CLIENT}): pause training in another "
            "tab or window, or train with POST /api/networks/{id}/train", 10)
    slot = secrets.token_hex(8)
    db.execute("INSERT INTO streams (id, owner, network_id, pid, started, host) VALUES (?, ?, ?, ?, ?, ?)",
               (slot, owner, network_id, os.getpid(), now, HOST))
    return slot


def close_stream(db, slot: str) -> None:
    db.execute("DELETE FROM streams WHERE id = ?", (slot,))


def streams_on_host(db) -> list[int]:
    """Live streams open on this machine, per worker process (of every server process): the Pacer's
    fair share (app/live_rounds.py). Not a dead process's rows, which the next stream to open clears."""
    recent = time.time() - limits.MAX_STREAM_SECONDS - 60
    return [count for pid, count in db.execute(
        "SELECT pid, COUNT(*) FROM streams WHERE (host = ? OR host IS NULL) AND started >= ? GROUP BY pid",
        (HOST, recent)).fetchall() if _alive(pid)]
