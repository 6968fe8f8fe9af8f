"""Error responses: always JSON {"detail": "<what to change>"}, never a 500 for bad input.

Every refusal, whoever raises it (the engine, the store, the API's own checks), becomes its 4xx
answer here and nowhere else: ``refusal`` maps it, ``install`` registers that one mapping.
"""
from __future__ import annotations

import errno
import sqlite3

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from .db import DatabaseUnavailable
from .engine import EngineError
from .quotas import OverLimit
from .store import NetworkNotFound, ShareNotFound, StoreFull
from .validation_messages import plain as plain_validation


class InputError(Exception):
    """A request that is well-formed JSON but cannot be carried out as asked."""

    def __init__(self, detail: str, status_code: int = 422, field: str | None = None):
        super().__init__(detail)
        self.detail = detail
        self.status_code = status_code
        self.field = field
        """The request's field at fault (as in a validation error's `field`), if it is one field."""


class BeyondFloat64(InputError):
    """An answer would hold a number float64 cannot (JSON has no inf or NaN to send it as)."""

    def __init__(self):
        super().__init__("this example drives the network beyond float64 range (a value overflowed): "
                         "use smaller inputs or weights")


class Busy(InputError):
    """Too much at once (429), or a wait that timed out (503): try again after ``retry_after`` seconds."""

    def __init__(self, detail: str, retry_after: int, status_code: int = 429):
        super().__init__(detail, status_code)
        self.retry_after = retry_after


REFUSALS = (InputError, EngineError, NetworkNotFound, ShareNotFound, StoreFull, OverLimit, DatabaseUnavailable)
"""Every exception that is the client's to fix or that passes with time (a lost database: 503);
anything else is a bug and answers 500."""


def refusal(error: Exception) -> tuple[int, str]:
    """The status code and detail of one of REFUSALS."""
    if isinstance(error, InputError):
        return error.status_code, error.detail
    if isinstance(error, NetworkNotFound):
        return 404, (f"no network {error.network_id!r}: it was deleted, expired, or never existed; "
                     "create one with POST /api/networks")
    if isinstance(error, ShareNotFound):
        return 404, f"no share link {error.token!r}: it expired or never existed; ask for a new link"
    if isinstance(error, (StoreFull, OverLimit)):
        return 429, str(error)
    if isinstance(error, DatabaseUnavailable):
        return 503, str(error)
    return 422, str(error)  # an EngineError: the network cannot compute what was asked


def retry_after(error: Exception) -> dict[str, str]:
    """The Retry-After header of a refusal that passes with time (every 429 and 503 has one)."""
    seconds = 600 if isinstance(error, StoreFull) else getattr(error, "retry_after", None)
    return {"Retry-After": str(seconds)} if seconds is not None else {}


def server_error(error: BaseException) -> tuple[int, str]:
    """The status and detail of an exception no handler answered: a full disk is a 507 (its
    cause is known and passes), anything else a 500. Sent as JSON by app/middleware.py."""
    full = ((isinstance(error, sqlite3.OperationalError) and "full" in str(error))
            or getattr(error, "sqlstate", None) == "53100"  # PostgreSQL's disk_full (psycopg)
            or (isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT)))
    if full:
        return 507, ("the server's disk is full, so nothing new can be saved: delete networks you no "
                     "longer need (DELETE /api/networks/{id} still works) or tell whoever runs the server")
    return 500, "the server failed to answer this request (a bug, logged on the server): try again later"


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
        # In words, naming the value as the learner typed it; `field` says which one it was.
        detail, field = plain_validation(exc)
        return JSONResponse({"detail": detail, "field": field}, status_code=422)

    async def refused(request: Request, exc: Exception) -> JSONResponse:
        status_code, detail = refusal(exc)
        return JSONResponse({"detail": detail, "field": getattr(exc, "field", None)}, status_code=status_code,
                            headers=retry_after(exc))

    for kind in REFUSALS:
        app.add_exception_handler(kind, refused)
