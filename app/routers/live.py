"""Live training: server-sent events, one per chunk of SGD steps, sized to arrive ~30 times a second,
or, paced (`steps_per_second`), one step per event at that rate, so that a learner can follow each step.

Each chunk is one call of the training service (app/training.py), as /train is, run in a
training process (app/background.py) under the network's lock, in the next round of the stream's
lane (app/live_rounds.py: the streams of a lane take turns there, one chunk each per round), so the
saved network is always the one after a whole chunk: closing the stream pauses training there, and a
new stream resumes from the saved step and batch cursor, exactly as one long /train would have gone.
A chunk commits without waiting for the disk (app/live_durability.py) and scores the data set only
a few times a second (SCORE_SECONDS); the last chunk, a pause and the stream's end do both.
"""
from __future__ import annotations

import contextlib
from dataclasses import dataclass
from time import perf_counter, thread_time
from typing import AsyncIterator

import anyio
import numpy as np
from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse
from starlette.background import BackgroundTask

from .. import background, limits, quotas, training
from ..deps import Client, NetworkId, NetworkTurn, StoreDep, StoredNetwork
from ..engine import Evaluation, parameter_count
from ..errors import InputError
from ..live_rounds import Pacer, Seat, rounds
from ..pictures import check_grid, grid_out
from ..schemas.live import Frame, StreamEnd
from ..schemas.networks import NetworkOut, network_out
from ..schemas.pictures import Encoding, GridIn, pack
from ..schemas.training import Divergence
from ..service import dataset_of
from ..store import NetworkNotFound, RunStopped, Store

router = APIRouter(prefix="/api/networks", tags=["training"])

#: A stream scores the data set (cost, accuracy, held-out) at most this often, and a worker's
#: streams at most WORKER_SCORES_PER_SECOND times a second in all: scoring 4,000 digits of the
#: 784-16-16-10 net takes 13 ms, which, every frame, was most of each frame's time. Frames between
#: carry the last scores with the step they are of (Frame.scored_step); a stream's last chunk scores.
#: In slow motion (up to 20 steps a second, one a frame) every step is scored, so a learner who
#: follows the steps sees the data set's cost of each.
SCORE_SECONDS = 0.25
PACED_SCORE_SECONDS = 0.05
WORKER_SCORES_PER_SECOND = 16


@dataclass(frozen=True)
class StreamSpec:
    """What every chunk of one stream does, as the stream's query asked."""

    network_id: str
    """The network it trains."""
    learning_rate: float
    """eta of every step."""
    batch_size: int
    """Examples per step, at most the data set's size."""
    example: int
    """The data set row whose numbers each frame carries."""
    grid: GridIn | None
    """The picture each frame carries, or None."""
    encoding: Encoding
    """How the frames' arrays are packed."""
    run: int
    """This stream's live-training run (Store.begin_run): pausing or a newer stream stops it."""


@dataclass
class Chunk:
    """One chunk of a stream, as the training process sends it back."""

    event: str
    """The frame as server-sent-event text."""
    steps_done: int
    """Steps the chunk took."""
    train_seconds: float
    """CPU time its steps took (the pacer sizes the next chunk from it; the call's setup and checks
    are the frame's other work)."""
    step: int | None
    """The network's step after the chunk; None when the network was deleted."""
    diverged: training.Divergence | None
    """The step it refused, if one diverged."""
    stopped: bool = False
    """The run was stopped before this chunk, which therefore did nothing."""
    scores: Scored | None = None
    """The data set's scores the frame carries: this chunk's, or the last chunk's that scored."""
    cpu_seconds: float = 0.0
    """CPU time the chunk took in the training process: its steps, saving, scoring and frame (Pacer,
    which takes ``train_seconds``, its steps' CPU time, from it)."""


def sse(name: str, data: str) -> str:
    return f"event: {name}\ndata: {data}\n\n"


@dataclass(frozen=True)
class Scored:
    """The data set's cost and accuracy (train and held-out) at one step, as a frame carries them."""

    evaluation: Evaluation
    """What evaluate() gave."""
    step: int
    """The step whose parameters were scored."""


