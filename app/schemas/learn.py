"""Bodies of POST /api/networks/{id}/learn: one SGD step on an example given as x and y."""
from __future__ import annotations

from pydantic import Field

from .. import limits
from .base import Body, Vector, Versioned
from .networks import NetworkOut


class LearnIn(Body):
    x: Vector = Field(description="a^(0): one number per input neuron (a drawn digit's pixels, row by row); "
                      "for a network with `features`, the point (x1, x2).")
    y: Vector = Field(description="The targets, one per output neuron (the true digit one-hot).")
    learning_rate: float = Field(ge=limits.MIN_LEARNING_RATE, le=limits.MAX_LEARNING_RATE,
                                 description="eta of the step: W <- W - eta dC_0/dW.")


class LearnOut(Versioned):
    network: NetworkOut = Field(description="The network after the step (saved; its version is one more).")
    learning_rate: float
    cost_before: float = Field(description="C_0 of this example before the step (plus the regularisation "
                                           "penalty, if the network has one).")
    cost_after: float = Field(description="C_0 of this example after it (plus the penalty, likewise).")
    output_before: list[float] = Field(description="a^(L) of this example before the step.")
    output_after: list[float] = Field(description="a^(L) of this example after it.")
