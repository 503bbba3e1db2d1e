"""Rate limits: per client address for every request, per account for authenticated ones.

Token buckets held in memory by each worker process: a bucket of ``per_minute`` tokens refilled at
``per_minute / 60`` a second; a request takes one, and an empty bucket answers 429 problem+json
with ``Retry-After`` (seconds until a token is back). With N workers a client may get up to N times
the limit; that is accepted for a guard against floods and scripted guessing (exact, shared counts
would need a shared store). Behind a reverse proxy, run uvicorn with ``--proxy-headers`` and
``--forwarded-allow-ips`` so the client address is the caller's, not the proxy's.

The address limit is a pure ASGI middleware and applies before anything else is done; the account
limit is taken in :class:`dancu.web.deps.Requires` once the caller is known, so one account cannot
spread a flood over many addresses. ``0`` switches a limit off.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from dancu.errors import DomainError
from dancu.web import problems

MAX_KEYS = 100_000  # idle buckets are forgotten beyond this many


class TooManyRequests(DomainError):
    status = 429

    def __init__(self, retry_after: int) -> None:
        super().__init__("http.too_many_requests", retry_after=retry_after)
        self.headers = {"Retry-After": str(retry_after)}


@dataclass
class _Bucket:
    tokens: float
    at: float


class Buckets:
    """Token buckets by key; ``take`` returns 0 when allowed, else the seconds to wait."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0
        self.clock = clock
        self.buckets: dict[str, _Bucket] = {}

    def take(self, key: str) -> int:
        if self.capacity <= 0:
            return 0
        now = self.clock()
        bucket = self.buckets.get(key)
        if bucket is None:
            if len(self.buckets) >= MAX_KEYS:
                self._forget_idle(now)
            bucket = self.buckets[key] = _Bucket(self.capacity, now)
        bucket.tokens = min(self.capacity, bucket.tokens + (now - bucket.at) * self.rate)
        bucket.at = now
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return 0
        return max(1, math.ceil((1 - bucket.tokens) / self.rate))

    def _forget_idle(self, now: float) -> None:
        full = [k for k, b in self.buckets.items() if b.tokens + (now - b.at) * self.rate >= self.capacity]
        for key in full or list(self.buckets)[: MAX_KEYS // 10]:
            del self.buckets[key]


class ClientRateLimitMiddleware:
    def __init__(self, app: ASGIApp, *, per_minute: int) -> None:
        self.app = app
        self.buckets = Buckets(per_minute)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/static/"):
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        wait = self.buckets.take(f"ip:{client[0] if client else '-'}")
        if wait:
            request = Request(scope, receive)
            await problems.problem_response(request, TooManyRequests(wait))(scope, receive, send)
            return
        await self.app(scope, receive, send)


def account_buckets(request: Request) -> Buckets:
    """The app's per-account buckets (made on first use from the app's settings)."""
    state = request.app.state
    if not hasattr(state, "account_buckets"):
        state.account_buckets = Buckets(state.settings.rate_limit_account_per_minute)
    buckets: Buckets = state.account_buckets
    return buckets


def take_for_account(request: Request, key: str) -> None:
    wait = account_buckets(request).take(key)
    if wait:
        raise TooManyRequests(wait)
