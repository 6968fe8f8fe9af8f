"""Mini-batch SGD: w <- w - eta dC/dw, with C the mean cost of the mini-batch plus the network's
regularisation penalty on its weights (regularization.py; biases carry none).

The step is the backward pass of ``Network.backprop`` without its per-example caches: training
needs only the batch-mean gradients, and it is the loop the benchmarks time.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from time import thread_time

import numpy as np

from . import regularization as reg
from .network import Network, parameter_count
from .settled import settled

Array = np.ndarray
#: np.add.reduce is np.sum without its Python wrapper, which costs more than the sum at these sizes.
add = np.add.reduce


@dataclass
class TrainResult:
    """What one call of ``train`` did."""

    costs: list[float]
    """The mini-batch cost C before each step that was taken."""
    steps_done: int
    """Steps applied (fewer than asked only when training diverged)."""
    batch_size: int
    """The batch size used: the one asked for, or the data set's size if that is smaller."""
    diverged_at: int | None
    """1-based index (within this call) of the step that was refused: after it the cost or a
    parameter was not finite, or the data set no longer settled (see ``train``). None when every
    step was kept."""
    step_seconds: float = 0.0
    """CPU time the steps themselves took (this thread's: not the time other processes had the core),
    without the call's setup and checks, which cost as much as a few steps of a small network: what
    a live stream sizes its next chunk by."""


@lru_cache(maxsize=256)
def epoch_order(n: int, seed: int, epoch: int) -> Array:
    """Epoch ``epoch``'s permutation of the ``n`` rows (read-only, shared). Remembered: a live chunk of
    one step drew it anew, and seeding a generator cost more than the step (0.3 of 0.75 ms)."""
    order = np.random.default_rng([seed, epoch]).permutation(n)
    order.flags.writeable = False
    return order


def batch_indices(n: int, batch_size: int, steps: int, seed: int, cursor: int) -> Array:
    """Rows of each step's mini-batch, shape (steps, batch_size).

    Mini-batches are consecutive slices of one endless stream: epoch e is the permutation
    ``default_rng([seed, e]).permutation(n)``, and ``cursor`` counts the examples already used.
    So 100 steps in one call equal 50 + 50 in two, however training is split into calls.
    """
    needed = steps * batch_size
    first, last = cursor // n, (cursor + needed - 1) // n
    stream = np.concatenate([epoch_order(n, seed, e) for e in range(first, last + 1)])
    start = cursor - first * n
    return stream[start:start + needed].reshape(steps, batch_size)


