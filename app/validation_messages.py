"""Pydantic's validation errors as sentences a learner can act on, and the field each is about.

pydantic says "layers.1: Input should be less than or equal to 256"; the page shows the message
beside the control that sent the value, so it must name that value as the learner knows it
("layer 1 has 300 neurons; at most 256": layers count from 0, the inputs, as in docs/NOTATION.md)
and say what to change. ``field`` keeps the machine's name ("layers.1"), so a client can place it.

The input is echoed only when it is a finite number: a body may hold NaN or Infinity, which JSON
cannot carry, and a string may be long or anything at all.
"""
from __future__ import annotations

import math
from typing import Any

from fastapi.exceptions import RequestValidationError

from . import limits

#: At most this many errors are described in one detail.
MAX_MESSAGES = 10

_INTEGER_TYPES = {"int_type", "int_parsing", "int_from_float", "int_parsing_size"}
_NUMBER_TYPES = {"float_type", "float_parsing"}
_BOUNDS = {"greater_than_equal": "ge", "greater_than": "gt", "less_than_equal": "le", "less_than": "lt"}


def _path(loc: tuple) -> tuple:
    return tuple(p for p in loc if p not in ("body", "path", "query"))


def field_name(loc: tuple) -> str | None:
    """The dotted path of the value at fault ("layers.1", "learning_rate"), or None for the body."""
    parts = [str(p) for p in _path(loc)]
    return ".".join(parts) or None


def _finite(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and math.isfinite(value))


def _typed_number(value: Any) -> Any:
    """A query parameter's text as the number it spells ("1000" -> 1000.0), so it can be echoed."""
    if isinstance(value, str) and len(value) <= 32:
        try:
            parsed = float(value)
        except ValueError:
            return value
        return parsed if math.isfinite(parsed) else value
    return value


def number(value: Any) -> str:
    """A bound or a typed number, as short as it reads: 256, 0.5, 1e-09 -> 1e-9, 1e+300 -> 1e300."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int):
        if abs(value) < 10**15:
            return str(value)
        try:  # a huge integer reads as its size, not as thousands of digits
            value = float(value)
        except OverflowError:
            return "a number beyond 1e308"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = format(value, ".6g")
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = f"{mantissa}e{int(exponent)}"
    return text


def _label(path: tuple) -> str:
    """The value's name in words: "learning rate", "x[0]", "ranges[1].low"."""
    if not path:
        return "the body"
    head, rest = str(path[0]).replace("_", " "), path[1:]
    return head + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in rest)


def _layer_message(error: dict, path: tuple) -> str | None:
    """A size in ``layers``, counted from layer 0 (the inputs) as the drawing counts them."""
    if len(path) != 2 or path[0] != "layers" or not isinstance(path[1], int):
        return None
    l, kind, value, ctx = path[1], error.get("type"), error.get("input"), error.get("ctx") or {}
    has = f"layer {l} has {number(value)} neuron{'' if value == 1 else 's'}" if _finite(value) else None
    if kind in ("greater_than_equal", "greater_than") and has:
        least = ctx.get("ge", ctx.get("gt", 0) + 1)
        return f"{has}; at least {number(least)} (a whole number)"
    if kind in ("less_than_equal", "less_than") and has:
        most = ctx.get("le", ctx.get("lt", 1) - 1)
        # Each size is bounded by the input layer's limit; every later layer has a smaller one.
        if l > 0 and limits.MAX_NEURONS < most:
            return f"{has}; at most {limits.MAX_NEURONS} (only the input layer, layer 0, may have up to {number(most)})"
        return f"{has}; at most {number(most)}"
    if kind in _INTEGER_TYPES:
        return (f"layer {l} must be a whole number of neurons, written as a JSON integer such as 3 "
                f"(not \"3\", 3.0 or true)")
    return None


def _bound_message(label: str, kind: str, value: Any, ctx: dict) -> str:
    bound = number(ctx[_BOUNDS[kind]])
    said = f"{label} {number(value)}" if _finite(value) else label
    if kind == "greater_than_equal":
        return f"{said} is less than the least allowed, {bound}"
    if kind == "greater_than":
        return f"{label} must be more than {bound}" + (f"; got {number(value)}" if _finite(value) else "")
    if kind == "less_than_equal":
        return f"{said} is more than the most allowed, {bound}"
    return f"{label} must be less than {bound}" + (f"; got {number(value)}" if _finite(value) else "")


def _length_message(label: str, kind: str, ctx: dict, value: Any) -> str:
    actual = ctx.get("actual_length", len(value) if isinstance(value, (list, str)) else None)
    one, many = (("size", "sizes") if label == "layers" else ("character", "characters") if isinstance(value, str)
                 else ("entry", "entries"))
    got = f"{label} has {actual} {one if actual == 1 else many}; " if actual is not None else f"{label}: "
    if kind.endswith("too_short"):
        least = ctx.get("min_length")
        tail = " (the input layer and the output layer)" if label == "layers" and least == 2 else ""
        return f"{got}give at least {least}{tail}"
    return f"{got}give at most {ctx.get('max_length')}"


def describe(error: dict) -> str:
    """One pydantic error as one sentence (without a final full stop: several are joined by "; ")."""
    kind, path, ctx = error.get("type"), _path(error.get("loc", ())), error.get("ctx") or {}
    label, value = _label(path), _typed_number(error.get("input"))
    if kind == "json_invalid":
        return "the body is not valid JSON (NaN and Infinity are not allowed either)"
    if kind == "finite_number" or (isinstance(value, float) and not math.isfinite(value)):
        return f"{label} must be a finite number (not NaN or Infinity)"
    layer = _layer_message(error, path)
    if layer:
        return layer
    if kind in _BOUNDS and _BOUNDS[kind] in ctx:
        return _bound_message(label, kind, value, ctx)
    if kind in ("too_short", "too_long", "string_too_short", "string_too_long"):
        return _length_message(label, kind, ctx, error.get("input"))
    if kind in _INTEGER_TYPES:
        return f"{label} must be a whole number, written as a JSON integer such as 3 (not \"3\", 3.0 or true)"
    if kind in _NUMBER_TYPES:
        return f"{label} must be a number"
    if kind == "missing":
        return f"{label} is missing: it is required"
    if kind == "extra_forbidden":
        return f"{label} is not a field of this request: leave it out"
    message = str(error.get("msg", "is not valid"))
    if kind == "value_error":
        # Our own validators already speak in sentences that name what they check.
        return message.removeprefix("Value error, ")
    if message.startswith("Input should"):
        return f"{label} should{message.removeprefix('Input should')}"
    return f"{label}: {message}"


def plain(exc: RequestValidationError) -> tuple[str, str | None]:
    """The detail (every error, in words) and the field at fault (None: the whole body)."""
    errors = exc.errors()
    detail = "; ".join(describe(e) for e in errors[:MAX_MESSAGES])
    # A value sent and refused says more than a field left out; invalid JSON is located by its
    # character position, which is no field.
    located = [e for e in errors if e.get("type") != "json_invalid"]
    first = next((e for e in located if e.get("type") != "missing"), located[0] if located else {})
    return detail, field_name(first.get("loc", ()))
