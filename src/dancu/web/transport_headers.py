"""Headers that keep answers out of caches and browsers on HTTPS (pure ASGI).

``Cache-Control: no-store`` goes on every answer except the static assets: pages and API answers
carry personal data (a record, a log, a receipt), and a shared or back-button cache must not keep
them. A route that sets its own ``Cache-Control`` keeps it. ``Strict-Transport-Security`` is sent
when the deployment is on HTTPS: secure cookies on (the production default) or the request itself
arrived over https.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

HSTS = "max-age=31536000; includeSubDomains"
STATIC_PREFIX = "/static/"


class TransportHeadersMiddleware:
    def __init__(self, app: ASGIApp, *, https: bool) -> None:
        self.app = app
        self.https = https

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        hsts = self.https or scope.get("scheme") == "https"
        cacheable = scope["path"].startswith(STATIC_PREFIX)

        async def adding(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if not cacheable and "cache-control" not in headers:
                    headers["Cache-Control"] = "no-store"
                if hsts:
                    headers["Strict-Transport-Security"] = HSTS
            await send(message)

        await self.app(scope, receive, adding)