class _Sgd:
    """The working memory of SGD on one network at one batch size, allocated once per call.

    At these sizes a NumPy call costs more than its arithmetic, so the step is written to make few:
    - each layer's W^(l) and b^(l) sit side by side in one block [W | b], and each layer's input
      a^(l-1) carries a trailing column of ones, so one matmul gives z^(l) = W a + b and one gives
      [dC/dW | dC/db] summed over the batch;
    - all blocks are views of one flat parameter array and all gradients of one flat gradient
      array, so the update of every layer is a single subtraction;
    - the learning rate and the 1/n of the batch mean scale delta^(L) once (every delta and
      gradient below is linear in it), and every buffer is allocated here, not per step.
    """

    def __init__(self, net: Network, batch_size: int):
        self.net, self.loss = net, net.loss
        if self.loss not in ("mse", "cross_entropy", "categorical_cross_entropy"):
            raise ValueError(f"no training step for loss {self.loss!r}")
        sizes, L = net.layers, net.depth
        shapes = [(sizes[l], sizes[l - 1] + 1) for l in range(1, L + 1)]
        ends = list(accumulate(rows * cols for rows, cols in shapes))
        self.params, self.grad = np.empty(ends[-1]), np.empty(ends[-1])
        self.blocks = [self.params[end - r * c:end].reshape(r, c) for end, (r, c) in zip(ends, shapes)]
        grads = [self.grad[end - r * c:end].reshape(r, c) for end, (r, c) in zip(ends, shapes)]
        self.load(net)
        sigma = [net.activation(l) for l in range(1, L + 1)]
        # inputs[l] holds a^(l) with its column of ones, for l = 1..L-1 (a^(0) comes with the batch).
        inputs = [None] + [np.ones((batch_size, n + 1)) for n in sizes[1:-1]]
        self.output = np.empty((batch_size, sizes[-1]))
        z = [np.empty((batch_size, n)) for n in sizes[1:]]
        # sigma'(z^(l)) only where the step multiplies by it: never for a linear layer (sigma' = 1),
        # nor at a cross-entropy output, where the slope cancels out of delta^(L), nor at a softmax
        # output, whose slope is a Jacobian (applied in step()).
        slope = [np.empty((batch_size, n)) if s.name != "linear" and not s.jacobian else None
                 for n, s in zip(sizes[1:], sigma)]
        if self.loss != "mse":
            slope[-1] = None
        self.jacobian = sigma[-1].jacobian
        deltas = [np.empty((batch_size, n)) for n in sizes[1:]]
        self.output_z, self.output_slope, self.output_delta = z[-1], slope[-1], deltas[-1]
        # The weights of every block [W | b] as one flat view each: the penalty and its term skip the
        # biases. None without regularisation, so that step costs nothing more.
        self.regularized = None if net.regularization == "none" else [
            (block[:, :-1], grad[:, :-1]) for block, grad in zip(self.blocks, grads)]
        # Per layer, forward: (W|b)^T, z, where a goes, sigma, sigma' (or None), the next layer's input.
        self.forward_plan = [
            (self.blocks[l].T, z[l], inputs[l + 1][:, :-1] if l < L - 1 else self.output,
             sigma[l], slope[l], inputs[l + 1] if l < L - 1 else None)
            for l in range(L)
        ]
        # Per layer l = L..1, backward: its gradient block, its input a^(l-1) (None: the batch), and
        # for l > 1 W^(l), where delta^(l-1) goes and sigma'(z^(l-1)) (None for a linear layer).
        self.backward_plan = [
            (grads[l], inputs[l],
             self.blocks[l][:, :-1] if l > 0 else None, deltas[l - 1] if l > 0 else None,
             slope[l - 1] if l > 0 else None)
            for l in range(L - 1, -1, -1)
        ]

    def load(self, net: Network) -> None:
        """Work on ``net``, of the shape, activations, loss and regularisation this was made for."""
        self.net = net
        for block, w, b in zip(self.blocks, net.weights, net.biases):
            block[:, :-1], block[:, -1] = w, b

    def step(self, x1: Array, y: Array, learning_rate: float) -> float:
        """One step on the batch; x1 is x with a column of ones. Returns the cost before it."""
        a = x1
        for block_t, z, out, sigma, slope, following in self.forward_plan:
            np.matmul(a, block_t, out=z)
            sigma.sigma_and_slope(z, out, slope)
            a = following
        out, n = self.output, x1.shape[0]
        delta = np.subtract(out, y, out=self.output_delta)
        scale = learning_rate / n
        if self.loss == "mse":
            # sum over the batch and the outputs of (a - y)^2, in one call.
            cost = float(np.vdot(delta, delta)) / n
            np.multiply(delta, 2.0 * scale, out=delta)  # the error 2(a - y) ...
            if self.output_slope is not None:
                np.multiply(delta, self.output_slope, out=delta)  # ... times the slope
            elif self.jacobian:
                delta[...] = self.net.activation(self.net.depth).backward(out, delta)  # ... through J^T
        else:
            # Cross-entropy with a sigmoid output, or categorical with a softmax one: the slope
            # cancels, delta^(L) = a - y (costs.py; a sum_i y_i - y for softmax, the same for one-hot y).
            cost_function = self.net.cost_function
            cost = float(add(cost_function.cost(self.output_z, out, y))) / n
            if self.jacobian:
                delta[...] = cost_function.delta(self.output_z, out, y, None, None)
            np.multiply(delta, scale, out=delta)
        for grad, a_before, w, delta_before, slope_before in self.backward_plan:
            np.matmul(delta.T, x1 if a_before is None else a_before, out=grad)
            if w is not None:
                # delta^(l-1) uses W^(l) before this step changes it.
                delta = np.matmul(delta, w, out=delta_before)
                if slope_before is not None:
                    np.multiply(delta, slope_before, out=delta)
        if self.regularized is not None:
            kind, rate = self.net.regularization, self.net.regularization_rate
            cost += reg.penalty(kind, rate, (w for w, _ in self.regularized))
            for w, grad in self.regularized:
                # grad holds eta x dC_data/dW by now (see the class): add eta x the penalty's term.
                grad += learning_rate * reg.term(kind, rate, w)
        np.subtract(self.params, self.grad, out=self.params)
        return cost

    def finite(self) -> bool:
        return bool(np.isfinite(self.params).all())

    def snapshot(self) -> Array:
        return self.params.copy()

    def restore(self, params: Array) -> None:
        self.params[...] = params

    def save(self) -> None:
        """Write the trained parameters back to the network, as contiguous arrays."""
        self.net.weights = [b[:, :-1].copy() for b in self.blocks]
        self.net.biases = [b[:, -1].copy() for b in self.blocks]


_working = threading.local()
WORKING_SETS = 8
"""SGD working memories a thread keeps (one per network shape and batch size it trained last)."""
WORKING_BYTES = 1 << 20
"""Only small ones: a live chunk's (the digit net at batch 16 takes 57 kB), not a large network's at
a large batch, tens of MB that a training process would otherwise hold for good."""


