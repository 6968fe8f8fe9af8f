"""Bodies of one example through one network: forward, backprop, one weight's factors, over a
batch, and one update previewed."""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .. import limits
from .base import Answer, Body, FloatOrNull, LossName, Vector, Versioned


# _one_source below, in the schema: a client generated from it then never sends both or neither.
ONE_SOURCE = {"anyOf": [
    {"required": ["example"], "properties": {"example": {"type": "integer"}, "x": {"type": "null"},
                                             "y": {"type": "null"}}},
    {"required": ["x", "y"], "properties": {"x": {"type": "array"}, "y": {"type": "array"},
                                            "example": {"type": "null"}}},
]}


class Example(Body):
    """One example: either x and y given, or `example`, a row of the network's data set."""

    model_config = ConfigDict(json_schema_extra=ONE_SOURCE)

    x: Vector | None = Field(None, description="a^(0), one number per input neuron; for a network with "
                             "`features`, the point (x1, x2), whose features are a^(0).")
    y: Vector | None = Field(None, description="Targets, one per output neuron.")
    example: int | None = Field(None, ge=0, description="Row of the network's data set.")
    loss: LossName | None = Field(None, description="Judge this example by another cost than the "
                                  "network's own (nothing is changed); omit for the network's cost.")

    @model_validator(mode="after")
    def _one_source(self):
        if self.example is not None and (self.x is not None or self.y is not None):
            raise ValueError("give either example or x and y, not both")
        if self.example is None and (self.x is None or self.y is None):
            raise ValueError("give both x and y, or example (a row of the network's data set)")
        return self


class WeightIndex(BaseModel):
    layer: int = Field(ge=1, le=limits.MAX_LAYERS - 1, description="l of w_jk^(l), 1..L.")
    j: int = Field(ge=0, lt=limits.MAX_NEURONS, description="Destination neuron, in layer l.")
    k: int = Field(ge=0, lt=limits.MAX_INPUTS, description="Source neuron, in layer l-1.")


class ForwardIn(Body):
    x: Vector = Field(description="a^(0), one number per input neuron; for a network with `features`, the "
                      "point (x1, x2), whose features are a^(0).")
    y: Vector | None = None


class ForwardOut(Versioned):
    z: list[list[float]] = Field(description="z[l-1] = z^(l), l = 1..L.")
    a: list[list[float]] = Field(description="a[l] = a^(l), l = 0..L; a[0] = x (its features, for a "
                                                 "network with `features`).")
    cost: float | None = Field(description="C_0 of this example; null without y.")


class BackpropOut(Versioned):
    example: int | None
    loss: str = Field(description="The cost these numbers are for.")
    x: list[float] = Field(description="a^(0) of the example (for a network with `features`, the features).")
    y: list[float]
    cost: float = Field(description="C_0 of this example.")
    z: list[list[float]] = Field(description="z^(l), l = 1..L (index l-1).")
    a: list[list[float]] = Field(description="a^(l), l = 0..L (index l).")
    slope: list[list[float] | None] = Field(
        description="sigma'(z^(l)), l = 1..L. null for a softmax output layer: its slope is the Jacobian "
                    "da_i/dz_j = a_i (1[i=j] - a_j), not one number per neuron, and delta^(L) = J^T dC_0/da^(L) "
                    "(a - y for categorical_cross_entropy) is given directly.")
    delta: list[list[float]] = Field(description="delta^(l) = dC_0/dz^(l), l = 1..L.")
    grad_a: list[list[FloatOrNull]] = Field(
        description="dC_0/da^(l), l = 0..L. null only where it exceeds float64 "
                    "(cross-entropy, sigmoid output with |z| > ~709).")
    grad_w: list[list[list[float]]] = Field(description="dC_0/dW^(l), shaped like weights.")
    grad_b: list[list[float]] = Field(description="dC_0/db^(l), l = 1..L.")


class BreakdownIn(Example, WeightIndex):
    """Which weight, and which example."""


class OfWeight(Versioned):
    """An answer about one weight, w_jk^(l)."""

    layer: int = Field(description="l of w_jk^(l), 1..L.")
    j: int = Field(description="Destination neuron, in layer l.")
    k: int = Field(description="Source neuron, in layer l-1.")


class PathOut(Answer):
    i: int = Field(description="Neuron of layer l+1 the path goes through.")
    weight: float = Field(description="w_ij^(l+1).")
    slope: float | None = Field(description="sigma'(z_i^(l+1)); null through a softmax output (a Jacobian).")
    error: FloatOrNull = Field(description="dC_0/da_i^(l+1); null only beyond float64 (as error below).")
    contribution: float = Field(description="weight x slope x error; weight x delta_i^(l+1) through a "
                                "softmax output.")


