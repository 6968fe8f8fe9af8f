"""How a worker's live streams share its training processes: chunks go in rounds, each sized by a Pacer.

A worker has a training process per core (app/background.py: its lanes), each running one thing at a
time. Each stream keeps to one lane, the one in use with the fewest streams when it started. Each stream
used to send its own chunk and wait for its turn, paying the trip between the processes per chunk
and sizing its chunk to fill a whole frame period as if it were alone: with 15 streams on a worker,
each got about 4 frames a second. Now every stream that wants a chunk waits for its lane's next
round; a round is one trip to the training process carrying one chunk for each of them, in the
order they asked (so each stream gets one chunk per round, whatever the others do). A round lasts
as long as a frame period, and its training time is shared among its streams (Pacer).

Streams do not spread evenly over a machine's workers (a worker takes every connection waiting
when it wakes: 30 students starting at once once gave one worker 29 streams), and the machine
shares its cores equally among the processes that run, not among the streams they serve. So a
stream's chunks, its frames' work and its training, use at most its equal part of the machine
(Rounds.fair_cores): a stream alone on its worker waits between frames instead of taking a core
from the other worker's 29.
"""
from __future__ import annotations

import asyncio
import contextlib
import math
import weakref
from dataclasses import dataclass
from time import perf_counter
from typing import Any, Callable, Iterator

import anyio

from . import background, quotas
from .errors import REFUSALS, InputError, refusal
from .store import Store

TRAINING_SHARE = 0.5
"""When a frame's other work (each chunk's saving, scoring and frame, the trip between processes,
sending) grows with the class, frames are made to come less often, down to CLASS_FPS, until
training has this share of their time: frames come less often rather than training stopping.
Alone, a frame's other work is a small part of its 1/60 s."""
CLASS_FPS = 24.0
"""Frames a second that a stream is not slowed below for training's share: a class still sees its
networks learn. 24 because the goal is 20 each and, with 30 streams on 2 cores, rounds run 10 to 15%
late (the cores are full): asking for 22 gave 18 to 19 a second, 24 gives 20 to 21 (BENCHMARKS.md)."""
MIN_TRAINING_SHARE = 0.05
"""Share of a frame's time that training gets however long the frame's other work is: a little, so
that a class's frames keep their rate on a full machine (15% cost 30 streams 1 to 2 frames/s)."""
MACHINE_SHARE = 0.85
"""Share of the machine's cores that its streams' chunks may take in all: the rest runs the workers
(sending frames, answering clicks) and what else the machine runs. Each stream's equal part of it
(Rounds.fair_cores) bounds its chunks' CPU time."""


