"""Bodies of export, import and share links."""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field

from .. import limits
from .base import ActivationName, Body, LayerSizes, LossName
from .datasets import Recipe
from .networks import REGULARIZATION, FeatureName, RegularizationName, data_fields, rate_field
from .history import HistoryDoc

FORMAT = "backprop-lab-network"
FORMAT_VERSION = 1
MAX_COUNTER = 2**53 - 1
"""step and cursor stay exact integers in JavaScript."""

# Any finite float64: training may carry a parameter past MAX_ABS_VALUE (which bounds typed-in
# numbers), and every network the server exports must import again.
Parameter = Annotated[float, Field(allow_inf_nan=False)]
Row = Annotated[list[Parameter], Field(max_length=limits.MAX_INPUTS)]


_DATA = data_fields()


class NetworkExport(Body):
    """A network as a file: everything that rebuilds it, but not its id (the id grants editing).

    Its ``version`` is the file format's, not the network's: a file is not an answer about a state
    of a stored network, and an import starts a new network at version 1.
    """

    format: Literal["backprop-lab-network"] = FORMAT
    version: Literal[1] = FORMAT_VERSION
    layers: LayerSizes = Field(description="Sizes n_0..n_L.")
    hidden_activation: ActivationName = "sigmoid"
    output_activation: ActivationName = "sigmoid"
    loss: LossName = "mse"
    # Defaults, so files exported before regularisation existed import as unregularised.
    regularization: RegularizationName = Field("none", description=REGULARIZATION)
    regularization_rate: float = rate_field()
    dataset: str | None = Field(None, max_length=40)
    # Defaults, so files exported before the data options existed import with the set as named.
    noise: float = _DATA["noise"]
    test_ratio: float = _DATA["test_ratio"]
    data_seed: int | None = _DATA["data_seed"]
    features: list[FeatureName] | None = _DATA["features"]
    seed: int = Field(ge=0, le=limits.MAX_SEED, description="Seeds a reset and the mini-batch stream.")
    step: int = Field(0, ge=0, le=MAX_COUNTER, description="SGD steps taken since creation or the last reset.")
    cursor: int = Field(0, ge=0, le=MAX_COUNTER,
                        description="Examples of the mini-batch stream used so far: a copy trains on.")
    weights: list[Annotated[list[Row], Field(max_length=limits.MAX_NEURONS)]] = Field(
        max_length=limits.MAX_LAYERS - 1, description="weights[l-1][j][k] is w_jk^(l), any finite number.")
    biases: list[Row] = Field(max_length=limits.MAX_LAYERS - 1,
                              description="biases[l-1][j] is b_j^(l), any finite number.")
    upload: Recipe | None = Field(
        None, description="The uploaded data set `dataset` names, as POST /api/datasets took it: an import on a "
                          "server without that upload makes it there (with a new name). Null for a built-in one.")
    history: HistoryDoc | None = Field(
        None, description="The loss curve's points (as GET .../history gives them); files without it import "
                          "with a curve that starts at the imported step.")


class ShareOut(BaseModel):
    token: str = Field(description="Names a frozen copy of the network; it is not the network's id.")
    url: str = Field(description="The page address that opens a new copy: /?share=<token>.")
