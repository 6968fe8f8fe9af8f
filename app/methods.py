"""A method a path does not take: 405 with the `Allow` header listing every method it does take,
and OPTIONS answered with 204 and that same `Allow` (no CORS headers: the page is same-origin, so
a browser's cross-site preflight gets no permission from it).

Starlette alone answers a wrong method with the methods of the first route whose path matched,
so OPTIONS /api/networks/import was "Allow: GET, HEAD" from GET /api/networks/{network_id}, and
POST /api/networks/{id} left out DELETE. Here every route whose path matches counts, and a
literal segment beats a parameter: /api/networks/import takes POST only, and a GET or DELETE on
it is a 405 rather than a search for a network called "import" (ids are random, never "import").
"""
from __future__ import annotations

import json

from fastapi.routing import iter_route_contexts
from starlette.routing import Match
from starlette.types import ASGIApp, Receive, Scope, Send


def allowed_methods(routes: list, scope: Scope) -> list[str] | None:
    """The methods the request's path takes, or None when no route has that path (a 404)."""
    best: tuple[int, set[str]] | None = None
    for route in routes:
        if not route.methods:
            continue  # a mount (static files): it answers for itself
        match, _ = route.matches(scope)
        if match == Match.NONE:
            continue
        params = len(route.param_convertors)
        if best is None or params < best[0]:
            best = (params, set(route.methods))
        elif params == best[0]:
            best[1].update(route.methods)
    if best is None:
        return None
    return sorted(best[1] | {"OPTIONS"})


class Methods:
    """Pure ASGI middleware in front of the router; ``routes`` is the app's live list of routes."""

    def __init__(self, app: ASGIApp, routes: list):
        self.app = app
        # FastAPI keeps included routers as such: their routes, flattened, as its router sees them.
        self.routes = list(iter_route_contexts(routes))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        allowed = allowed_methods(self.routes, scope)
        method = scope["method"]
        if allowed is None or (method in allowed and method != "OPTIONS"):
            await self.app(scope, receive, send)
            return
        allow = (b"allow", ", ".join(allowed).encode())
        if method == "OPTIONS":
            await send({"type": "http.response.start", "status": 204, "headers": [allow]})
            await send({"type": "http.response.body", "body": b""})
            return
        body = json.dumps({"detail": f"{method} is not a method of {scope['path']}: it takes "
                                     f"{', '.join(m for m in allowed if m not in ('HEAD', 'OPTIONS'))}"}).encode()
        await send({"type": "http.response.start", "status": 405, "headers": [
            allow, (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})
