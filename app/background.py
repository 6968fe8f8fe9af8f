"""Training runs in a low-priority child process of each server process, not in its threads.

SGD is pure CPU work that holds the GIL for nearly all of every step. Run in the server's own
threads, it made every other request of that process wait for the GIL: while a class trained, a
click on a weight waited behind it. In a child process at a lower CPU priority (nice 10),
training takes the CPU the requests leave, and the server process answers clicks at once.

A child opens the same store (the SQLite file and lock files, or the PostgreSQL database), so a
network's lock still orders a training chunk against every other write, in any process. Each server
process has TRAINING_PROCESSES children (one per core by default), started when training first needs
them. One per worker was not enough: a class's streams do not spread evenly over the workers (a
worker accepts every connection waiting when it wakes: 30 students starting at once once gave one
worker 29 streams), and a worker's streams could then use one core of the machine's two.
"""
from __future__ import annotations

import asyncio
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

from . import limits
from .errors import REFUSALS, Busy, InputError, refusal, retry_after
from .store import Store

CORES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
"""Cores this server may run on."""
TRAINING_PROCESSES = limits.training_processes(CORES)
"""Training processes of each server process, its lanes (env BACKPROP_LAB_TRAINING_PROCESSES; default
CORES, at most 64), besides the bulk process (BULK)."""

NICENESS = 10
"""How much lower the child's CPU priority is (Linux nice): 10 gives it about a tenth of a core
that a request also wants."""

BULK = -1
"""The lane of long work: a /train request, or a live stream (of fixed chunks, or of one step at
least), whose steps x batch size x parameters exceed BULK_WORK runs in one more training process of
the worker, not in one of its lanes. A lane runs one thing at a time, and a class's live streams
take turns in it: one student's /train of 10,000 steps at batch 128 (3.6 s on the digit net, well within MAX_TRAIN_WORK)
in a lane held the streams of that lane (5 of a class of 10 on one worker) at 0.2 frames/s for as
long as it ran."""
BULK_WORK = 2_000_000
"""steps x batch size x parameters of the longest work a lane takes: about 10 to 15 ms of SGD on
the machine of BENCHMARKS.md, as much as a round of a class's chunks may be delayed by one."""
BULK_NICENESS = 15
"""The bulk process's nice: below the lanes', so live frames come first and long work takes the
CPU they leave."""


def lane_for(work: int) -> int | None:
    """The lane for work of ``work`` = steps x batch size x parameters: BULK when it is long, else
    None (the idlest lane)."""
    return BULK if work > BULK_WORK else None


@dataclass(frozen=True)
class StoreAt:
    """What a child needs to open the server's store."""

    directory: Path
    """Where the database and lock files are."""
    max_networks: int
    """As the server's store: the child creates no networks, but opens the store alike."""
    ttl_seconds: float
    """As the server's store."""
    url: str | None = None
    """The PostgreSQL database the server's store is on (None: the SQLite file in ``directory``)."""

    @classmethod
    def of(cls, store: Store) -> StoreAt:
        return cls(store.directory, store.max_networks, store.ttl_seconds, store.url)


@lru_cache(maxsize=8)
def _open(where: StoreAt) -> Store:
    return Store(where.directory, where.max_networks, where.ttl_seconds, url=where.url)


def _start_child(server_pid: int, niceness: int) -> None:
    os.nice(niceness)
    try:
        # Linux: die with the server process, even when it is killed with SIGKILL.
        import ctypes
        import signal

        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != server_pid:  # it died while this process was starting
        os._exit(0)


def _call(where: StoreAt, work: Callable, args: tuple) -> tuple:
    # A refusal is sent back as its answer's parts: an InputError loses its status code in pickling.
    try:
        return True, work(_open(where), *args)
    except REFUSALS as error:
        status_code, detail = refusal(error)
        return False, (detail, status_code, retry_after(error).get("Retry-After"))


#: The variables OpenBLAS, MKL and OpenMP read for their thread counts.
BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "OMP_NUM_THREADS")

_lanes: list[ProcessPoolExecutor | None] = [None] * (TRAINING_PROCESSES + 1)
"""One single-process pool per training process (a lane): a live stream keeps to its lane, so its
chunks run one after another in the process whose caches hold its network. The last is BULK's."""
_busy = [0] * (TRAINING_PROCESSES + 1)
"""Calls sent to each lane and not yet answered."""
_pool_lock = threading.Lock()


def _executor(lane: int, broken: ProcessPoolExecutor | None = None) -> ProcessPoolExecutor:
    with _pool_lock:
        pool = _lanes[lane]
        if pool is None or pool is broken:
            # One BLAS thread in the child, set before it starts (NumPy reads it once, on import): its
            # matrix products are small (a mini-batch, one data set's forward pass), where a second
            # thread only adds handovers, and every worker has children of its own, so threads of
            # their own would oversubscribe the cores. A one-step digits chunk took 15 ms, now 5.5.
            for name in BLAS_THREADS:
                os.environ.setdefault(name, "1")
            # spawn: a fresh interpreter, not a fork of a process that has threads and an event loop.
            pool = _lanes[lane] = ProcessPoolExecutor(
                max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_child, initargs=(os.getpid(), BULK_NICENESS if lane == BULK else NICENESS))
        return pool


def idlest_lane() -> int:
    """The lane with the fewest calls waiting (the first of those)."""
    return min(range(TRAINING_PROCESSES), key=_busy.__getitem__)


async def run(store: Store, work: Callable[..., Any], *args: Any, lane: int | None = None) -> Any:
    """``work(store, *args)`` in a child (in ``lane``'s, BULK's, or the idlest lane's), with the
    child's own handle on the same store.

    ``work`` must be a module-level function and its arguments and result picklable. If the client
    goes away meanwhile, work already started still finishes (a chunk is saved whole or not at all).
    """
    where = StoreAt.of(store)
    if lane is None:
        lane = idlest_lane()
    elif lane != BULK:
        lane %= TRAINING_PROCESSES
    _busy[lane] += 1
    try:
        pool = _executor(lane)
        try:
            ok, value = await asyncio.wrap_future(pool.submit(_call, where, work, args))
        except BrokenProcessPool:
            # The child died (killed, out of memory); its transaction never committed: start a new one.
            ok, value = await asyncio.wrap_future(_executor(lane, broken=pool).submit(_call, where, work, args))
    finally:
        _busy[lane] -= 1
    if not ok:
        detail, status_code, wait = value  # the same answer as if the server process had refused
        raise Busy(detail, int(wait), status_code) if wait else InputError(detail, status_code)
    return value
