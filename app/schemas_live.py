"""Bodies of the picture endpoints (/grid, /evaluate) and the events of the live training stream.

Arrays the page redraws often are "packed": with ``encoding=json`` a flat list of numbers (null
where a value is not finite), with ``encoding=f32`` one base64 string of little-endian float32,
which a page turns into a Float32Array without parsing ten thousand numbers per frame.
"""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field, model_validator

from . import limits
from .schemas import Body, Divergence

Encoding = Literal["json", "f32"]
Packed = list[float | None] | str
Bound = Annotated[float, Field(allow_inf_nan=False, ge=-limits.MAX_ABS_VALUE, le=limits.MAX_ABS_VALUE)]

FLAT_ORDER = ("Flat order: layer l = 1..L, then row-major, so W^(l)[j][k] is at "
              "offset(l) + j * n_(l-1) + k with offset(l) = sum of the sizes of W^(1..l-1).")


class Range(Body):
    low: Bound
    high: Bound

    @model_validator(mode="after")
    def _ordered(self):
        if not self.low < self.high:
            raise ValueError("low must be smaller than high")
        return self


class GridIn(Body):
    resolution: int = Field(50, ge=2, le=limits.MAX_GRID_RESOLUTION,
                            description="Points along each input axis.")
    ranges: list[Range] | None = Field(
        None, min_length=1, max_length=2,
        description="One range per input neuron; default: the data set's extent (at least [-1, 1]), "
                    "padded by 5%.")
    hidden: bool = Field(True, description="Also return every hidden neuron's activation on the grid.")
    encoding: Encoding = "json"


class GridOut(BaseModel):
    inputs: int = Field(description="1: a curve over x; 2: a picture over the input plane.")
    resolution: int
    ranges: list[Range]
    axes: list[list[float]] = Field(description="The grid values of each input: axes[0] for x_1 "
                                    "(columns), axes[1] for x_2 (rows).")
    outputs: list[Packed] = Field(
        description="outputs[j] = a_j^(L) at every grid point. Point p = row * resolution + column "
                    "has input (axes[0][column], axes[1][row]); for one input, p indexes axes[0].")
    hidden: list[list[Packed]] = Field(
        description="hidden[l-1][j] = a_j^(l) at every grid point, for hidden layers l = 1..L-1 "
                    "(empty when hidden is false).")


class Evaluation(BaseModel):
    dataset: str
    task: Literal["classification", "regression"]
    size: int = Field(description="Rows of the training split (the rows /train uses).")
    cost: float | None = Field(description="Mean cost over the training split; null if not finite.")
    accuracy: float | None = Field(
        description="Fraction right on the training split: argmax for several outputs, "
                    "a >= 0.5 for one; null for regression.")
    test_size: int
    test_cost: float | None = Field(description="Mean cost over the held-out split; null without one.")
    test_accuracy: float | None


class Frame(Evaluation):
    """The data of one `event: frame` of GET /api/networks/{id}/train/stream."""

    frame: int = Field(description="1, 2, ... within this stream.")
    step: int = Field(description="The network's step after this chunk (as GET /api/networks/{id}).")
    steps: int = Field(description="SGD steps in this chunk.")
    batch_size: int
    batch_cost: float | None = Field(description="Mean of the chunk's mini-batch costs.")
    steps_per_second: float = Field(description="Training rate within this chunk.")
    example: int = Field(description="The data set row of the per-example fields below.")
    example_cost: float | None = Field(description="C_0 of that example.")
    output: list[float | None] = Field(description="a^(L) for that example (the digit bars).")
    activations: Packed = Field(description="a^(0..L) of that example, layers concatenated.")
    weights: Packed = Field(description="Every w_jk^(l). " + FLAT_ORDER)
    biases: Packed = Field(description="Every b_j^(l), layers 1..L concatenated.")
    grad_w: Packed = Field(description="dC_0/dw_jk^(l) for that example, same order as weights.")
    grad_b: Packed = Field(description="dC_0/db_j^(l) for that example, same order as biases.")
    grid: GridOut | None = Field(None, description="The /grid picture after this chunk, when asked for.")


class StreamEnd(BaseModel):
    """The data of the last event, `event: end`."""

    reason: Literal["steps", "frames", "diverged", "gone", "stopped"] = Field(description=(
        "steps or frames: the stream's limit was reached; diverged; gone: the network was deleted; "
        "stopped: POST .../train/stop paused it, or a newer stream on the network replaced it."))
    step: int | None = Field(description="The network's step at the end (null if it was deleted).")
    frames: int
    diverged: Divergence | None = None
