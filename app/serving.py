"""The HTTP protocol `python -m app` serves with: uvicorn's h11 protocol, with Nagle's algorithm off,
a deadline for each request head, and a budget of open connections per process.

- Nagle off: with more than one worker, uvicorn opens the shared socket with protocol number 0, and
  asyncio turns Nagle off only on connections of a socket opened as IPPROTO_TCP. Every answer on a
  kept-alive connection (a browser's, after its first request) then waited about 40 ms for the
  client's delayed ACK before its body went out.
- Head deadline: uvicorn closes a kept-alive connection that stays silent after an answer, but not
  one that never sends a request or sends it a byte a second. Each connection must now send a whole
  request head within HEADER_TIMEOUT_SECONDS of opening (or of its last answer); the body has its
  own deadline (app/middleware.py).
- Connection budget: each connection is a file descriptor. Past MAX_CONNECTIONS (by default the
  process's descriptor limit less a reserve for the database, lock files and threads), a new
  connection gets a JSON 503 with Retry-After and is closed, instead of the process running out of
  descriptors and failing every request (and logging a traceback for each).
"""
from __future__ import annotations

import json
import resource
import socket

from uvicorn.protocols.http.h11_impl import H11Protocol

from . import limits
from .middleware import PAGE_CSP, SECURITY_HEADERS

OVER_BUDGET_SECONDS = 1.0
"""How long a connection over the budget may take to send its request (and get its 503)."""


def connection_budget() -> int:
    if limits.MAX_CONNECTIONS > 0:
        return limits.MAX_CONNECTIONS
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    return max(16, soft - min(256, soft // 2))


async def _over_budget(scope, receive, send) -> None:
    body = json.dumps({"detail": "the server has as many connections open as it can serve: try again in "
                                 "a few seconds"}).encode()
    await send({"type": "http.response.start", "status": 503, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
        (b"retry-after", b"5"), (b"connection", b"close"),
        (b"content-security-policy", PAGE_CSP.encode()), *SECURITY_HEADERS]})
    await send({"type": "http.response.body", "body": body})


class NoDelayH11Protocol(H11Protocol):
    open_connections = 0
    """Of this process (the class is shared by every connection it serves)."""
    budget: int | None = None

    def connection_made(self, transport) -> None:
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)
        cls = NoDelayH11Protocol
        if cls.budget is None:
            cls.budget = connection_budget()
        cls.open_connections += 1
        self._head_timer = None
        if cls.open_connections > cls.budget:
            self.app = _over_budget
            self._arm(OVER_BUDGET_SECONDS)
        else:
            self._arm(limits.HEADER_TIMEOUT_SECONDS)

    def _arm(self, seconds: float) -> None:
        self._disarm()
        self._head_timer = self.loop.call_later(seconds, self._head_too_slow)

    def _disarm(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_too_slow(self) -> None:
        self._head_timer = None
        if not self.transport.is_closing():
            self.transport.close()

    def handle_events(self) -> None:
        before = self.cycle
        super().handle_events()
        if self.cycle is not before:  # a whole request head arrived
            self._disarm()

    def on_response_complete(self) -> None:
        # Armed first: the next pipelined request, handled inside, disarms it again.
        self._arm(limits.HEADER_TIMEOUT_SECONDS)
        super().on_response_complete()

    def connection_lost(self, exc) -> None:
        NoDelayH11Protocol.open_connections -= 1
        self._disarm()
        super().connection_lost(exc)
