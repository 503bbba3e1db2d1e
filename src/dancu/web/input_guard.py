"""One rule for every string a client sends: no control characters (pure ASGI).

A NUL (``%00``, ``\\u0000``) is refused by PostgreSQL (the request failed with a 500 and a dropped
connection) and stored as-is by SQLite, so the engines disagreed about the same input. Other
control characters and lone surrogates have no place in names, addresses or reasons either, and
break exports (CSV, XML, PDF). Tab, line feed and carriage return are allowed: free-text fields
span lines.

Checked before any route runs, whatever the route: the path, every query parameter (name and
value), URL-encoded forms and JSON bodies (every key and string value, at any depth). The answer
is 422 problem+json naming the parameter or the field's dotted path with the rule
``control_character`` (OAuth endpoints: 400 ``invalid_request``, as RFC 6749 has it). Multipart
forms are checked as they stream (dancu.web.multipart_guard): field names, file names and text
fields; the files' contents (CSV, XML, PDF) are checked by their own parsers.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dancu.errors import DomainError, FieldProblem
from dancu.web import problems
from dancu.web.multipart_guard import MultipartScan

RULE = "control_character"
# C0 controls except tab, LF, CR; DEL; C1 controls; lone surrogates (invalid in UTF-8).
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
FORM = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"
# Endpoints whose clients speak OAuth 2.0 (RFC 6749 §5.2 errors) rather than problem+json.
OAUTH_ENDPOINTS = frozenset({"/oidc/token", "/oidc/revoke", "/oidc/userinfo"})


def has_control(value: str) -> bool:
    return FORBIDDEN.search(value) is not None


def _json_strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    """(dotted path, string) for every key and string value in a JSON document."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            inner = f"{path}.{key}" if path else str(key)
            yield inner, str(key)
            yield from _json_strings(item, inner)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _json_strings(item, f"{path}.{index}" if path else str(index))


def _pairs_problem(pairs: list[tuple[str, str]]) -> str | None:
    for name, value in pairs:
        if has_control(name) or has_control(value):
            return name if not has_control(name) else "query"
    return None


def _query_problem(scope: Scope) -> str | None:
    if has_control(scope["path"]):
        return "path"
    raw = scope.get("query_string", b"").decode("latin-1")
    return _pairs_problem(parse_qsl(raw, keep_blank_values=True, encoding="utf-8", errors="replace"))


def _body_problem(media: str, body: bytes) -> str | None:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return None  # the route's own parser answers for undecodable bodies
    if media == FORM:
        return _pairs_problem(parse_qsl(text, keep_blank_values=True))
    if "\\" not in text and not has_control(text):
        # Without a backslash a JSON document has no escapes: every key and string in it is a run
        # of this text, so none holds a forbidden character and the document need not be parsed
        # here (the route parses it; on the lookups' hot path that was the body's second parse).
        return None
    try:
        document = json.loads(text)
    except ValueError:
        return None
    return next((path or "body" for path, value in _json_strings(document, "") if has_control(value)), None)


def _media(scope: Scope) -> str:
    header = bytes(dict(scope["headers"]).get(b"content-type", b"")).decode("latin-1")
    return header.split(";")[0].strip().lower()


def _checked(media: str) -> bool:
    return media == FORM or media == "application/json" or media.endswith("+json")


class InputGuardMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        field = _query_problem(scope)
        if field is not None:
            await _refuse(scope, receive, send, field)
            return
        media = _media(scope)
        if media == MULTIPART:
            await _guard_multipart(self.app, scope, receive, send)
            return
        if not _checked(media):
            await self.app(scope, receive, send)
            return
        # The body is bounded by the body limit (outside this middleware), so it may be held.
        body, more = b"", True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                await self.app(scope, receive, send)
                return
            body += message.get("body", b"")
            more = message.get("more_body", False)
        field = _body_problem(media, body)
        if field is not None:
            await _refuse(scope, receive, send, field)
            return
        await self.app(scope, replay(body, receive), send)


class _Refused(Exception):
    """Stops the route's read of a multipart body once a part breaks the rule."""


async def _guard_multipart(app: ASGIApp, scope: Scope, receive: Receive, send: Send) -> None:
    header = bytes(dict(scope["headers"]).get(b"content-type", b"")).decode("latin-1")
    scan = MultipartScan(header, has_control)
    started = False

    async def scanning() -> Message:
        message = await receive()
        if message["type"] == "http.request":
            scan.feed(message.get("body", b""))
            if scan.problem is not None:
                raise _Refused
        return message

    async def sending(message: Message) -> None:
        nonlocal started
        if scan.problem is None:  # after a refusal, the route's own error answer is dropped
            started = True
            await send(message)

    try:
        await app(scope, scanning, sending)
    except Exception:
        if scan.problem is None or started:
            raise
    if scan.problem is not None and not started:
        await _refuse(scope, receive, send, scan.problem)


def replay(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that gives ``body`` (already read) once, then whatever the client sends next."""
    sent = False

    async def replaying() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replaying


async def _refuse(scope: Scope, receive: Receive, send: Send, field: str) -> None:
    if scope["path"] in OAUTH_ENDPOINTS:
        # OAuth clients read RFC 6749 errors, not problem+json.
        description = f"{field} contains a control character"
        body = {"error": "invalid_request", "error_description": description}
        await JSONResponse(body, status_code=400)(scope, receive, send)
        return
    error = DomainError("validation.failed", status=422, problems=[FieldProblem(field, RULE)])
    await problems.problem_response(Request(scope, receive), error)(scope, receive, send)
