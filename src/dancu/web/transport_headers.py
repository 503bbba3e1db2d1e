"""The headers every answer carries, and the request id (one pure ASGI middleware).

- The browser-facing security headers: a Content-Security-Policy (unless the route set its own),
  ``nosniff``, ``same-origin`` referrers, no framing.
- ``Cache-Control: no-store`` on every answer except the static assets: pages and API answers
  carry personal data (a record, a log, a receipt), and a shared or back-button cache must not keep
  them. A route that sets its own ``Cache-Control`` keeps it.
- ``Strict-Transport-Security`` when the deployment is on HTTPS: secure cookies on (the production
  default) or the request itself arrived over https.
- ``X-Request-Id``: the caller's, or one made here; it is also in ``scope["state"]``.

One middleware and one pass over the answer's raw header list: every request pays each middleware
layer's call and send wrapper, a share of a lookup's time that two layers and Starlette's
``MutableHeaders`` (a scan of the list per header set) doubled.
"""

from __future__ import annotations

import os

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
)
HSTS = "max-age=31536000; includeSubDomains"
STATIC_PREFIX = "/static/"

RawHeaders = list[tuple[bytes, bytes]]
_ALWAYS: RawHeaders = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
]
_HSTS = (b"strict-transport-security", HSTS.encode("latin-1"))
_CSP = (b"content-security-policy", CSP.encode("latin-1"))
_NO_STORE = (b"cache-control", b"no-store")
# What this middleware sets whatever the route said (the rest only when the route set none).
_REPLACED = frozenset({name for name, _ in _ALWAYS} | {_HSTS[0], b"x-request-id"})


def _request_id(scope: Scope) -> str:
    name: bytes
    value: bytes
    for name, value in scope["headers"]:
        if name == b"x-request-id" and value:
            return value.decode("latin-1")
    return os.urandom(16).hex()


def with_headers(raw: RawHeaders, *, request_id: str, no_store: bool, hsts: bool) -> RawHeaders:
    """``raw`` (an answer's headers) with this middleware's, in one pass over it."""
    present = {name.lower() for name, _ in raw}
    out = [pair for pair in raw if pair[0].lower() not in _REPLACED] if present & _REPLACED else list(raw)
    if no_store and _NO_STORE[0] not in present:
        out.append(_NO_STORE)
    if hsts:
        out.append(_HSTS)
    if _CSP[0] not in present:
        out.append(_CSP)
    out.extend(_ALWAYS)
    out.append((b"x-request-id", request_id.encode("latin-1")))
    return out


class TransportHeadersMiddleware:
    def __init__(self, app: ASGIApp, *, https: bool) -> None:
        self.app = app
        self.https = https

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = _request_id(scope)
        scope.setdefault("state", {})["request_id"] = request_id
        hsts = self.https or scope.get("scheme") == "https"
        no_store = not scope["path"].startswith(STATIC_PREFIX)

        async def adding(message: Message) -> None:
            if message["type"] == "http.response.start":
                raw = list(message.get("headers", ()))
                message["headers"] = with_headers(raw, request_id=request_id, no_store=no_store, hsts=hsts)
            await send(message)

        await self.app(scope, receive, adding)
