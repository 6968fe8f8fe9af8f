"""Pure ASGI middleware: request body size limit and security headers."""
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from . import limits

PAGE_CSP = "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
# Swagger UI on /docs (local files, see routers/docs.py) draws its icons from data: URLs.
DOCS_CSP = PAGE_CSP + "; img-src 'self' data:"


class LimitsAndHeaders:
    def __init__(self, app: ASGIApp, max_body: int = limits.MAX_BODY_BYTES):
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = DOCS_CSP if scope["path"] == "/docs" else PAGE_CSP

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [(b"content-security-policy", csp.encode()),
                            (b"x-content-type-options", b"nosniff"),
                            (b"x-frame-options", b"DENY"),
                            (b"referrer-policy", b"no-referrer")]
                message = {**message, "headers": headers}
            await send(message)

        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_body):
            await self._too_large(send_with_headers)
            return
        # Read the whole body here, before the app: FastAPI turns any error raised while it reads
        # the body into a 400, so a chunked body without Content-Length must be counted up front.
        chunks, received, more = [], 0, True
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
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": b"".join(chunks), "more_body": False}

        await self.app(scope, replay, send_with_headers)

    async def _too_large(self, send: Send) -> None:
        body = (b'{"detail":"the request body is larger than %d bytes: send less"}' % self.max_body)
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})
