"""The outermost middleware (pure ASGI: no extra task, no buffered body): it tells read routing who
the caller is, keeps the replicas' state fresh, hands a login's write mark back as a cookie, and
times each request for the latency histogram under its route template."""

from __future__ import annotations

import time
from http.cookies import SimpleCookie
from typing import TYPE_CHECKING

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dancu.db.routing import WAL_COOKIE, Caller, ReadRouter, begin_request, caller_key, end_request
from dancu.web_tokens import SESSION_COOKIE

if TYPE_CHECKING:
    from dancu.ops.metrics import Metrics


def _token_and_wal(scope: Scope) -> tuple[str | None, str | None]:
    """The caller's token (bearer, else the session cookie) and the write mark's cookie: one pass
    over the raw headers (the last of a repeated header counts), cookies parsed only when sent."""
    authorization, cookie = "", ""
    for name, value in scope.get("headers", ()):
        if name == b"authorization":
            authorization = value.decode("latin-1")
        elif name == b"cookie":
            cookie = value.decode("latin-1")
    cookies = SimpleCookie()
    if cookie:
        try:
            cookies.load(cookie)
        except Exception:  # a malformed Cookie header: the app's own parsing answers it
            cookies = SimpleCookie()
    wal = cookies[WAL_COOKIE].value if WAL_COOKIE in cookies else None
    if authorization.lower().startswith("bearer "):
        return authorization[7:].strip() or None, wal
    return (cookies[SESSION_COOKIE].value if SESSION_COOKIE in cookies else None), wal


def route_template(scope: Scope) -> str:
    """The matched route's path template (``/api/v1/citizens/{pin}``), never the raw path, so the
    label set stays small and holds no personal data."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) else "unmatched"


class OpsMiddleware:
    def __init__(
        self, app: ASGIApp, *, router: ReadRouter, metrics: Metrics, cookie_secure: bool, wal_ttl: int
    ) -> None:
        self.app = app
        self.router = router
        self.metrics = metrics
        self.cookie_secure = cookie_secure
        self.wal_ttl = wal_ttl

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        token, wal = _token_and_wal(scope)
        caller, context = begin_request(caller_key(token), wal)
        started = time.perf_counter()
        status = 500

        async def send_with_mark(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                if caller.committed_lsn is not None:
                    message.setdefault("headers", [])
                    message["headers"] = [*message["headers"], self._wal_cookie(caller)]
            await send(message)

        try:
            await self.router.probe_if_due()
            await self.app(scope, receive, send_with_mark)
        finally:
            end_request(context)
            self.metrics.observe(scope, status, time.perf_counter() - started)

    def _wal_cookie(self, caller: Caller) -> tuple[bytes, bytes]:
        secure = "; Secure" if self.cookie_secure else ""
        value = f"{WAL_COOKIE}={caller.committed_lsn}; Path=/; Max-Age={self.wal_ttl}; HttpOnly; SameSite=Lax"
        return b"set-cookie", (value + secure).encode("latin-1")
