"""One SGD step on one example the learner brings (a digit drawn on the page): POST /learn.

Like app/training.py it writes under the store's ``edit`` (the network's lock, a new version) and
keeps only a settled network: the step is refused, and nothing saved, if after it a parameter or
this example's cost is not finite, or a network whose data set was settled is no longer (see
engine/settled.py). Unlike /train it is not a step of the data set's mini-batch stream: ``step``
and the stream's cursor stay, so training on the data set goes on exactly as before.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import limits
from .engine import train as sgd
from .engine.settled import settled
from .errors import InputError
from .service import dataset_cost, dataset_or_error, point_inputs
from .store import Store, Stored


@dataclass
class Learned:
    """One step on one example, as committed."""

    stored: Stored
    """The network after the step (read-only)."""
    cost_before: float
    """C_0 of the example before the step."""
    cost_after: float
    """C_0 of the example after it."""
    output_before: np.ndarray
    """a^(L) of the example before the step."""
    output_after: np.ndarray
    """a^(L) after it."""


def _refused(learning_rate: float, why: str) -> InputError:
    smaller = max(learning_rate / 10, limits.MIN_LEARNING_RATE)
    advice = (f"try a smaller learning rate, such as {smaller:g}" if smaller < learning_rate
              else "the learning rate is already the smallest allowed: Reset the network")
    return InputError(f"one step at learning rate {learning_rate:g} on this example would leave {why}, "
                      f"so it was not applied and the network is unchanged: {advice}")


def learn(store: Store, network_id: str, x: list[float], y: list[float], learning_rate: float) -> Learned:
    """One step on (x, y) with ``learning_rate``, committed (a 422 and no change if it diverges)."""
    with store.edit(network_id) as draft:
        net = draft.network
        xs, ys = point_inputs(draft, x), np.asarray(y, dtype=float)
        net.check_example(xs, ys)
        with np.errstate(all="ignore"):
            output_before = net.forward(xs).a[-1][0]
            # The training step itself (engine/training.py), on a batch of this one example.
            after = net.copy()
            stepped = sgd(after, xs[None, :], ys[None, :], 1, learning_rate, 1, seed=0, cursor=0)
            # The engine refuses a step that leaves a parameter or this example beyond float64 (and
            # keeps a network that started unsettled to finite numbers only): so does /learn.
            if stepped.diverged_at is not None or not settled(after, xs[None, :], ys[None, :]):
                raise _refused(learning_rate, "a parameter or this example's numbers beyond float64")
            if draft.dataset is not None:
                d = dataset_or_error(draft.dataset, 409, draft.data)
                # As in training: a network already unsettled (edited far out by hand) is held to
                # finite numbers only, so that a step can bring it back.
                if settled(net, d.x, d.y) and not settled(after, d.x, d.y):
                    raise _refused(learning_rate, f"some example of the {draft.dataset} data set with "
                                                  "numbers beyond float64")
            draft.network = after
            draft.cost = dataset_cost(after, draft.dataset, draft.data)
            # As the step's own cost before it (stepped.costs[0]): C_0 plus any regularisation penalty.
            cost_after = after.cost(xs, ys) + after.penalty()
            output_after = after.forward(xs).a[-1][0]
    return Learned(draft, stepped.costs[0], cost_after, output_before, output_after)