class NumericalNoteOut(Answer):
    case: Literal["huge_parameter", "kink", "l1_corner", "below_resolution", "round_off", "unexplained"] = Field(
        description="Why the central difference disagrees with backprop: huge_parameter (h is below "
                    "float64's spacing at the parameter), kink (a ReLU's z crosses 0 within h), l1_corner "
                    "(only numerical_total_note: an L1-regularised weight within h of 0, the corner of |w|), "
                    "below_resolution (the cost changes over 2h by less than float64 resolves, e.g. a "
                    "saturated sigmoid output), round_off (within the difference's rounding), "
                    "unexplained (the cost bends sharply within h).")
    text: str = Field(description="The reason in plain words, with this parameter's numbers.")
    relative_difference: float = Field(description="|backprop - numerical| / max(|backprop|, |numerical|).")


class BreakdownOut(OfWeight):
    example: int | None
    loss: str = Field(description="The cost these numbers are for.")
    weight: float
    bias: float
    error: FloatOrNull = Field(description="dC_0/da_j^(l): how wrong the output is (hidden: how "
                               "much the cost cares about a_j). null only beyond float64.")
    slope: float | None = Field(description="sigma'(z_j^(l)): how responsive the neuron is. null for a "
                                "softmax output (jacobian is true).")
    jacobian: bool = Field(description="true for a weight into a softmax output: the slope is the Jacobian "
                           "da/dz, so error x slope is a sum over the outputs, delta_j = sum_i dC_0/da_i "
                           "da_i/dz_j (a_j - y_j with categorical_cross_entropy), given as bias_gradient; "
                           "gradient = delta_j x input.")
    input: float = Field(description="a_k^(l-1): how active the input was.")
    gradient: float = Field(description="dC_0/dw_jk^(l) = error x slope x input.")
    bias_gradient: float = Field(description="dC_0/db_j^(l) = error x slope.")
    numerical_gradient: float = Field(description="Central difference of C_0 in w_jk^(l), h = 1e-5.")
    numerical_bias_gradient: float = Field(description="Central difference of C_0 in b_j^(l).")
    numerical_note: NumericalNoteOut | None = Field(
        description="null when the central difference agrees with backprop (relative difference at "
                    "most 1e-6); otherwise which case explains the difference, in words.")
    numerical_bias_note: NumericalNoteOut | None = Field(description="The same for the bias's check.")
    paths: list[PathOut] = Field(description="For l < L: one term per neuron i of layer l+1; "
                                 "they add up to error. Empty for l = L.")
    regularization: Literal["none", "l1", "l2"] = Field(description="The network's regularisation.")
    regularization_rate: float = Field(description="lambda.")
    regularization_term: float = Field(
        description="d(penalty)/dw_jk^(l): lambda sign(w) for l1 (0 at w = 0), 2 lambda w for l2, 0 for none. "
                    "Biases are not regularised: bias_gradient has no such term.")
    total_gradient: float = Field(description="gradient + regularization_term: the derivative of the total "
                                              "cost C_0 + penalty, what a training step follows.")
    numerical_total_gradient: float = Field(description="Central difference of C_0 + penalty in w_jk^(l).")
    numerical_total_note: NumericalNoteOut | None = Field(
        description="null when numerical_total_gradient agrees with total_gradient, else why not (as "
                    "numerical_note; without regularisation it is numerical_note).")


class BatchBreakdownIn(Body, WeightIndex):
    examples: list[Annotated[int, Field(ge=0)]] = Field(
        min_length=1, max_length=limits.MAX_BATCH_SIZE, description="Rows of the network's data set.")
    loss: LossName | None = None


class ExampleFactorsOut(Answer):
    example: int
    error: FloatOrNull = Field(description="dC_0/da_j^(l); null only beyond float64, as in /breakdown.")
    slope: float | None = Field(description="sigma'(z_j^(l)); null for a softmax output (a Jacobian).")
    input: float
    product: float = Field(description="error x slope x input (delta_j x input for a softmax output): "
                           "this example's dC_0/dw.")


class BatchBreakdownOut(OfWeight):
    loss: str
    examples: list[ExampleFactorsOut]
    mean_gradient: float = Field(description="dC/dw over the batch: the mean of the products.")
    mean_error: FloatOrNull
    mean_slope: float | None = Field(description="null for a softmax output, which has no slope per neuron.")
    mean_input: float
    product_of_means: FloatOrNull = Field(description="mean error x mean slope x mean input; not the gradient (null beyond float64).")


class UpdatePreviewIn(Example, WeightIndex):
    learning_rate: float = Field(0.5, ge=limits.MIN_LEARNING_RATE, le=limits.MAX_LEARNING_RATE)


class UpdatePreviewOut(OfWeight):
    example: int | None
    learning_rate: float
    gradient: float = Field(description="dC_0/dw_jk^(l) for this example (the data term).")
    regularization_term: float = Field(description="The penalty's term in the gradient, as in /breakdown.")
    total_gradient: float = Field(description="gradient + regularization_term: what the step follows.")
    delta_w: float = Field(description="-learning_rate x total_gradient.")
    weight_after: float
    cost_before: float = Field(description="C_0 + penalty now (C_0 alone without regularisation).")
    cost_after_this_weight: float = Field(description="C_0 + penalty after moving only this weight.")
    cost_after_all: float = Field(description="C_0 + penalty after one SGD step on this example (all "
                                              "parameters, weights by their total gradient).")