class Pacer:
    """Steps per chunk, and how often a chunk starts, for one stream.

    In its lane: a round (every stream's chunk, the trip, sending) lasts one frame period, and its
    training time is shared equally among its streams. On the machine: a chunk's CPU time, its own
    work (saving, scoring, the frame) and its training, fits the stream's part of the cores
    (``cores``) in a period (``target``), which the stream waits out. When the frame's own work
    grows, the period grows, down to CLASS_FPS, until training has TRAINING_SHARE of it, and past
    that as far as training keeping MIN_TRAINING_SHARE needs. The period follows CPU time, not the
    wall clock: a wait for the lane or the cores is not work, and counting it made the periods grow
    without end. It measures the time per step and the rest, and grows a chunk at most 2x a frame."""

    def __init__(self, fps: float, fixed: int | None, cap: int):
        self.period, self.fixed, self.cap = 1.0 / fps, fixed, cap
        self.steps = min(fixed or 1, cap)
        self.step_seconds: float | None = None
        self.other = 0.0
        """Of a frame's wall time, what is not this round's training."""
        self.own = 0.0
        """CPU seconds of a chunk besides its steps."""
        self.target = self.period
        """Seconds from one chunk's start to the next's."""

    def next(self, remaining: int) -> int:
        return max(1, min(self.steps, remaining))

    def update(self, steps: int, train_seconds: float, frame_seconds: float, round_train_seconds: float,
               round_size: int, cores: float = float("inf"), chunk_cpu: float = 0.0) -> None:
        """After a chunk of ``steps`` steps that trained for ``train_seconds`` and took ``chunk_cpu``
        CPU seconds in all, ``frame_seconds`` after the stream's previous chunk began (not counting
        its wait for its period), in a round of ``round_size`` chunks that trained for
        ``round_train_seconds`` in all. ``cores``: the stream's part of the machine."""
        if self.fixed is not None or steps == 0:
            return
        per_step = max(train_seconds / steps, 1e-9)
        # All of a frame's time that is not training: this stream's and the others' saving, scoring
        # and frames, the trip between processes, sending. The others' training is not in it.
        other = max(frame_seconds - max(round_train_seconds, train_seconds), 0.0)
        own = max(chunk_cpu - train_seconds, 0.0)
        if self.step_seconds is None:
            self.step_seconds, self.other, self.own = per_step, other, own
        else:
            self.step_seconds += 0.3 * (per_step - self.step_seconds)
            self.other += 0.3 * (other - self.other)
            self.own += 0.3 * (own - self.own)
        busy = self.own / cores  # seconds of the stream's part of the machine a frame's own work takes
        self.target = max(self.period, min(busy / (1 - TRAINING_SHARE), 1 / CLASS_FPS),
                          busy / (1 - MIN_TRAINING_SHARE))
        period = max(self.target, min(self.other / (1 - TRAINING_SHARE), 1 / CLASS_FPS))
        in_round = max(period - self.other, MIN_TRAINING_SHARE * period) / max(1, round_size)
        budget = min(in_round, cores * self.target - self.own)
        wanted = int(budget / self.step_seconds)
        self.steps = max(1, min(wanted, 2 * steps + 1, self.cap))


@dataclass
class Refused:
    """A chunk the training process refused (a 4xx), sent back as its parts: an InputError loses
    its status code in pickling."""

    detail: str
    status_code: int


def run_round(store: Store, work: Callable[..., Any], requests: list[tuple]) -> list[Any]:
    """In the training process: ``work(store, *request)`` for each request, in order. One stream's
    refusal or failure is that stream's answer alone; the round goes on."""
    answers: list[Any] = []
    for request in requests:
        try:
            answers.append(work(store, *request))
        except REFUSALS as error:
            status_code, detail = refusal(error)
            answers.append(Refused(detail, status_code))
        except Exception as error:  # a bug in one chunk breaks that stream only, as before rounds
            answers.append(RuntimeError(f"live chunk failed: {error!r}"))
    return answers


@dataclass
class Answer:
    """A chunk's result with the round it ran in."""

    value: Any
    """What ``work`` returned."""
    round_size: int
    """Chunks in its round."""
    round_seconds: float
    """How long the round took, from sending to answer."""
    round_train_seconds: float
    """The training time of all its chunks (their ``train_seconds``)."""
    started: float
    """When its round started (perf_counter): a stream's frame period counts from there."""


GATHER_SECONDS = 0.003
"""How long the next round waits for the streams of the last one to ask again, and how early a
stream due soon is taken into a round. Answered together, they send their frames one after another
and ask again a little apart: a round started at the first request carried one stream, the next
round the rest, and a stream alone in its round took the whole period's training. 10 ms left the
training processes idle while a worker sent 15 frames (19 frames/s each for 30 streams, 18 with it)."""


class _Queue:
    """One event loop's requests for one lane's next round, and the task that runs rounds while any wait."""

    def __init__(self) -> None:
        self.waiting: list[tuple[tuple[Store, Callable, tuple, bool, float], asyncio.Future]] = []
        self.task: asyncio.Task | None = None
        self.expected = 0
        """How many requests the next round waits for (GATHER_SECONDS at most): the last round's
        that asked again at once (not a slow-motion stream's, which waits for its time on purpose)."""
        self.gathered = asyncio.Event()
        """Set when that many wait."""
        self.woken = asyncio.Event()
        """Set by every new request: a round waiting for its first request's time looks again (one
        due sooner, a new stream's first chunk, a stream's end, must not wait for a slow stream's)."""


