"""The language of a request: the ``lang`` cookie (the visible switch) over the browser's
Accept-Language, Vietnamese by default; decided once per request."""

from __future__ import annotations

from fastapi import Request

from dancu.i18n import Lang, negotiate


def language(request: Request) -> Lang:
    cached = getattr(request.state, "lang", None)
    if cached is None:
        cached = negotiate(request.headers.get("accept-language"), request.cookies.get("lang"))
        request.state.lang = cached
    return cached
