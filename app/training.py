"""The one training service: what POST /train and each chunk of a live stream do to a network.

Both train under the store's ``edit`` (the network's lock), so a saved network is always one after
whole steps; both advance ``step`` and the mini-batch ``cursor`` the same way, so 100 steps in one
request equal 50 + 50 in two, or any chunks of a stream; both say the same when a step diverges.
"""
from __future__ import annotations

from dataclasses import dataclass
from time import perf_counter

from . import limits
from .engine import Evaluation, evaluate, parameter_count, train as sgd
from .errors import InputError
from .service import dataset_of, stored_cost
from .store import Store, Stored


@dataclass(frozen=True)
class Divergence:
    """A step refused by the engine's guard (the cost, a parameter or the data set's numbers would
    have left float64), with what the learner can do about it."""

    step: int
    """Counted like Stored.step: the refused step."""
    kept_step: int
    """The step the network is at: step - 1, the last one kept."""
    smaller_learning_rate: float
    """A tenth of the learning rate that diverged (at least the smallest allowed)."""
    message: str
    """What happened and what to try."""


def divergence(at: int, learning_rate: float) -> Divergence:
    smaller = max(learning_rate / 10, limits.MIN_LEARNING_RATE)
    advice = (f"Try a smaller learning rate than {learning_rate:g}, such as {smaller:g}, or Reset."
              if smaller < learning_rate else
              f"The learning rate {learning_rate:g} is already the smallest allowed: Reset.")
    return Divergence(at, at - 1, smaller, (
        f"training diverged at step {at}: after it the cost would no longer be a finite number for "
        f"every example, so that step was not applied and the network stays at step {at - 1}, the "
        f"last step kept. {advice}"))


@dataclass
class Trained:
    """One training call, as committed."""

    stored: Stored
    """The network after it (read-only)."""
    costs: list[float]
    """The mini-batch cost before each step taken."""
    steps_done: int
    """Steps taken: those asked for, or fewer when a step diverged."""
    batch_size: int
    """The batch size used (at most the data set's size)."""
    diverged: Divergence | None
    """The step that was refused, if one was."""
    evaluation: Evaluation | None
    """Scores after training; its cost is Stored.cost (the test split only when asked for). None
    when the call did not score the data set (a live chunk between two that do)."""
    seconds: float
    """Time spent in SGD itself."""
    step_seconds: float
    """Of which the steps themselves (engine TrainResult.step_seconds)."""


def max_steps(layers: list[int], batch_size: int) -> int:
    """Steps one request or chunk may take: at most MAX_STEPS, and MAX_TRAIN_WORK in all."""
    return min(limits.MAX_STEPS, limits.MAX_TRAIN_WORK // (batch_size * parameter_count(layers)))


def check_work(stored: Stored, steps: int, batch_size: int) -> int:
    """A /train request stays within MAX_TRAIN_WORK (steps x batch size x parameters): its work."""
    batch = min(batch_size, dataset_of(stored, "train on").size)
    per_step = batch * parameter_count(stored.network.layers)
    if steps * per_step > limits.MAX_TRAIN_WORK:
        raise InputError(
            f"steps x batch_size x parameters = {steps * per_step:,} exceeds {limits.MAX_TRAIN_WORK:,} per "
            f"request: ask for at most {limits.MAX_TRAIN_WORK // per_step} steps at this batch size, "
            "and send more requests")
    return steps * per_step


def train(store: Store, network_id: str, steps: int, learning_rate: float, batch_size: int,
          run: int | None = None, test_split: bool = False, score: bool = True,
          durable: bool = True) -> Trained:
    """``steps`` SGD steps on the network's data set from its saved cursor, committed.

    ``run``: this is a chunk of that live-training run (RunStopped if it was stopped);
    ``test_split``: also score the held-out split, for a live frame;
    ``score=False``: do not score the data set: Stored.cost stays the last one measured, and
    Stored.cost_step says at which step (a live chunk between two that score);
    ``durable=False``: commit as a live chunk does (app/live_durability.py).
    """
    with store.edit(network_id, run=run, durable=durable) as draft:
        d = dataset_of(draft, "train on")
        started = perf_counter()
        result = sgd(draft.network, d.x, d.y, steps, learning_rate, batch_size,
                     seed=draft.seed, cursor=draft.cursor)
        seconds = perf_counter() - started
        diverged = None
        if result.diverged_at is not None:
            diverged = divergence(draft.step + result.diverged_at, learning_rate)
        if not score and result.steps_done and draft.cost_step is None:
            draft.cost_step = draft.step  # the cost kept is of the parameters before this call
        draft.step += result.steps_done
        draft.cursor += result.steps_done * result.batch_size
        scores = None
        if score or not result.steps_done or diverged is not None:  # a stream ends there: exact cost
            scores = evaluate(draft.network, d, test=test_split)
            draft.cost, draft.cost_step = stored_cost(scores), None
        if result.steps_done:
            # Under the same lock and commit as the parameters: the curve never shows a step not kept.
            draft.history = store.history(network_id, draft.version - 1).extended(
                draft.step - result.steps_done + 1, result.costs[:result.steps_done], draft.step,
                scores and scores.cost, scores and scores.test_cost, scored=scores is not None)
    return Trained(draft, result.costs, result.steps_done, result.batch_size, diverged, scores, seconds,
                   result.step_seconds)


def rescore(store: Store, network_id: str) -> Stored:
    """The network with its cost measured on its own parameters again, committed (a new version) if
    it was one a live chunk left unscored (Stored.cost_step); as it is otherwise."""
    stored = store.get(network_id)
    if stored.cost_step is None:
        return stored
    try:
        with store.edit(network_id) as draft:
            if draft.cost_step is None or draft.dataset is None:
                raise _Fresh  # scored meanwhile (a pause and the stream's end both rescore): no new version
            scores = evaluate(draft.network, dataset_of(draft, "score"), test=True)
            draft.cost, draft.cost_step = stored_cost(scores), None
            draft.history = store.history(network_id).extended(
                draft.step + 1, [], draft.step, scores.cost, scores.test_cost)
    except _Fresh:
        return store.get(network_id)
    return draft


class _Fresh(Exception):
    """Leaves an edit without committing."""
