"""How a worker's live streams share its training process: chunks go in rounds, each sized by a Pacer.

A worker has one training process (app/background.py), which runs one thing at a time. Each stream
used to send its own chunk there and wait for its turn, paying the trip between the processes per
chunk and sizing its chunk to fill a whole frame period as if it were alone: with 15 streams on a
worker, each got about 4 frames a second. Now every stream that wants a chunk waits for the next
round; a round is one trip to the training process carrying one chunk for each of them, in the
order they asked (so each stream gets one chunk per round, whatever the others do). A round lasts
as long as a frame period, and its training time is shared among its streams (Pacer).
"""
from __future__ import annotations

import asyncio
import contextlib
import math
import weakref
from dataclasses import dataclass
from time import perf_counter
from typing import Any, Callable

import anyio

from . import background, quotas
from .errors import REFUSALS, InputError, refusal
from .store import Store

TRAINING_SHARE = 0.5
"""When a round's other work (each chunk's saving, scoring and frame, the trip between processes,
sending) grows with the class, the round is made longer, up to 1 / CLASS_FPS, until training has
this share of it: frames come less often rather than training stopping. Alone, a frame's other work
is a small part of its 1/60 s."""
CLASS_FPS = 22.0
"""Frames a second that a round is not lengthened below: a class still sees its networks learn."""
MIN_TRAINING_SHARE = 0.15
"""Share of a round that training gets however long the round's other work is."""
MACHINE_SHARE = 0.8
"""Share of the machine's cores that its streams' training may take in all: the rest saves, draws
and sends their frames and answers requests. Each stream's equal part of it bounds its chunk's
training (Rounds.fair_cores)."""


class Pacer:
    """Steps per chunk so that a round (every stream's chunk, the trip, sending) lasts one frame
    period, with the round's training time shared equally among its streams, and no stream's training
    more than its fair part of the machine's cores. It measures the time per step and the frame's
    other work, and grows a chunk at most 2x a frame."""

    def __init__(self, fps: float, fixed: int | None, cap: int):
        self.period, self.fixed, self.cap = 1.0 / fps, fixed, cap
        self.steps = min(fixed or 1, cap)
        self.step_seconds: float | None = None
        self.other = 0.0

    def next(self, remaining: int) -> int:
        return max(1, min(self.steps, remaining))

    def update(self, steps: int, train_seconds: float, frame_seconds: float, round_train_seconds: float,
               round_size: int, cores: float = float("inf")) -> None:
        """After a chunk of ``steps`` steps that trained for ``train_seconds``, ``frame_seconds`` after
        the stream's previous chunk began, run by a training process with ``round_size`` chunks of its
        round that trained for ``round_train_seconds`` in all. ``cores``: this stream's part of the
        machine (Rounds.fair_cores)."""
        if self.fixed is not None or steps == 0:
            return
        per_step = max(train_seconds / steps, 1e-9)
        # All of a frame's time that is not training: this stream's and the others' saving, scoring
        # and frames, the trip between processes, sending. The others' training is not in it.
        other = max(frame_seconds - max(round_train_seconds, train_seconds), 0.0)
        if self.step_seconds is None:
            self.step_seconds, self.other = per_step, other
        else:
            self.step_seconds += 0.3 * (per_step - self.step_seconds)
            self.other += 0.3 * (other - self.other)
        period = max(self.period, min(self.other / (1 - TRAINING_SHARE), 1 / CLASS_FPS))
        budget = max(period - self.other, MIN_TRAINING_SHARE * period) / max(1, round_size)
        # A stream alone on its worker would otherwise train for a whole period, a core, while the
        # other worker's streams share what is left (it then waits out its period: app/routers/live.py).
        budget = min(budget, cores * period)
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
    """Chunks of its round that its training process ran."""
    round_seconds: float
    """How long that process's part of the round took, from sending to answer."""
    round_train_seconds: float
    """The training time of all the chunks of that part (their ``train_seconds``)."""


GATHER_SECONDS = 0.01
"""How long the next round waits for the streams of the last one to ask again. Answered together,
they send their frames one after another and ask again a little apart: a round started at the first
request carried one stream, the next round the rest, and a stream alone in its round took the whole
period's training."""