def _sgd_for(net: Network, batch_size: int) -> _Sgd:
    """A working memory for ``net``: this thread's last one of its kind, reloaded, else a new one.
    Allocating and planning one cost 65 us a call: a quarter of a live chunk's one-step SGD call."""
    # Parameters, gradients and blocks, then z, a, slope and delta for each example of a batch.
    if 8 * (3 * parameter_count(net.layers) + 4 * batch_size * sum(net.layers[1:])) > WORKING_BYTES:
        return _Sgd(net, batch_size)
    key = (tuple(net.layers), net.hidden_activation, net.output_activation, net.loss, net.regularization,
           batch_size)
    kept = getattr(_working, "sets", None)
    if kept is None:
        kept = _working.sets = OrderedDict()
    sgd = kept.pop(key, None)
    if sgd is None:
        sgd = _Sgd(net, batch_size)
    else:
        sgd.load(net)
    kept[key] = sgd
    while len(kept) > WORKING_SETS:
        kept.popitem(last=False)
    return sgd


def with_ones(x: Array) -> Array:
    """x with a trailing column of ones (the input a bias multiplies)."""
    return np.concatenate([x, np.ones(x.shape[:-1] + (1,))], axis=-1)


def train(
    net: Network, x: Array, y: Array, steps: int, learning_rate: float, batch_size: int,
    seed: int, cursor: int,
) -> TrainResult:
    """Train ``net`` in place from the batch stream's ``cursor``, keeping only settled states.

    A step is refused (and training stops before it) if after it the mini-batch cost or a parameter
    is not finite, or, for a network that was settled before training, if it leaves the data set
    unsettled (see settled.py: some example's forward pass, cost or backprop overflows). A network
    that starts unsettled (a hand edit far out) is held to finite parameters only, so it can train
    its way back.

    The fast path checks once at the end; only if that fails does it restore the starting
    parameters and replay the same batches, checking finiteness after every step and the data set
    about once an epoch, then the steps since the last settled state one at a time.
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    batch_size = min(batch_size, x.shape[0])
    batches = batch_indices(x.shape[0], batch_size, steps, seed, cursor)
    sgd = _sgd_for(net, batch_size)
    start = sgd.snapshot()
    # Batches are gathered a block of steps at a time (about 64 kB, so a block stays in cache), not
    # with one fancy index per step; the column of ones is added to the gathered rows, not to the
    # whole data set (a copy of all 4,000 mnist images per call, longer than a chunk's steps).
    block = max(1, min(steps, (1 << 16) // (8 * batch_size * (x.shape[1] + 1))))

    def is_settled() -> bool:
        sgd.save()
        # np.max: a NaN parameter gives NaN, which no remembered level passes (settled.bounded).
        return settled(net, x, y, float(np.max(np.abs(sgd.params))))

    def run() -> list[float]:
        costs = np.empty(steps)
        for first in range(0, steps, block):
            rows = batches[first:first + block]
            xs, ys = with_ones(x[rows]), y[rows]
            for i in range(len(rows)):
                costs[first + i] = sgd.step(xs[i], ys[i], learning_rate)
        return costs.tolist()

    gathered: dict = {}

    def step(t: int) -> float:
        """Step t of the call, on the same block-gathered arrays as run(), so it replays it exactly."""
        first = t - t % block
        if gathered.get("first") != first:
            rows = batches[first:first + block]
            gathered.update(first=first, xs=with_ones(x[rows]), ys=y[rows])
        return sgd.step(gathered["xs"][t - first], gathered["ys"][t - first], learning_rate)

    def replay(strict: bool) -> TrainResult:
        costs = np.empty(steps)
        # The data set is checked about once an epoch: together those checks cost about the steps.
        every = max(1, -(-x.shape[0] // batch_size)) if strict else 1
        good, good_params, s = 0, sgd.snapshot(), 0
        while s < steps:
            costs[s] = step(s)
            s += 1
            finite = bool(np.isfinite(costs[s - 1])) and sgd.finite()
            if finite and s - good < every and s < steps:
                continue
            if finite and (not strict or is_settled()):
                good, good_params = s, sgd.snapshot()
                continue
            # A state after one of the steps good+1..s is not kept: find the first, one step at a time.
            sgd.restore(good_params)
            for t in range(good, s):
                before = sgd.snapshot()
                costs[t] = step(t)
                if not (np.isfinite(costs[t]) and sgd.finite() and (not strict or is_settled())):
                    sgd.restore(before)
                    return TrainResult(costs[:t].tolist(), t, batch_size, t + 1)
            good, good_params = s, sgd.snapshot()  # pragma: no cover (a replay that went another way)
        return TrainResult(costs.tolist(), steps, batch_size, None)

    with np.errstate(all="ignore"):
        started = thread_time()
        costs = run()
        looped = thread_time() - started
        if np.isfinite(costs).all() and sgd.finite():
            if is_settled():
                return TrainResult(costs, steps, batch_size, None, looped)
            end = sgd.snapshot()
            sgd.restore(start)
            if not is_settled():
                # A start that was not settled is held only to finite parameters (replay's non-strict
                # rule), which every step of this run met: replaying would only repeat it.
                sgd.restore(end)
                sgd.save()
                return TrainResult(costs, steps, batch_size, None, looped)
            result = replay(strict=True)
        else:
            sgd.restore(start)
            result = replay(strict=is_settled())
    sgd.save()
    result.step_seconds = looped
    return result
