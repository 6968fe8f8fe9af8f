"""Bodies of the picture endpoints: /grid (a network over its input plane) and /evaluate.

Arrays the page redraws often are "packed": with ``encoding=json`` a flat list of numbers (null
where a value is not finite), with ``encoding=f32`` one base64 string of little-endian float32,
which a page turns into a Float32Array without parsing ten thousand numbers per frame.
"""
from __future__ import annotations

import base64
import math
from typing import Annotated, Literal

import numpy as np
from pydantic import Field, model_validator

from .. import limits
from .base import Body, FloatOrNull, Versioned

Encoding = Literal["json", "f32"]
Packed = list[float | None] | str
"""What pack() gives: its nulls are already in place, so pydantic checks the list in its own compiled
code. A FloatOrNull per number ran a Python function for each: 0.3 ms of a digit-net JSON frame."""
Bound = Annotated[float, Field(allow_inf_nan=False, ge=-limits.MAX_ABS_VALUE, le=limits.MAX_ABS_VALUE)]


def pack(values: np.ndarray, encoding: Encoding) -> list[float] | str:
    """A flat array as JSON numbers (a non-finite one becomes null, see FloatOrNull) or f32 base64."""
    flat = np.ravel(values)
    if encoding == "f32":
        return base64.b64encode(flat.astype("<f4").tobytes()).decode("ascii")
    if np.isfinite(flat).all():
        return flat.tolist()
    return [value if math.isfinite(value) else None for value in flat.tolist()]


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


class GridOut(Versioned):
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


class Evaluation(Versioned):
    dataset: str
    task: Literal["classification", "regression"]
    size: int = Field(description="Rows of the training split (the rows /train uses).")
    cost: FloatOrNull = Field(description="Mean cost over the training split; null if not finite.")
    accuracy: float | None = Field(
        description="Fraction right on the training split: argmax for several outputs, "
                    "a >= 0.5 for one; null for regression.")
    test_size: int
    test_cost: FloatOrNull = Field(description="Mean cost over the held-out split; null without one.")
    test_accuracy: float | None
