"""What every body shares: requests are strict, answers are read from the engine's objects and
checked for numbers JSON cannot carry, in one place for every field of every answer."""
from __future__ import annotations

import math
from typing import Annotated, Any, Iterable, Literal

import numpy as np
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator

from .. import limits
from ..errors import BeyondFloat64

ActivationName = Literal["sigmoid", "tanh", "relu", "linear", "softmax"]
"""softmax is for the output layer only (the engine refuses a hidden one with a 422)."""
LossName = Literal["mse", "cross_entropy", "categorical_cross_entropy"]
Value = Annotated[float, Field(allow_inf_nan=False, ge=-limits.MAX_ABS_VALUE, le=limits.MAX_ABS_VALUE)]
Vector = Annotated[list[Value], Field(min_length=1, max_length=limits.MAX_INPUTS)]


def _layers_after_inputs_fit(sizes: list[int]) -> list[int]:
    # The input layer may be an image (784 pixels); the layers a learner builds stay drawable.
    for l, n in enumerate(sizes[1:], start=1):
        if n > limits.MAX_NEURONS:
            raise ValueError(f"layer {l} has {n} neurons; at most {limits.MAX_NEURONS} "
                             f"(only the input layer, layer 0, may have up to {limits.MAX_INPUTS})")
    return sizes


LayerSizes = Annotated[list[Annotated[int, Field(ge=1, le=limits.MAX_INPUTS)]],
                       Field(min_length=2, max_length=limits.MAX_LAYERS), AfterValidator(_layers_after_inputs_fit)]
"""Sizes n_0..n_L: at most MAX_INPUTS inputs, at most MAX_NEURONS in every later layer."""


_EXACT_WHOLE_FLOATS = 2**53
"""Beyond this a float no longer spells one integer exactly."""


def _whole_floats_as_ints(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer() and abs(value) <= _EXACT_WHOLE_FLOATS:
        return int(value)
    if isinstance(value, list):
        return [_whole_floats_as_ints(v) for v in value]
    if isinstance(value, dict):
        return {k: _whole_floats_as_ints(v) for k, v in value.items()}
    return value


class Body(BaseModel):
    # strict: an integer field takes only a JSON integer (not true, "3" or 3.5), so a mistyped value
    # is refused with a message instead of silently becoming another number.
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, strict=True)

    @model_validator(mode="before")
    @classmethod
    def _whole_numbers(cls, data: Any) -> Any:
        # JSON, and the OpenAPI 3.1 schema (JSON Schema 2020-12), count 3.0 as the integer 3: a client
        # generated from the schema may write it so. It is the same number, so it is taken as one.
        return _whole_floats_as_ints(data)


def _null_beyond_float64(value: Any) -> Any:
    return None if isinstance(value, float) and not math.isfinite(value) else value


FloatOrNull = Annotated[float | None, BeforeValidator(_null_beyond_float64)]
"""A number that may exceed float64 and is then sent as null (the field's description says when)."""


def _plain(value: Any) -> Any:
    """NumPy arrays and scalars as the lists and numbers pydantic validates."""
    if isinstance(value, (np.ndarray, np.generic)):
        return value.tolist()
    if isinstance(value, (list, tuple)) and value and isinstance(value[0], (np.ndarray, list, tuple)):
        return [_plain(v) for v in value]
    return value


_MISSING = object()


def _attributes(names: Iterable[str], objects: tuple, values: dict) -> dict:
    """Each name's value: from ``values`` first, else from the first object that has that attribute;
    NumPy values as plain lists and numbers, so that pydantic itself checks every one.

    A dict, not an object pydantic reads from_attributes: one answer merges several objects, and a
    merging object's __getattr__ made building a network's answer 40% slower.
    """
    found = {}
    for name in names:
        value = values.get(name, _MISSING)
        for obj in objects:
            if value is not _MISSING:
                break
            value = getattr(obj, name, _MISSING)
        if value is not _MISSING:
            found[name] = _plain(value)
    return found


class Answer(BaseModel):
    """A response body, built with ``of`` from the engine's (and the store's) objects.

    allow_inf_nan=False makes every float of every answer, nested ones included, a checked one: a
    non-finite number where the schema has no null for it is a BeyondFloat64 (422), not a 500 or
    invalid JSON. Fields that may legitimately overflow are FloatOrNull.
    """

    model_config = ConfigDict(from_attributes=True, allow_inf_nan=False)

    @classmethod
    def of(cls, *objects: Any, **values: Any):
        """The answer read from the objects' attributes; ``values`` adds or overrides fields."""
        try:
            # Nested answers (a breakdown's paths, a divergence) pydantic reads from_attributes.
            return cls.model_validate(_attributes(cls.model_fields, objects, values))
        except ValidationError as error:
            if any(e["type"] == "finite_number" for e in error.errors()):
                raise BeyondFloat64() from None
            raise


class Versioned(Answer):
    version: int = Field(description="The network's version this answer was computed on or leaves it "
                                     "at: 1 when created, one more after every write (edit, train, reset, "
                                     "each live-training chunk). Key answers on (id, version).")
