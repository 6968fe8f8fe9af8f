"""Pictures of what a network computes: its output and hidden neurons over the input plane (or the
fitted curve of a 1-input network), and its cost and accuracy over the data set's splits."""
from __future__ import annotations

import base64

import numpy as np
from fastapi import APIRouter, Request

from .. import limits
from ..engine import Dataset, Network, load_dataset
from ..errors import InputError
from ..schemas_live import Encoding, Evaluation, GridIn, GridOut, Range
from ..service import get_or_404, parameter_count, store_of
from ..store import Stored
from .networks import NetworkId

router = APIRouter(prefix="/api/networks", tags=["pictures"])


def pack(values: np.ndarray, encoding: Encoding) -> list[float | None] | str:
    """A flat array for JSON: numbers (null where not finite, which JSON cannot carry) or f32 base64."""
    flat = np.ravel(values)
    if encoding == "f32":
        return base64.b64encode(flat.astype("<f4").tobytes()).decode("ascii")
    if np.isfinite(flat).all():
        return flat.tolist()
    return [float(v) if np.isfinite(v) else None for v in flat]


def finite_or_none(value: float) -> float | None:
    return float(value) if np.isfinite(value) else None


def dataset_of(stored: Stored, what: str) -> Dataset:
    if stored.dataset is None:
        raise InputError(f"this network has no data set to {what}: create one with a dataset", 409)
    return load_dataset(stored.dataset)


# -- grid ------------------------------------------------------------------------------------------
def default_ranges(stored: Stored) -> list[Range]:
    inputs = stored.network.layers[0]
    ranges = []
    for i in range(inputs):
        low, high = -1.0, 1.0
        if stored.dataset is not None:
            column = load_dataset(stored.dataset).x[:, i]
            low, high = min(low, float(column.min())), max(high, float(column.max()))
        pad = 0.05 * (high - low)
        ranges.append(Range(low=low - pad, high=high + pad))
    return ranges


def check_grid(net: Network, body: GridIn) -> None:
    inputs = net.layers[0]
    if inputs > 2:
        raise InputError(f"a grid picture needs a network with 1 or 2 inputs; this one has {inputs}")
    if body.ranges is not None and len(body.ranges) != inputs:
        raise InputError(f"ranges must have {inputs} entries, one per input neuron; got {len(body.ranges)}")
    points = body.resolution ** inputs
    shown = net.layers[-1] + (sum(net.layers[1:-1]) if body.hidden else 0)
    if points * shown > limits.MAX_GRID_VALUES:
        raise InputError(
            f"{points} grid points x {shown} neurons = {points * shown:,} values exceeds "
            f"{limits.MAX_GRID_VALUES:,}: lower the resolution or set hidden to false")
    work = points * parameter_count(net.layers)
    if work > limits.MAX_GRID_WORK:
        raise InputError(f"{points} grid points x {parameter_count(net.layers)} parameters exceeds "
                         f"{limits.MAX_GRID_WORK:,}: lower the resolution")


def grid_picture(stored: Stored, body: GridIn) -> GridOut:
    """One batched forward pass over every grid point; its caches are the per-neuron heatmaps."""
    net = stored.network
    ranges = body.ranges or default_ranges(stored)
    axes = [np.linspace(r.low, r.high, body.resolution) for r in ranges]
    # meshgrid's "xy" order makes rows follow x_2 and columns x_1, as an image is drawn.
    points = np.column_stack([m.ravel() for m in np.meshgrid(*axes, indexing="xy")])
    with np.errstate(all="ignore"):
        fw = net.forward(points)
    hidden = [[pack(a[:, j], body.encoding) for j in range(a.shape[1])] for a in fw.a[1:-1]]
    return GridOut(
        inputs=len(axes), resolution=body.resolution, ranges=ranges, axes=[a.tolist() for a in axes],
        outputs=[pack(fw.a[-1][:, j], body.encoding) for j in range(net.layers[-1])],
        hidden=hidden if body.hidden else [],
    )


@router.post("/{network_id}/grid", response_model=GridOut)
def grid(network_id: NetworkId, body: GridIn, request: Request) -> GridOut:
    """The output (and each hidden neuron) over a grid of the input plane, for 1- or 2-input networks."""
    stored = get_or_404(store_of(request), network_id)
    check_grid(stored.network, body)
    return grid_picture(stored, body)


# -- evaluate --------------------------------------------------------------------------------------
def split_scores(net: Network, task: str, x: np.ndarray, y: np.ndarray) -> tuple[float | None, float | None]:
    """Mean cost (computed as Network.cost does) and, for classification, accuracy."""
    with np.errstate(all="ignore"):
        fw = net.forward(x)
        cost = float(np.mean(net.cost_function.cost(fw.z[-1], fw.a[-1], y)))
    accuracy = None
    if task == "classification":
        out = fw.a[-1]
        if out.shape[1] == 1:
            right = (out[:, 0] >= 0.5) == (y[:, 0] >= 0.5)
        else:
            right = np.argmax(out, axis=1) == np.argmax(y, axis=1)
        accuracy = float(np.mean(right))
    return finite_or_none(cost), accuracy


def evaluation(net: Network, d: Dataset) -> Evaluation:
    cost, accuracy = split_scores(net, d.task, d.x, d.y)
    test_cost = test_accuracy = None
    if d.test_x is not None:
        test_cost, test_accuracy = split_scores(net, d.task, d.test_x, d.test_y)
    return Evaluation(dataset=d.name, task=d.task, size=d.size, cost=cost, accuracy=accuracy,
                      test_size=0 if d.test_x is None else len(d.test_x), test_cost=test_cost,
                      test_accuracy=test_accuracy)


@router.get("/{network_id}/evaluate", response_model=Evaluation)
def evaluate(network_id: NetworkId, request: Request) -> Evaluation:
    """Cost and accuracy over the training split and the held-out split (null where there is none)."""
    stored = get_or_404(store_of(request), network_id)
    return evaluation(stored.network, dataset_of(stored, "evaluate on"))