class _Queue:
    """One event loop's requests for the next round, and the task that runs rounds while any wait."""

    def __init__(self) -> None:
        self.waiting: list[tuple[tuple[Store, Callable, tuple, bool], asyncio.Future]] = []
        self.task: asyncio.Task | None = None
        self.expected = 0
        """How many requests the next round waits for (GATHER_SECONDS at most): the last round's
        that asked again at once (not a slow-motion stream's, which waits for its time on purpose)."""
        self.gathered = asyncio.Event()
        """Set when that many wait."""


class Rounds:
    """This worker's rounds (one per process, as the training process is)."""

    def __init__(self) -> None:
        # Per event loop: a server has one, but tests run one per client, and a task of a closed
        # loop never finishes.
        self._queues: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Queue] = weakref.WeakKeyDictionary()
        self.streams = 0
        """Streams of this process that are open now."""
        self._machine_streams = 0
        self._counted = float("-inf")

    async def run(self, store: Store, work: Callable[..., Any], *request: Any, again: bool = True) -> Answer:
        """``work(store, *request)`` in the next round. A chunk that has been sent is finished even if
        the stream is cancelled meanwhile (its answer is then dropped): no half-saved chunk.
        ``again``: the caller asks again as soon as it is answered (a stream at full speed);"""
        loop = asyncio.get_running_loop()
        queue = self._queues.setdefault(loop, _Queue())
        answer: asyncio.Future = loop.create_future()
        queue.waiting.append(((store, work, request, again), answer))
        if sum(entry[3] for entry, _ in queue.waiting) >= queue.expected:
            queue.gathered.set()
        if queue.task is None or queue.task.done():
            queue.task = loop.create_task(self._rounds(queue))
        return await answer

    async def _rounds(self, queue: _Queue) -> None:
        while queue.waiting:
            batch, queue.waiting = queue.waiting, []
            queue.gathered.clear()
            # One call per store and kind of work (in practice one: run_chunk), in the order asked.
            kinds = list(dict.fromkeys((store, work) for (store, work, _, _), _ in batch))
            for store, work in kinds:
                mine = [(request, answer) for (s, w, request, _), answer in batch if s is store and w is work]
                # Split over as many training processes (which run their parts at once) as this
                # worker's share of the machine's cores: a worker with 22 of 30 streams runs on two,
                # one with 8 on one. The machine shares its cores equally among running processes,
                # so this shares them among workers by their streams.
                share = background.CORES * self.streams / max(1, self._machine_streams, self.streams)
                count = min(background.TRAINING_PROCESSES, len(mine), max(1, math.ceil(share - 1e-9)))
                await asyncio.gather(*(self._part(store, work, mine[i::count]) for i in range(count)))
            # The streams just answered send their frames, then ask again: the next round waits for
            # them (a short while at most: a stream that ended, or is slow to send, is not waited for).
            queue.expected = sum(entry[3] for entry, _ in batch)
            if sum(entry[3] for entry, _ in queue.waiting) < queue.expected:
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(queue.gathered.wait(), GATHER_SECONDS)

    @staticmethod
    async def _part(store: Store, work: Callable[..., Any], part: list[tuple[tuple, asyncio.Future]]) -> None:
        """One training process's part of a round, in the order asked."""
        started = perf_counter()
        try:
            values = await background.run(store, run_round, work, [request for request, _ in part])
        except Exception as error:  # the training process could not be reached at all
            values = [error] * len(part)
        seconds = perf_counter() - started
        training = sum(getattr(value, "train_seconds", 0.0) for value in values)
        for (_, answer), value in zip(part, values):
            if answer.done():  # its stream was cancelled while the round ran
                continue
            if isinstance(value, Refused):
                answer.set_exception(InputError(value.detail, value.status_code))
            elif isinstance(value, BaseException):
                answer.set_exception(value)
            else:
                answer.set_result(Answer(value, len(part), seconds, training))

    async def fair_cores(self, store: Store) -> float:
        """A stream's fair share of the machine's cores: MACHINE_SHARE x CORES over the streams open on this machine
        (every worker's, from the store's stream slots; counted again at most once a second)."""
        if perf_counter() - self._counted >= COUNT_SECONDS:
            self._counted = perf_counter()
            with contextlib.suppress(Exception):  # the database gone: the last count serves
                self._machine_streams = await anyio.to_thread.run_sync(_streams_on_host, store)
        return MACHINE_SHARE * background.CORES / max(1, self._machine_streams, self.streams)


COUNT_SECONDS = 1.0
"""How often a worker counts the machine's streams again."""


def _streams_on_host(store: Store) -> int:
    return quotas.streams_on_host(store.database.conn())

rounds = Rounds()
