"""Pure ASGI middleware around every request: who may change things (Origin), the body's size and
time limits, security headers on every answer, and JSON for any 5xx.

It sits inside Starlette's ServerErrorMiddleware, so an exception no handler answered reaches it
first: it sends the JSON answer itself (507 for a full disk, else 500), with the headers below,
and re-raises a 500 so that the server still logs the traceback.
"""
import asyncio
import json
import logging

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from . import clients, errors, frame_policy, limits

PAGE_CSP = "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
# Swagger UI on /docs (local files, see routers/docs.py) draws its icons from data: URLs.
DOCS_CSP = PAGE_CSP + "; img-src 'self' data:"
SECURITY_HEADERS = [(b"x-content-type-options", b"nosniff"), (b"x-frame-options", b"DENY"),
                    (b"referrer-policy", b"no-referrer")]
# Only the page itself may be framed, and only by the sites BACKPROP_LAB_FRAME_ANCESTORS lists
# (app/frame_policy.py: the risk, and why the API's answers stay unframeable).
FRAMED_PAGE_CSP = PAGE_CSP.replace("frame-ancestors 'none'", "frame-ancestors " + " ".join(frame_policy.SOURCES))
_FRAMED_XFO = frame_policy.x_frame_options(frame_policy.SOURCES)
FRAMED_PAGE_HEADERS = [h for h in SECURITY_HEADERS if h[0] != b"x-frame-options"] + (
    [(b"x-frame-options", _FRAMED_XFO)] if _FRAMED_XFO else [])

log = logging.getLogger("app")


async def send_json(send: Send, status: int, detail: str, headers: list[tuple[bytes, bytes]] = ()) -> None:
    body = json.dumps({"detail": detail}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()), *headers]})
    await send({"type": "http.response.body", "body": body})


class LimitsAndHeaders:
    def __init__(self, app: ASGIApp, max_body: int = limits.MAX_BODY_BYTES):
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp, security = {"/docs": (DOCS_CSP, SECURITY_HEADERS), "/": (FRAMED_PAGE_CSP, FRAMED_PAGE_HEADERS)}.get(
            scope["path"], (PAGE_CSP, SECURITY_HEADERS))
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = [*message.get("headers", []), (b"content-security-policy", csp.encode()),
                           *security]
                message = {**message, "headers": headers}
            await send(message)

        origin = clients.foreign_origin(scope)
        if origin is not None:
            await send_json(send_with_headers, 403, (
                f"requests that change something are not accepted from pages of other sites (Origin "
                f"{origin}): use the page this server serves, or an API client that sends no Origin; "
                "whoever runs the server can allow a site with BACKPROP_LAB_ALLOWED_ORIGINS"))
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_body):
            await self._too_large(send_with_headers)
            return
        # Read the whole body here, before the app: FastAPI turns any error raised while it reads
        # the body into a 400, so a chunked body without Content-Length must be counted up front;
        # and a body that trickles in must not hold the request open for ever.
        chunks, received, more = [], 0, True
        try:
            async with asyncio.timeout(limits.BODY_TIMEOUT_SECONDS):
                while more:
                    message = await receive()
                    if message["type"] != "http.request":
                        return  # the client went away
                    chunks.append(message.get("body", b""))
                    received += len(chunks[-1])
                    if received > self.max_body:
                        await self._too_large(send_with_headers)
                        return
                    more = message.get("more_body", False)
        except TimeoutError:
            await send_json(send_with_headers, 408, (
                f"the request body did not arrive within {limits.BODY_TIMEOUT_SECONDS:g} s ({received} "
                "bytes came): send it all at once, or a smaller one"), [(b"connection", b"close")])
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": b"".join(chunks), "more_body": False}

        try:
            await self.app(scope, replay, send_with_headers)
        except Exception as error:
            if started:
                raise  # a stream broke half-way: too late for another status
            status, detail = errors.server_error(error)
            await send_json(send_with_headers, status, detail, [(b"retry-after", b"60")] if status != 500 else [])
            if status == 500:
                raise
            log.warning("%s %s: %d, %s", scope["method"], scope["path"], status, error)

    async def _too_large(self, send: Send) -> None:
        await send_json(send, 413, f"the request body is larger than {self.max_body} bytes: send less")
