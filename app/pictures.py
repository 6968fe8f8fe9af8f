"""Pictures of what a network computes, within the API's limits: its output and hidden neurons over
the input plane (or the fitted curve of a one-input network). /grid and live frames share it."""
from __future__ import annotations

from . import limits
from .engine import grid, parameter_count
from .engine.data_options import plane
from .errors import InputError
from .schemas.pictures import GridIn, GridOut, Range, pack
from .store import Stored


def plane_inputs(stored: Stored) -> int:
    """The axes of a picture: x1, x2 for a network with features (its inputs are made from them)."""
    return 2 if stored.data.features is not None else stored.network.layers[0]


def check_grid(stored: Stored, body: GridIn) -> None:
    net, inputs = stored.network, plane_inputs(stored)
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


def default_ranges(stored: Stored) -> list[Range]:
    """Each input's extent in the data set, at least [-1, 1], padded by 5% on each side."""
    ranges = []
    for i in range(plane_inputs(stored)):
        low, high = -1.0, 1.0
        if stored.dataset is not None:
            column = plane(stored.dataset, stored.data).x[:, i]
            low, high = min(low, float(column.min())), max(high, float(column.max()))
        pad = 0.05 * (high - low)
        ranges.append(Range(low=low - pad, high=high + pad))
    return ranges


def grid_out(stored: Stored, body: GridIn) -> GridOut:
    """The picture of a checked request (check_grid), packed as it asks."""
    ranges = body.ranges or default_ranges(stored)
    g = grid(stored.network, [(r.low, r.high) for r in ranges], body.resolution, stored.data.features)

    def neurons(a):
        return [pack(a[:, j], body.encoding) for j in range(a.shape[1])]

    return GridOut.of(g, stored, inputs=len(ranges), resolution=body.resolution, ranges=ranges,
                      outputs=neurons(g.a[-1]), hidden=[neurons(a) for a in g.a[1:-1]] if body.hidden else [])