def run_chunk(store: Store, spec: StreamSpec, steps: int, frame: int, last: Scored | None,
              final: bool) -> Chunk:
    """Train one chunk under the lock, then build its frame from the committed network.

    ``last``: the scores of the stream's last chunk that scored the data set, carried again by this
    frame, or None: this chunk scores it. ``final``: the stream's last chunk (fsync'd as API writes).
    """
    cpu = thread_time()
    try:
        trained = training.train(store, spec.network_id, steps, spec.learning_rate, spec.batch_size,
                                 run=spec.run, test_split=True, score=last is None, durable=final)
    except RunStopped:
        return Chunk("", 0, 0.0, None, None, stopped=True)
    except NetworkNotFound:
        return Chunk("", 0, 0.0, None, None)
    stored, enc = trained.stored, spec.encoding
    scores = Scored(trained.evaluation, stored.step) if trained.evaluation is not None else last
    net, d = stored.network, dataset_of(stored, "train on")
    x, y = d.x[spec.example], d.y[spec.example]
    with np.errstate(all="ignore"):
        bp = net.backprop(x[None, :], y[None, :]).example(0)
    data = Frame.of(
        scores.evaluation, stored, frame=frame, scored_step=scores.step, steps=trained.steps_done, batch_size=trained.batch_size,
        batch_cost=np.mean(trained.costs) if trained.costs else None,
        steps_per_second=trained.steps_done / trained.seconds if trained.seconds > 0 else 0.0,
        example=spec.example, example_cost=bp.cost, output=bp.a[-1],
        activations=pack(np.concatenate(bp.a), enc),
        weights=pack(np.concatenate([w.ravel() for w in net.weights]), enc),
        biases=pack(np.concatenate(net.biases), enc),
        grad_w=pack(np.concatenate([g.ravel() for g in bp.grad_w]), enc),
        grad_b=pack(np.concatenate(bp.grad_b), enc),
        grid=grid_out(stored, spec.grid) if spec.grid is not None else None,
    )
    event = sse("frame", data.model_dump_json())
    return Chunk(event, trained.steps_done, trained.step_seconds, stored.step, trained.diverged, scores=scores,
                 cpu_seconds=thread_time() - cpu)


async def frames(store: Store, spec: StreamSpec, pacer: Pacer, steps: int, max_frames: int,
                 interval: float | None = None, bulk: bool = False) -> AsyncIterator[str]:
    """``interval``: paced, each chunk (of one step) starts this many seconds after the previous one.
    ``bulk``: its chunks are long, and run in the worker's bulk process, not in a lane of the class."""
    with rounds.stream(bulk) as seat:
        try:
            async for event in _frames(store, spec, pacer, steps, max_frames, interval, seat):
                yield event
        finally:
            # However it ended (the client left, time ran out, a step diverged) after a chunk that did
            # not score the data set, the network keeps an exact cost, as a pause does. In its lane's
            # next round: a chunk of this stream still running when the client left is saved first.
            with anyio.CancelScope(shield=True), contextlib.suppress(Exception):
                # A failure here (the database gone) leaves the cost marked with its step (cost_step).
                await rounds.run(store, _rescore, spec.network_id, lane=seat.lane, again=False)


