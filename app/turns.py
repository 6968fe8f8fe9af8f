"""A bounded queue per network, in each server process, in front of the network's lock.

Requests that change a network wait for its lock (app/store.py ``edit``: a lock file, or a
PostgreSQL advisory lock shared by every instance). Waiting in a worker thread, 150 concurrent PUTs
to one network took every thread of the pool, and everyone else's clicks waited for a thread:
/breakdown on other networks went from 11 ms to 2,400 ms. Here a request first takes its network's
turn in the event loop, where waiting costs no thread: at most one request per network and process
holds a thread (and waits for the network's lock, which orders the processes and instances),
QUEUE_PER_NETWORK more wait without one, and any beyond are refused at once (429). A waiter that
does not get its turn within QUEUE_WAIT_SECONDS gets a 503. Both carry Retry-After.

A refusal is sent after REFUSAL_PACE seconds, waited in the event loop (no thread): clients that
retry at once, ignoring Retry-After, otherwise turned the pile-up into a flood of refusals that
took the CPU instead (others' /breakdown at 2,300 ms during 150 such loops); paced, they retry about
once a second each, as a request waiting its turn would.
"""
from __future__ import annotations

import asyncio
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import AsyncIterator

from . import limits
from .errors import Busy

REFUSAL_PACE = 1.0
"""Seconds before a refusal for a full queue is sent (see above)."""


@dataclass
class _Line:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    people: int = 0
    """The request holding the turn and those waiting for it."""


_lines: dict[str, _Line] = {}


@asynccontextmanager
async def turn(network_id: str) -> AsyncIterator[None]:
    """Hold the network's turn in this process for the block (see the module's docstring)."""
    line = _lines.setdefault(network_id, _Line())
    if line.people > limits.QUEUE_PER_NETWORK:
        await asyncio.sleep(REFUSAL_PACE)
        raise Busy(f"{line.people - 1} requests are already waiting to change this network, the most "
                   f"that may (BACKPROP_LAB_QUEUE_PER_NETWORK = {limits.QUEUE_PER_NETWORK}): wait for "
                   "their answers before sending more", retry_after=1)
    line.people += 1
    try:
        try:
            async with asyncio.timeout(limits.QUEUE_WAIT_SECONDS):
                await line.lock.acquire()
        except TimeoutError:
            raise Busy(f"this network stayed busy for {limits.QUEUE_WAIT_SECONDS:g} s (a long training "
                       "request or many changes before this one): try again shortly",
                       retry_after=5, status_code=503) from None
        try:
            yield
        finally:
            line.lock.release()
    finally:
        line.people -= 1
        if line.people == 0:
            del _lines[network_id]
