"""Bodies of /api/networks: create, read, reset, edit one parameter by hand."""
from __future__ import annotations


from typing import Literal

from pydantic import ConfigDict, Field, model_validator

from .. import limits
from ..store import Stored
from .base import ActivationName, Body, LayerSizes, LossName, Value, Versioned


RegularizationName = Literal["none", "l1", "l2"]
REGULARIZATION = ("Penalty on big weights added to the cost (biases are not regularised): none; l1, "
                  "C = C_data + lambda sum_w |w|; l2, C = C_data + lambda sum_w w^2 (no 1/2).")


def rate_field():
    """lambda, as a create or an import takes it (0 if left out)."""
    return Field(0.0, ge=0.0, le=limits.MAX_REGULARIZATION_RATE, allow_inf_nan=False,
                 description="lambda, the regularisation rate; kept but unused while regularization is none.")


FeatureName = Literal["x1", "x2", "x1^2", "x2^2", "x1x2", "sin x1", "sin x2"]
FEATURES = ("Layer 0 of a network on a 2-D data set: any of x1, x2, x1^2, x2^2, x1x2, sin x1, sin x2 of the point "
            "(x1, x2), each once; layer 0 holds them in that order and n_0 is their number. Null: x1, x2 as they are.")
NOISE = "Standard deviation of Gaussian noise added to each input of a generated set (targets stay those of the clean point)."
TEST_RATIO = "Share of a generated set's rows held out for testing (per class for classification)."
DATA_SEED = "Makes a generated set's points, noise and held-out rows; null: the set's own fixed seed."


def data_fields():
    """noise, test_ratio, data_seed and features, as a create or an import takes them."""
    return dict(
        noise=Field(0.0, ge=0.0, le=limits.MAX_NOISE, allow_inf_nan=False, description=NOISE),
        test_ratio=Field(0.0, ge=0.0, le=limits.MAX_TEST_RATIO, allow_inf_nan=False, description=TEST_RATIO),
        data_seed=Field(None, ge=0, le=limits.MAX_SEED, description=DATA_SEED),
        features=Field(None, min_length=1, max_length=7, description=FEATURES))


_DATA = data_fields()


class NetworkCreate(Body):
    layers: LayerSizes = Field(
        description="Sizes n_0..n_L: input layer first, output layer last.",
        examples=[[2, 3, 3, 1]],
    )
    hidden_activation: ActivationName = Field("sigmoid", description="Any but softmax (an output activation).")
    output_activation: ActivationName = Field("sigmoid", description="softmax needs 2 or more outputs.")
    loss: LossName = Field("mse", description="mse: C_0 = sum_j (a_j - y_j)^2 (no 1/2); "
                           "cross_entropy needs a sigmoid output; categorical_cross_entropy, "
                           "C_0 = -sum_j y_j ln a_j, needs a softmax output (and softmax works with it or mse).")
    dataset: str | None = Field(None, max_length=40, description="A name from GET /api/datasets.")
    seed: int | None = Field(None, ge=0, le=limits.MAX_SEED,
                             description="Seeds the initial weights and the mini-batches; random if omitted.")
    noise: float = _DATA["noise"]
    test_ratio: float = _DATA["test_ratio"]
    data_seed: int | None = _DATA["data_seed"]
    features: list[FeatureName] | None = _DATA["features"]
    regularization: RegularizationName = Field("none", description=REGULARIZATION)
    regularization_rate: float = rate_field()


class NetworkOut(Versioned):
    id: str
    layers: list[int]
    hidden_activation: str
    output_activation: str
    loss: str
    regularization: RegularizationName = Field(description=REGULARIZATION)
    regularization_rate: float = Field(description="lambda; kept but unused while regularization is none.")
    dataset: str | None
    noise: float = Field(description=NOISE)
    test_ratio: float = Field(description=TEST_RATIO)
    data_seed: int | None = Field(description=DATA_SEED)
    features: list[str] | None = Field(description=FEATURES)
    seed: int
    step: int = Field(description="SGD steps taken since creation or the last reset.")
    cost: float | None = Field(description="Mean cost over the data set; null without one.")
    cost_step: int | None = Field(None, description=(
        "null: `cost` is of these parameters. Otherwise the step it was measured at: while a live stream "
        "trains, frames score the data set at a bounded rate; a pause (POST .../train/stop) measures it again."))
    weights: list[list[list[float]]] = Field(description="weights[l-1][j][k] is w_jk^(l).")
    biases: list[list[float]] = Field(description="biases[l-1][j] is b_j^(l).")


def network_out(stored: Stored) -> NetworkOut:
    """What the store keeps beside the parameters, and the network's own fields."""
    return NetworkOut.of(stored, stored.network, stored.data)


class SettingsIn(Body):
    """What may change after creation (PATCH): each field left out keeps its value (None here only
    stands for "left out": the schema, like the validation, takes no null)."""

    model_config = ConfigDict(json_schema_extra={"minProperties": 1})
    regularization: RegularizationName = Field(None, description=REGULARIZATION)
    regularization_rate: float = Field(None, ge=0.0, le=limits.MAX_REGULARIZATION_RATE,
                                              allow_inf_nan=False, description="lambda.")

    @model_validator(mode="after")
    def _something(self):
        if self.regularization is None and self.regularization_rate is None:
            raise ValueError("give regularization, regularization_rate or both: there is nothing to change")
        return self


class RegenerateIn(Body):
    data_seed: int | None = Field(None, ge=0, le=limits.MAX_SEED,
                                  description="The new data seed; omitted: a random one.")


class ValueIn(Body):
    value: Value