async def _frames(store: Store, spec: StreamSpec, pacer: Pacer, steps: int, max_frames: int,
                  interval: float | None, seat: Seat) -> AsyncIterator[str]:
    sent = done = 0
    due = started = perf_counter()
    last: tuple[Chunk, float, float, int] | None = None
    scored: Scored | None = None
    scored_at = started
    step: int | None = None
    diverged = None
    while True:
        if done >= steps or sent >= max_frames:
            reason = "steps" if done >= steps else "frames"
            break
        if perf_counter() - started >= limits.MAX_STREAM_SECONDS:
            reason = "time"  # a stream left open after the lesson does not train (and count) for days
            break
        if interval is not None:
            # A late chunk is not made up for with a burst: the next one is due an interval after it.
            await anyio.sleep(max(0.0, due - perf_counter()))
            due = max(due, perf_counter()) + interval
        cores = await rounds.fair_cores(store)
        now = perf_counter()
        if last is not None:
            previous, began, round_train, round_size = last
            pacer.update(previous.steps_done, previous.train_seconds, now - began, round_train, round_size, cores,
                         previous.cpu_seconds)
        size = pacer.next(steps - done)
        final = done + size >= steps or sent + 1 >= max_frames
        every = max(SCORE_SECONDS if interval is None else PACED_SCORE_SECONDS,
                    rounds.streams / WORKER_SCORES_PER_SECOND)
        # 0.9: a paced frame comes an interval after the last, give or take the clock's jitter.
        rescore = final or scored is None or now - scored_at >= 0.9 * every
        # In its lane's next round (app/live_rounds.py), which finishes a chunk it has started even
        # if the client leaves meanwhile: no half-saved chunk.
        # Due a period (the pacer's) after the last round began: no more frames than asked for, nor
        # than the stream's part of the machine pays for, which would cost the others' training.
        ready = last[1] + pacer.target if interval is None and pacer.fixed is None and last is not None else 0.0
        answer = await rounds.run(store, run_chunk, spec, size, sent + 1, None if rescore else scored, final,
                                  lane=seat.settle(), again=interval is None, due=ready)
        chunk = answer.value
        if chunk.stopped:
            reason = "stopped"
            break
        if chunk.step is None:
            reason, step = "gone", None
            break
        sent, done, step = sent + 1, done + chunk.steps_done, chunk.step
        if rescore:
            scored, scored_at = chunk.scores, now
        last = (chunk, answer.started, answer.round_train_seconds, answer.round_size)
        yield chunk.event
        if chunk.diverged is not None:
            reason, diverged = "diverged", Divergence.of(chunk.diverged)
            yield sse("diverged", diverged.model_dump_json())
            break
    yield sse("end", StreamEnd(reason=reason, step=step, frames=sent, diverged=diverged).model_dump_json())


def _rescore(store: Store, network_id: str) -> None:
    try:
        training.rescore(store, network_id)
    except NetworkNotFound:
        pass


def _open_slot(store: Store, client: str, network_id: str) -> str:
    with store.transaction() as db:
        return quotas.open_stream(db, client, network_id)


def _close_slot(store: Store, slot: str) -> None:
    with store.transaction() as db:
        quotas.close_stream(db, slot)


async def _holding(store: Store, slot: str, events: AsyncIterator[str]) -> AsyncIterator[str]:
    """The stream's events; its client's stream slot is given back however it ends."""
    try:
        async for event in events:
            yield event
    finally:
        with anyio.CancelScope(shield=True):
            await anyio.to_thread.run_sync(_close_slot, store, slot)


