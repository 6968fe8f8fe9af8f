"""The events of the live training stream, GET /api/networks/{id}/train/stream."""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from .base import FloatOrNull
from .pictures import Evaluation, GridOut, Packed
from .training import Divergence

FLAT_ORDER = ("Flat order: layer l = 1..L, then row-major, so W^(l)[j][k] is at "
              "offset(l) + j * n_(l-1) + k with offset(l) = sum of the sizes of W^(1..l-1).")


class Frame(Evaluation):
    """The data of one `event: frame`: the network as stored after one chunk of training."""

    frame: int = Field(description="1, 2, ... within this stream.")
    scored_step: int = Field(description=(
        "The step whose parameters the data-set fields (cost, accuracy, test_cost, test_accuracy) were "
        "measured at: this frame's `step` when its chunk scored the data set, an earlier frame's otherwise. "
        "A stream scores at most 4 times a second, in slow motion every step up to 20 a second (fewer when "
        "many stream on one worker: docs/CLASSROOM.md), and always in its last chunk; the per-example fields "
        "are always this step's."))
    step: int = Field(description="The network's step after this chunk (as GET /api/networks/{id}).")
    steps: int = Field(description="SGD steps in this chunk.")
    batch_size: int
    batch_cost: FloatOrNull = Field(description="Mean of the chunk's mini-batch costs.")
    steps_per_second: float = Field(description="Training rate within this chunk.")
    example: int = Field(description="The data set row of the per-example fields below.")
    example_cost: FloatOrNull = Field(description="C_0 of that example.")
    output: list[FloatOrNull] = Field(description="a^(L) for that example (the digit bars).")
    activations: Packed = Field(description="a^(0..L) of that example, layers concatenated.")
    weights: Packed = Field(description="Every w_jk^(l). " + FLAT_ORDER)
    biases: Packed = Field(description="Every b_j^(l), layers 1..L concatenated.")
    grad_w: Packed = Field(description="dC_0/dw_jk^(l) for that example, same order as weights.")
    grad_b: Packed = Field(description="dC_0/db_j^(l) for that example, same order as biases.")
    grid: GridOut | None = Field(None, description="The /grid picture after this chunk, when asked for.")


class StreamEnd(BaseModel):
    """The data of the last event, `event: end`."""

    reason: Literal["steps", "frames", "time", "diverged", "gone", "stopped"] = Field(description=(
        "steps, frames or time: the stream's limit was reached (time: it ran as long as one stream may, "
        "BACKPROP_LAB_MAX_STREAM_SECONDS); diverged; gone: the network was deleted; "
        "stopped: POST .../train/stop paused it, or a newer stream on the network replaced it."))
    step: int | None = Field(description="The network's step at the end (null if it was deleted).")
    frames: int
    diverged: Divergence | None = None
