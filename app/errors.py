"""Error responses: always JSON {"detail": "<what to change>"}, never a 500 for bad input.

Every refusal, whoever raises it (the engine, the store, the API's own checks), becomes its 4xx
answer here and nowhere else: ``refusal`` maps it, ``install`` registers that one mapping.
"""
from __future__ import annotations

import math

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from .engine import EngineError
from .store import NetworkNotFound, ShareNotFound, StoreFull


class InputError(Exception):
    """A request that is well-formed JSON but cannot be carried out as asked."""

    def __init__(self, detail: str, status_code: int = 422):
        super().__init__(detail)
        self.detail = detail
        self.status_code = status_code


class BeyondFloat64(InputError):
    """An answer would hold a number float64 cannot (JSON has no inf or NaN to send it as)."""

    def __init__(self):
        super().__init__("this example drives the network beyond float64 range (a value overflowed): "
                         "use smaller inputs or weights")


REFUSALS = (InputError, EngineError, NetworkNotFound, ShareNotFound, StoreFull)
"""Every exception that is the client's to fix; anything else is a bug and answers 500."""


def refusal(error: Exception) -> tuple[int, str]:
    """The status code and detail of one of REFUSALS."""
    if isinstance(error, InputError):
        return error.status_code, error.detail
    if isinstance(error, NetworkNotFound):
        return 404, (f"no network {error.network_id!r}: it was deleted, expired, or never existed; "
                     "create one with POST /api/networks")
    if isinstance(error, ShareNotFound):
        return 404, f"no share link {error.token!r}: it expired or never existed; ask for a new link"
    if isinstance(error, StoreFull):
        return 429, str(error)
    return 422, str(error)  # an EngineError: the network cannot compute what was asked


def _where(loc: tuple) -> str:
    parts = [str(p) for p in loc if p not in ("body", "path", "query")]
    return ".".join(parts) or "body"


def _non_finite(value) -> bool:
    """NaN or Infinity where an integer belongs fails as "not an integer": say what is wrong with it."""
    return isinstance(value, float) and not math.isfinite(value)


def _validation_message(exc: RequestValidationError) -> str:
    # Never echo the input: it may hold NaN/Inf, which JSON cannot carry (the default handler 500s).
    messages = []
    for error in exc.errors()[:10]:
        if error.get("type") == "json_invalid":
            messages.append("the body is not valid JSON (NaN and Infinity are not allowed either)")
        elif error.get("type") == "finite_number" or _non_finite(error.get("input")):
            messages.append(f"{_where(error['loc'])}: must be a finite number (not NaN or Infinity)")
        else:
            messages.append(f"{_where(error['loc'])}: {error['msg']}")
    return "; ".join(messages)


UNPARSED_BODY = "There was an error parsing the body"
"""FastAPI's detail when reading the body failed for a reason other than invalid JSON syntax,
e.g. arrays nested so deeply that the parser gives up."""


def install(app: FastAPI) -> None:
    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException):
        if exc.status_code == 400 and exc.detail == UNPARSED_BODY:
            return JSONResponse({"detail": "the body could not be read as JSON: send one JSON object "
                                           "(arrays and objects nested at most a few levels deep), "
                                           "encoded as UTF-8"}, status_code=400)
        return await http_exception_handler(request, exc)

    @app.exception_handler(RequestValidationError)
    async def validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse({"detail": _validation_message(exc)}, status_code=422)

    async def refused(request: Request, exc: Exception) -> JSONResponse:
        status_code, detail = refusal(exc)
        return JSONResponse({"detail": detail}, status_code=status_code)

    for kind in REFUSALS:
        app.add_exception_handler(kind, refused)
