"""The OpenAPI schema, honest about errors: every refusal's real body (ErrorOut, not FastAPI's
array-shaped HTTPValidationError) and, per operation, every status it can answer with.

The statuses are derived from each route (a body, path parameters, the store, an unsafe method)
and from the layers every request passes (app/middleware.py, app/serving.py); ``EXTRA`` names the
few that only the code behind a route knows. tests/test_openapi.py and tests/test_schemathesis.py
hold the schema to what the server answers.
"""
from __future__ import annotations

from typing import Iterator

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts
from pydantic import BaseModel, ConfigDict, Field

from . import deps


class ErrorOut(BaseModel):
    """Every 4xx and 5xx body."""

    model_config = ConfigDict(extra="allow", title="ErrorOut")

    detail: str = Field(description="What went wrong and what to change, in words for a person.")
    field: str | None = Field(None, description="The request's field at fault (e.g. `layers.1`), when one "
                                                "field is; null or absent otherwise.")


ERRORS: dict[int, str] = {
    400: "The body is not readable JSON (bad syntax, nested too deeply, not UTF-8).",
    403: "A request that changes something came from a page of another site (its `Origin`).",
    404: "No such network, share link or data set (deleted, expired, or never there).",
    408: "The request body did not arrive in time.",
    409: "The network has no data set, and this needs one.",
    413: "The request body is larger than the limit (GET /api/limits: max_body_bytes).",
    422: "Well-formed, but a value is out of range or does not fit this network (e.g. `x` has the "
         "wrong length, a neuron index beyond its layer, a limit of GET /api/limits).",
    429: "Too much from this client (networks, shares or live streams held, creations per minute) or "
         "too many requests already waiting for this network: try again after `Retry-After` seconds.",
    503: "The server is too busy (connections, or this network stayed busy), or cannot reach its "
         "database right now: try again after `Retry-After` seconds.",
    507: "The server's disk is full: nothing new can be saved (DELETE still works).",
}
WITH_RETRY_AFTER = (429, 503, 507)

EVERY_REQUEST = {408, 413, 503}
"""Answered before any route runs: the body's time and size limits, and the connection budget."""

EXTRA: dict[tuple[str, str], set[int]] = {
    # A network without a data set cannot train, be evaluated, or give a data set row.
    ("POST", "/api/networks/{network_id}/train"): {409},
    ("GET", "/api/networks/{network_id}/train/stream"): {409},
    ("GET", "/api/networks/{network_id}/evaluate"): {409},
    ("POST", "/api/networks/{network_id}/backprop"): {409},
    ("POST", "/api/networks/{network_id}/breakdown"): {409},
    ("POST", "/api/networks/{network_id}/breakdown/batch"): {409},
    ("POST", "/api/networks/{network_id}/update-preview"): {409},
    ("POST", "/api/networks/{network_id}/learn"): {409},
    ("POST", "/api/networks/{network_id}/regenerate"): {409},
}
"""Statuses only the code behind an operation can give (a test checks each key names an operation)."""

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


def _dependants(dependant: Dependant) -> Iterator[Dependant]:
    """The route's own and, depth first, its dependencies'."""
    yield dependant
    for sub in dependant.dependencies:
        yield from _dependants(sub)


def statuses(route: APIRoute, method: str) -> set[int]:
    """Every error status ``method`` on ``route`` can answer with."""
    found = set(EVERY_REQUEST)
    # With its dependencies' parameters: `stored: StoredNetwork` brings the path's network_id.
    everything = list(_dependants(route.dependant))
    path_params = any(d.path_params for d in everything)
    if route.body_field is not None:
        found |= {400, 422}
    if path_params or any(d.query_params for d in everything):
        found.add(422)
    if path_params:
        found.add(404)
    calls = {d.call for d in everything}
    if deps._store in calls:
        # Even a read writes: it keeps the network alive (its expiry), so a full disk refuses it too.
        found.add(507)
    if deps._client in calls or deps._turn in calls:
        # Counted against the client's limits (app/quotas.py), or queued for the network (app/turns.py).
        found.add(429)
    if method in UNSAFE:
        found.add(403)
    return found | EXTRA.get((method, route.path_format), set())


def _error_response(code: int) -> dict:
    answer = {"description": ERRORS[code],
              "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}}
    if code in WITH_RETRY_AFTER:
        answer["headers"] = {"Retry-After": {"description": "Seconds to wait before trying again.",
                                             "schema": {"type": "integer", "minimum": 0}}}
    return answer


def document(schema: dict, routes: list) -> dict:
    """``schema`` (FastAPI's) with ErrorOut in place of HTTPValidationError and every status listed."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["ErrorOut"] = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
    # FastAPI keeps included routers as such: their routes, flattened, as get_openapi sees them.
    for context in iter_route_contexts(routes):
        route = context.original_route
        if not isinstance(route, APIRoute) or not context.include_in_schema:
            continue
        for method in route.methods:
            operation = schema["paths"].get(route.path_format, {}).get(method.lower())
            if operation is None:
                continue
            responses = operation.setdefault("responses", {})
            for code in sorted(statuses(route, method)):
                responses[str(code)] = _error_response(code)
            operation["responses"] = dict(sorted(responses.items()))
    # Nothing refers to FastAPI's error shapes any more: no client should be generated from them.
    components.pop("HTTPValidationError", None)
    components.pop("ValidationError", None)
    return schema


def install(app: FastAPI) -> None:
    """Build the schema once, on the first GET /openapi.json, as FastAPI does, then correct it."""
    build = app.openapi

    def openapi() -> dict:
        if app.openapi_schema is None:
            app.openapi_schema = document(build(), app.routes)
        return app.openapi_schema

    app.openapi = openapi