class Seat:
    """One stream's place: the lane its chunks go to, which may change between two of its chunks."""

    def __init__(self, rounds: Rounds, lane: int):
        self.rounds, self.lane = rounds, lane

    def settle(self) -> int:
        """The lane for the stream's next chunk: its own, unless that lane is no longer in use or
        holds two more streams than another; then the idlest in use (its network's caches are then
        cold for one chunk). A stream of long chunks keeps to BULK (app/background.py)."""
        if self.lane == background.BULK:
            return self.lane
        lanes, used = self.rounds.lanes, self.rounds.lanes_in_use()
        best = min(range(used), key=lanes.__getitem__)
        if self.lane >= used or lanes[self.lane] > lanes[best] + 1:
            lanes[self.lane] -= 1
            lanes[best] += 1
            self.lane = best
        return self.lane


class Rounds:
    """This worker's rounds (one per process, as its training processes are)."""

    def __init__(self) -> None:
        # Per event loop and lane: a server has one loop, but tests run one per client, and a task of
        # a closed loop never finishes.
        self._queues: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[int, _Queue]] = weakref.WeakKeyDictionary()
        self.streams = 0
        """Streams of this process that are open now."""
        self.bulk = 0
        """Of which in the bulk process (app/background.py), in no lane."""
        self.lanes = [0] * background.TRAINING_PROCESSES
        """Streams of this process on each lane now."""
        self._machine_streams = 0
        self._per_worker: list[int] = []
        """The machine's streams per worker process, as last counted."""
        self._counted = float("-inf")

    @contextlib.contextmanager
    def stream(self, bulk: bool = False) -> Iterator[Seat]:
        """Counts a stream while it is open; yields its Seat, on the lane in use with the fewest
        streams, or (``bulk``: its chunks are long) on BULK, where it counts in no lane."""
        self.streams += 1
        if bulk:
            self.bulk += 1
            seat = Seat(self, background.BULK)
        else:
            seat = Seat(self, min(range(self.lanes_in_use()), key=self.lanes.__getitem__))
            self.lanes[seat.lane] += 1
        try:
            yield seat
        finally:
            self.streams -= 1
            if seat.lane == background.BULK:
                self.bulk -= 1
            else:
                self.lanes[seat.lane] -= 1

    def lanes_in_use(self, streams: int | None = None) -> int:
        """As many lanes as this worker's share of the machine's cores: each running training process
        takes an equal part of the cores whatever it serves, so a worker with 22 of 30 streams runs
        two, one with 8 one; and every process more than the cores costs the others' caches.
        ``streams``: another worker's count (every worker runs this same rule)."""
        streams = self.streams - self.bulk if streams is None else streams
        share = background.CORES * streams / max(1, self._machine_streams, streams)
        return min(len(self.lanes), max(1, math.ceil(share - 1e-9)))

    async def run(self, store: Store, work: Callable[..., Any], *request: Any, lane: int = 0,
                  again: bool = True, due: float = 0.0) -> Answer:
        """``work(store, *request)`` in ``lane``'s next round from ``due`` (perf_counter) on. A chunk
        that has been sent is finished even if the stream is cancelled meanwhile (its answer is then
        dropped): no half-saved chunk. ``again``: the caller asks again as soon as it is answered (a
        stream at full speed). Streams due at one time wait together and share a round: each
        sleeping on its own, they came back in the middle of others' rounds, which split into
        smaller ones, each paying its trip."""
        loop = asyncio.get_running_loop()
        queue = self._queues.setdefault(loop, {}).setdefault(lane, _Queue())
        answer: asyncio.Future = loop.create_future()
        item = ((store, work, request, again, due), answer)
        queue.waiting.append(item)
        queue.woken.set()
        if sum(entry[3] for entry, _ in queue.waiting) >= queue.expected:
            queue.gathered.set()
        if queue.task is None or queue.task.done():
            queue.task = loop.create_task(self._rounds(queue, lane))
        try:
            return await answer
        except asyncio.CancelledError:
            # Not sent yet (waiting for its time): it never runs, so a stream's last word (its
            # rescore, queued after this) is not followed by a chunk.
            if item in queue.waiting:
                queue.waiting.remove(item)
            raise

    async def _rounds(self, queue: _Queue, lane: int) -> None:
        while queue.waiting:
            wait = min(entry[4] for entry, _ in queue.waiting) - perf_counter()
            if wait > 0:
                queue.woken.clear()
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(queue.woken.wait(), wait)
                continue
            soon = perf_counter() + GATHER_SECONDS
            batch = [item for item in queue.waiting if item[0][4] <= soon]
            queue.waiting = [item for item in queue.waiting if item[0][4] > soon]
            queue.gathered.clear()
            # One call per store and kind of work (in practice one: run_chunk), in the order asked.
            kinds = list(dict.fromkeys((store, work) for (store, work, _, _, _), _ in batch))
            for store, work in kinds:
                # Not a request whose stream left while an earlier kind of this round ran: unsent, it never runs.
                mine = [(request, answer) for (s, w, request, _, _), answer in batch
                        if s is store and w is work and not answer.done()]
                if not mine:
                    continue
                started = perf_counter()
                try:
                    values = await background.run(store, run_round, work, [request for request, _ in mine], lane=lane)
                except Exception as error:  # the training process could not be reached at all
                    values = [error] * len(mine)
                seconds = perf_counter() - started
                training = sum(getattr(value, "train_seconds", 0.0) for value in values)
                for (_, answer), value in zip(mine, values):
                    if answer.done():  # its stream was cancelled while the round ran
                        continue
                    if isinstance(value, Refused):
                        answer.set_exception(InputError(value.detail, value.status_code))
                    elif isinstance(value, BaseException):
                        answer.set_exception(value)
                    else:
                        answer.set_result(Answer(value, len(mine), seconds, training, started))
            # The streams just answered send their frames, then ask again: the next round waits for
            # them (a short while at most: a stream that ended, or is slow to send, is not waited for).
            queue.expected = sum(entry[3] for entry, _ in batch)
            if sum(entry[3] for entry, _ in queue.waiting) < queue.expected:
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(queue.gathered.wait(), GATHER_SECONDS)

    async def fair_cores(self, store: Store) -> float:
        """A stream's equal part of the machine's cores: MACHINE_SHARE x CORES over the streams open
        on this machine (every worker's, from the store's stream slots; counted at most once a second),
        and no more than a stream of the most crowded lane can have (``crowded_cores``)."""
        if perf_counter() - self._counted >= COUNT_SECONDS:
            self._counted = perf_counter()
            with contextlib.suppress(Exception):  # the database gone: the last count serves
                self._per_worker = await anyio.to_thread.run_sync(_streams_on_host, store)
                self._machine_streams = sum(self._per_worker)
        fair = MACHINE_SHARE * background.CORES / max(1, self._machine_streams, self.streams)
        return min(fair, self.crowded_cores())

    def crowded_cores(self) -> float:
        """The part of the cores a stream of the machine's most crowded lane gets. The cores are
        shared equally among the training processes that run, not among their streams, and workers
        hold unequal numbers of streams (one with 13 of 30 runs one lane, one with 17 two): streams
        on a lighter lane, training on the whole of their fair part, took the cores the crowded
        lane's streams needed for their frames (30 streams: 20 frames/s at the median, 16 to 17 at
        the 10th percentile). Every stream trains no more than the crowded lane's: the lighter lanes
        then leave it the time it needs."""
        counts = [count for count in (self._per_worker or [self.streams]) if count]
        if not counts:
            return float("inf")
        # Every worker runs lanes_in_use() on its own count, so each one's lanes follow from it.
        lanes = [min(self.lanes_in_use(count), count) for count in counts]
        per_lane = min(1.0, MACHINE_SHARE * background.CORES / sum(lanes))  # a process runs on one core
        return per_lane / max(math.ceil(count / used) for count, used in zip(counts, lanes))


COUNT_SECONDS = 1.0
"""How often a worker counts the machine's streams again."""


def _streams_on_host(store: Store) -> list[int]:
    return quotas.streams_on_host(store.database.conn())

rounds = Rounds()
