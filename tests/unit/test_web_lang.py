"""The language of a request: decided once, where ``request.state`` keeps it."""

from __future__ import annotations

from starlette.requests import Request

from dancu.i18n import Lang
from dancu.web.lang import language


def _request(*headers: tuple[bytes, bytes]) -> Request:
    return Request({"type": "http", "method": "GET", "path": "/", "headers": list(headers)})


def test_the_cookie_wins_over_the_browser_and_vietnamese_is_the_default() -> None:
    assert language(_request((b"accept-language", b"en-US,en;q=0.9"))) is Lang.EN
    assert language(_request((b"accept-language", b"en"), (b"cookie", b"lang=vi"))) is Lang.VI
    assert language(_request()) is Lang.VI


def test_decided_once_per_request_and_kept_on_its_state() -> None:
    request = _request((b"accept-language", b"en"))
    assert language(request) is Lang.EN
    assert request.state.lang is Lang.EN  # what templates and handlers read through the state
    request.state.lang = Lang.VI  # a switch made later in the request (as a page's own choice)
    assert language(request) is Lang.VI
