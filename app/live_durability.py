"""How a live-training chunk commits: to the operating system at once, to the disk at a bounded interval.

Every API write is on disk before its 2xx (SQLite ``synchronous=FULL``: the write-ahead log is
fsync'd at each commit). A live stream commits a chunk per frame, up to 60 a second for each of a
class's streams, and waiting for the disk each time cost the class its frame rate. Such a chunk
commits on the thread's second connection, opened with ``synchronous=NORMAL`` (app/db/sqlite.py):
in WAL mode the commit is in the log (the operating system's file cache), visible to every process
at once and kept if the server is killed (kill -9), but not yet forced to the disk. The next commit
that does fsync the log (any FULL commit, by any process: an API write, a pause, the stream's end
giving back its slot, or a chunk after CHECKPOINT_SECONDS) makes every earlier one durable too. So
only a crash of the machine itself (power, kernel) can lose live steps, and at most the last
CHECKPOINT_SECONDS of them.
"""
from __future__ import annotations

import time
from contextlib import contextmanager
from typing import Any, Iterator

CHECKPOINT_SECONDS = 1.0
"""A live chunk commits with an fsync when the connection's last one is older than this."""


@contextmanager
def commit_mode(local: Any, durable: bool) -> Iterator[bool]:
    """Around one transaction: yields whether it must reach the disk (``durable``, or the thread's
    last commit that did is older than CHECKPOINT_SECONDS); ``local`` holds when that was."""
    sync = durable or time.monotonic() - getattr(local, "synced", float("-inf")) >= CHECKPOINT_SECONDS
    yield sync
    if sync:
        local.synced = time.monotonic()