@router.get(
    "/{network_id}/train/stream",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}},
                     "description": "Server-sent events: `frame` (schema Frame) after every chunk, "
                                    "`diverged` (Divergence) if a step went non-finite, then `end` "
                                    "(StreamEnd). Close the stream to pause."}},
)
async def train_stream(
    stored: StoredNetwork,
    store: StoreDep,
    client: Client,
    _turn: NetworkTurn,
    learning_rate: float = Query(0.5, ge=limits.MIN_LEARNING_RATE, le=limits.MAX_LEARNING_RATE,
                                 allow_inf_nan=False),
    batch_size: int = Query(10, ge=1, le=limits.MAX_BATCH_SIZE),
    steps_per_frame: int | None = Query(
        None, ge=1, le=limits.MAX_STEPS,
        description="Fixed steps per chunk; omitted: adapted so that frames arrive `fps` times a second."),
    steps_per_second: float | None = Query(
        None, ge=limits.MIN_STEPS_PER_SECOND, le=limits.MAX_STEPS_PER_SECOND, allow_inf_nan=False,
        description="Slow motion: one step per frame, this many frames a second (`fps` and "
                    "`steps_per_frame` then do not apply). Omitted: full speed."),
    steps: int = Query(limits.MAX_STREAM_STEPS, ge=1, le=limits.MAX_STREAM_STEPS,
                       description="Stop after this many steps in all."),
    max_frames: int = Query(limits.MAX_STREAM_FRAMES, ge=1, le=limits.MAX_STREAM_FRAMES),
    fps: float = Query(30.0, ge=1.0, le=limits.MAX_FRAMES_PER_SECOND, allow_inf_nan=False),
    example: int = Query(0, ge=0, description="Data set row whose gradient each frame carries."),
    grid: int = Query(0, ge=0, le=limits.MAX_GRID_RESOLUTION,
                      description="If not 0, each frame carries the /grid picture at this resolution "
                                  "(2 or more: a picture needs two points per axis)."),
    hidden: bool = Query(True, description="With grid: include the hidden neurons' heatmaps."),
    encoding: Encoding = Query("json", description="json: flat number lists; f32: base64 float32."),
) -> StreamingResponse:
    """Train live: SGD in chunks, each saved, each followed by one `frame` event."""
    d = dataset_of(stored, "train on")
    d.rows([example])  # checked now: a bad row is a 422 before the stream, not a broken frame later
    batch = min(batch_size, d.size)
    cap = training.max_steps(stored.network.layers, batch)
    if steps_per_second is not None and steps_per_frame is not None:
        raise InputError("steps_per_second paces one step per frame: leave out steps_per_frame, or leave out "
                         "steps_per_second for full speed")
    if steps_per_second is not None:
        steps_per_frame = 1
    if steps_per_frame is not None and steps_per_frame > cap:
        raise InputError(f"steps_per_frame x batch_size x parameters exceeds {limits.MAX_TRAIN_WORK:,}: "
                         f"use at most {cap} steps per frame at this batch size")
    grid_spec = None
    if grid == 1:
        raise InputError(f"grid must be 0 (no picture) or from 2 to {limits.MAX_GRID_RESOLUTION}: a picture "
                         "needs at least 2 points along each axis")
    if grid:
        grid_spec = GridIn(resolution=grid, hidden=hidden, encoding=encoding)
        check_grid(stored, grid_spec)
    # Counted against the client until the stream ends (app/quotas.py): a 429 when it has too many.
    slot = await anyio.to_thread.run_sync(_open_slot, store, client, stored.id)
    try:
        # Begun before the first byte goes out: a pause sent as soon as the stream answers stops it.
        run = await anyio.to_thread.run_sync(store.begin_run, stored.id)
    except BaseException:
        await anyio.to_thread.run_sync(_close_slot, store, slot)
        raise
    spec = StreamSpec(stored.id, learning_rate, batch, example, grid_spec, encoding, run)
    # A chunk takes at least one step: a large batch of a large network is long work even adapted.
    work = min(steps_per_frame or 1, steps) * batch * parameter_count(stored.network.layers)
    events = frames(store, spec, Pacer(fps, steps_per_frame, cap), steps, max_frames,
                    1.0 / steps_per_second if steps_per_second is not None else None,
                    bulk=background.lane_for(work) == background.BULK)
    return StreamingResponse(
        _holding(store, slot, events), media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        # Also after a stream that never started (the client left at once): giving back twice is harmless.
        background=BackgroundTask(_close_slot, store, slot),
    )


@router.post("/{network_id}/train/stop", response_model=NetworkOut)
def stop_training(network_id: NetworkId, store: StoreDep, _turn: NetworkTurn) -> NetworkOut:
    """Pause live training: stop every stream on the network and answer with where it stopped.

    A chunk that is running is finished and saved first; no chunk starts after this answer, even
    one the server was about to start before it noticed the client had closed the stream. The
    streams end with reason "stopped". Harmless when nothing trains. If the last chunk did not score
    the data set (frames score it at a bounded rate), it is scored now: the answer's cost is exact.
    """
    store.stop_runs(network_id)
    return network_out(training.rescore(store, network_id))
