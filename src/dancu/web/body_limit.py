"""A request body limit on every route, enforced as the bytes arrive (pure ASGI).

A declared ``Content-Length`` over the limit is refused before the application runs; a body
without one (chunked) is counted as it is received and refused the moment it passes the limit,
so no route can be made to hold more than its limit in memory. The refusal is 413 problem+json.

Most routes take small JSON or form bodies (``DANCU_BODY_MAX_BYTES``, 1 MiB). The routes that
take files have their own, larger limit from settings: :data:`UPLOADS` lists them. They read their
body as a stream (reconciliation stages it row by row), so a large limit does not mean a large
buffer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dancu.errors import DomainError
from dancu.settings import Settings
from dancu.web import problems

# Routes that accept files, and the setting that bounds each. Attachments travel base64 inside
# JSON (4/3 of their size) or as multipart parts, several to a request: ``upload_max_bytes``.
UPLOADS: tuple[tuple[str, str], ...] = (
    (r"/api/v1/reconciliations", "reconcile_max_bytes"),
    (r"/api/v1/qcvn109/(validate|imports)", "upload_max_bytes"),
    (r"/api/v1/requests(/[^/]+/clarification)?", "upload_max_bytes"),
    (r"/api/v1/eid/me/corrections", "upload_max_bytes"),
    (r"/cong/de-nghi/(moi|[^/]+/bo-sung)", "upload_max_bytes"),
    (r"/officer/requests/written", "upload_max_bytes"),
    (r"/app/corrections/new", "upload_max_bytes"),
    (r"/xac-minh/[^/]+", "upload_max_bytes"),
)


def too_large(limit: int) -> DomainError:
    return DomainError("http.payload_too_large", status=413, limit=limit)


class BodyTooLarge(problems.ProblemHTTPException):
    """Raised from ``receive`` when the counted body passes the limit."""

    def __init__(self, limit: int) -> None:
        super().__init__(too_large(limit))


@dataclass(frozen=True)
class _Rule:
    pattern: re.Pattern[str]
    limit: int


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.default = settings.body_max_bytes
        self.rules = tuple(_Rule(re.compile(p), int(getattr(settings, name))) for p, name in UPLOADS)

    def limit_for(self, path: str) -> int:
        for rule in self.rules:
            if rule.pattern.fullmatch(path):
                return rule.limit
        return self.default

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        declared = b""
        for name, value in scope["headers"]:
            if name == b"content-length":
                declared = value  # the last one, as a dict of the headers would keep
        if declared.isdigit() and int(declared) > limit:
            await _refuse(scope, receive, send, limit)
            return
        received = 0

        async def counting() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        started = False

        async def watching(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting, watching)
        except BodyTooLarge:
            # Read outside the routes' error handling (a middleware, a background read): answer
            # here unless an answer has already begun.
            if started:
                raise
            await _refuse(scope, receive, send, limit)


async def _refuse(scope: Scope, receive: Receive, send: Send, limit: int) -> None:
    response = problems.problem_response(Request(scope, receive), too_large(limit))
    response.headers["Connection"] = "close"
    await response(scope, receive, send)
