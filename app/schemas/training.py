"""Bodies of POST /api/networks/{id}/train."""
from __future__ import annotations

from pydantic import Field

from .. import limits
from .base import Answer, Body, Versioned
from .networks import NetworkOut


class TrainIn(Body):
    steps: int = Field(1, ge=1, le=limits.MAX_STEPS)
    learning_rate: float = Field(0.5, ge=limits.MIN_LEARNING_RATE, le=limits.MAX_LEARNING_RATE)
    batch_size: int = Field(10, ge=1, le=limits.MAX_BATCH_SIZE,
                            description="Examples per step; larger than the data set means all of it.")


class Divergence(Answer):
    step: int = Field(description="The step (counted like Network.step) that was refused: after it the "
                      "cost, a parameter, or some example's forward pass or gradient would not be finite.")
    kept_step: int = Field(description="The step the network was kept at: step - 1.")
    smaller_learning_rate: float = Field(description="A learning rate to try instead: a tenth of the one "
                                         "that diverged (at least the smallest allowed).")
    message: str


class TrainOut(Versioned):
    network: NetworkOut
    costs: list[float] = Field(description="Mini-batch cost before each step taken.")
    cost: float | None = Field(description="Mean cost over the whole data set after training.")
    batch_size: int = Field(description="The batch size used.")
    diverged: Divergence | None = Field(description="Set when training stopped at a non-finite step; "
                                        "the parameters before that step were kept.")
