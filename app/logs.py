"""Log lines rate-limited, so that a flood of failing connections cannot fill the disk with tracebacks.

With its file descriptors used up, a server logged "Too many open files" tracebacks at 1 GB a
minute. Here each logger that the server, asyncio and the app write to keeps at most a few lines of
each kind (same logger, same message template) per minute, and a bounded number in all; the first
line after a minute in which some were dropped says how many.
"""
from __future__ import annotations

import logging
import threading
import time

WINDOW_SECONDS = 60.0
PER_KIND = 10
"""Lines of one kind (logger and message template) per minute."""
KIND_PREFIX = 40
"""A kind is the message's start: asyncio formats the failing callback's address into its message."""
IN_ALL = 100
"""Lines per minute of one logger; the access log gets ACCESS_LINES instead (one line per request)."""
ACCESS_LINES = 1_200


class RateLimit(logging.Filter):
    def __init__(self, per_kind: int | None, in_all: int):
        super().__init__()
        self.per_kind, self.in_all = per_kind, in_all
        self.lock = threading.Lock()
        self.window = time.monotonic()
        self.counts: dict[object, int] = {}
        self.total = self.dropped = 0

    def filter(self, record: logging.LogRecord) -> bool:
        with self.lock:
            now = time.monotonic()
            dropped = 0
            if now - self.window >= WINDOW_SECONDS:
                dropped, self.dropped = self.dropped, 0
                self.window, self.counts, self.total = now, {}, 0
            kind = (record.name, str(record.msg)[:KIND_PREFIX])
            seen = self.counts.get(kind, 0)
            if self.total >= self.in_all or (self.per_kind is not None and seen >= self.per_kind):
                self.dropped += 1
                return False
            self.counts[kind] = seen + 1
            self.total += 1
        if dropped:
            record.msg = f"{record.msg} [{dropped} similar log lines were dropped in the minute before]"
        return True


LOGGERS = ("", "asyncio", "uvicorn", "uvicorn.error", "app")


def rate_limit() -> None:
    """Install the filters on the loggers records start from (a filter sees only its own logger's)."""
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RateLimit) for f in logger.filters):
            logger.addFilter(RateLimit(PER_KIND, IN_ALL))
    access = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, RateLimit) for f in access.filters):
        access.addFilter(RateLimit(None, ACCESS_LINES))
