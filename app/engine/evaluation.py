"""What a network computes over many inputs at once: its scores on a data set's splits, and its
activations over a grid of the input plane (the pictures' heatmaps)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from .datasets import Dataset
from .features import apply as apply_features
from .network import Network

Array = np.ndarray


@dataclass
class Scores:
    """How well the network does on some rows."""

    cost: float
    """C: the mean of C_0 over the rows, as Network.cost computes it, plus the network's
    regularisation penalty (the cost training minimises; inf or nan if it overflowed)."""
    accuracy: float | None
    """Fraction right for classification (argmax for several outputs, a >= 0.5 for one); None for
    regression."""


@dataclass
class Evaluation:
    """Scores on a data set's training split and, where it has one, its held-out split."""

    dataset: str
    """The data set's name."""
    task: str
    """"classification" or "regression"."""
    size: int
    """Rows of the training split (the rows training uses)."""
    cost: float
    """Mean cost over the training split."""
    accuracy: float | None
    """Accuracy on the training split (None for regression)."""
    test_size: int
    """Rows of the held-out split (0 if none)."""
    test_cost: float | None
    """Mean cost over the held-out split; None without one (or when not asked for)."""
    test_accuracy: float | None
    """Accuracy on the held-out split; None without one or for regression."""


def scores(net: Network, task: str, x: Array, y: Array) -> Scores:
    with np.errstate(all="ignore"):
        fw = net.forward(x)
        cost = float(np.mean(net.cost_function.cost(fw.z[-1], fw.a[-1], y))) + net.penalty()
    if task != "classification":
        return Scores(cost, None)
    out = fw.a[-1]
    if out.shape[1] == 1:
        right = (out[:, 0] >= 0.5) == (y[:, 0] >= 0.5)
    else:
        right = np.argmax(out, axis=1) == np.argmax(y, axis=1)
    return Scores(cost, float(np.mean(right)))


def evaluate(net: Network, d: Dataset, test: bool = True) -> Evaluation:
    """Scores on the training split and, with ``test``, on the held-out split."""
    train, held_out = scores(net, d.task, d.x, d.y), None
    if test and d.test_x is not None:
        held_out = scores(net, d.task, d.test_x, d.test_y)
    return Evaluation(dataset=d.name, task=d.task, size=d.size, cost=train.cost, accuracy=train.accuracy,
                      test_size=d.test_size,
                      test_cost=held_out and held_out.cost, test_accuracy=held_out and held_out.accuracy)


@dataclass
class Grid:
    """A network's activations at every point of a grid over its one or two inputs."""

    axes: list[Array]
    """The grid values of each input: axes[0] for x_1 (columns), axes[1] for x_2 (rows)."""
    a: list[Array]
    """a[l] = a^(l) at every grid point, shape (points, n_l), l = 0..L; point p = row * resolution
    + column has input (axes[0][column], axes[1][row])."""


def grid(net: Network, ranges: list[tuple[float, float]], resolution: int,
         features: Sequence[str] | None = None) -> Grid:
    """One batched forward pass over every grid point; its caches are the per-neuron heatmaps.
    With ``features`` the grid is over the x1-x2 plane and each point's inputs are its features."""
    axes = [np.linspace(low, high, resolution) for low, high in ranges]
    # meshgrid's "xy" order makes rows follow x_2 and columns x_1, as an image is drawn.
    points = np.column_stack([m.ravel() for m in np.meshgrid(*axes, indexing="xy")])
    with np.errstate(all="ignore"):
        return Grid(axes=axes, a=net.forward(points if features is None else apply_features(features, points)).a)
