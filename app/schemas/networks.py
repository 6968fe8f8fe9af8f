"""Bodies of /api/networks: create, read, reset, edit one parameter by hand."""
from __future__ import annotations


from pydantic import Field

from .. import limits
from ..store import Stored
from .base import ActivationName, Body, LayerSizes, LossName, Value, Versioned


class NetworkCreate(Body):
    layers: LayerSizes = Field(
        description="Sizes n_0..n_L: input layer first, output layer last.",
        examples=[[2, 3, 3, 1]],
    )
    hidden_activation: ActivationName = "sigmoid"
    output_activation: ActivationName = "sigmoid"
    loss: LossName = Field("mse", description="mse: C_0 = sum_j (a_j - y_j)^2 (no 1/2); "
                           "cross_entropy needs a sigmoid output.")
    dataset: str | None = Field(None, max_length=40, description="A name from GET /api/datasets.")
    seed: int | None = Field(None, ge=0, le=limits.MAX_SEED,
                             description="Seeds the initial weights and the mini-batches; random if omitted.")


class NetworkOut(Versioned):
    id: str
    layers: list[int]
    hidden_activation: str
    output_activation: str
    loss: str
    dataset: str | None
    seed: int
    step: int = Field(description="SGD steps taken since creation or the last reset.")
    cost: float | None = Field(description="Mean cost over the data set; null without one.")
    weights: list[list[list[float]]] = Field(description="weights[l-1][j][k] is w_jk^(l).")
    biases: list[list[float]] = Field(description="biases[l-1][j] is b_j^(l).")


def network_out(stored: Stored) -> NetworkOut:
    """What the store keeps beside the parameters, and the network's own fields."""
    return NetworkOut.of(stored, stored.network)


class ValueIn(Body):
    value: Value
