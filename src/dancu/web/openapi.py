"""The OpenAPI document states every error an operation can answer, and how callers authenticate.

FastAPI documents only success and a JSON 422. dancu answers every error as RFC 9457
``application/problem+json``, so each operation gets, from what the route itself declares:

- every operation: 400 (a domain rule), 422 (a parameter or field, control characters included),
  429 (rate limits, with ``Retry-After``) and, when it uses the database, 503;
- ``Requires`` (a permission): 401 (with ``WWW-Authenticate``) and 403, and the security schemes;
  unsafe methods behind it: 409 (a state conflict);
- path parameters: 404; a request body: 413 and 415.

OAuth endpoints (``/oidc/token``, ``/oidc/revoke``, ``/oidc/userinfo``) answer OAuth's own JSON
errors (RFC 6749 §5.2, RFC 6750 §3) and are documented so. Statuses a public route raises itself
(the login's 401, a lock-out's 429) are in :data:`EXTRA`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fastapi import FastAPI, routing
from fastapi.dependencies.models import Dependant
from fastapi.openapi.utils import get_openapi

from dancu.web.deps import Requires, get_session
from dancu.web.problems import MEDIA_TYPE
from dancu.web_tokens import SESSION_COOKIE

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
OAUTH_ERROR_REF = {"$ref": "#/components/schemas/OAuthError"}
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
OAUTH_ENDPOINTS = frozenset({"/oidc/token", "/oidc/revoke", "/oidc/userinfo"})
DESCRIPTIONS = {
    "400": "The request breaks a rule of the procedure",
    "401": "Login required, or the credentials are not valid",
    "403": "The caller may not do this",
    "404": "Not found",
    "409": "The current state does not allow this",
    "413": "The request body is too large",
    "415": "The body's media type is not accepted",
    "422": "A parameter or field is invalid (the problem names it and the rule)",
    "429": "Too many requests; retry after the given seconds",
    "503": "The service is temporarily unavailable; retry after the given seconds",
}
# Statuses public routes raise themselves, by path prefix.
EXTRA: dict[str, tuple[str, ...]] = {
    "/api/v1/auth/": ("401", "403", "409"),
    "/api/v1/eid/": ("401", "403", "409"),
    "/api/v1/documents/verify": ("404",),
    "/oidc/": ("401",),
}

PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "RFC 9457 problem details; ``code`` is dancu's stable error code",
    "required": ["type", "title", "status", "code"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "code": {"type": "string"},
        "instance": {"type": "string"},
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["field", "rule", "message"],
                "properties": {
                    "field": {"type": "string"},
                    "rule": {"type": "string"},
                    "message": {"type": "string"},
                },
            },
        },
    },
}
OAUTH_ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["error"],
    "properties": {"error": {"type": "string"}, "error_description": {"type": "string"}},
}
SECURITY_SCHEMES: dict[str, Any] = {
    "bearer": {
        "type": "http",
        "scheme": "bearer",
        "description": "A session token from /api/v1/auth/login, or an OpenID Connect access token",
    },
    "session": {"type": "apiKey", "in": "cookie", "name": SESSION_COOKIE, "description": "The login cookie"},
    "clientCredentials": {
        "type": "oauth2",
        "description": "Machine clients: client_credentials with private_key_jwt",
        "flows": {"clientCredentials": {"tokenUrl": "/oidc/token", "scopes": {}}},
    },
}
SECURITY: list[dict[str, list[str]]] = [{"bearer": []}, {"session": []}, {"clientCredentials": []}]


def _calls(dependant: Dependant) -> Iterator[Any]:
    for sub in dependant.dependencies:
        yield sub.call
        yield from _calls(sub)


def _statuses(path: str, method: str, dependant: Dependant, has_body: bool) -> set[str]:
    calls = list(_calls(dependant))
    found = {"400", "422", "429"}
    if any(call is get_session for call in calls):
        found.add("503")
    if any(isinstance(call, Requires) for call in calls):
        found |= {"401", "403"} | ({"409"} if method in UNSAFE else set())
    if "{" in path or has_body:
        found.add("404")  # the path's subject, or one the body refers to (a PIN, a household)
    if has_body:
        found |= {"413", "415"}
    for prefix, extra in EXTRA.items():
        if path.startswith(prefix):
            found |= set(extra)
    return found


def _response(status: str, oauth: bool) -> dict[str, Any]:
    media = "application/json" if oauth else MEDIA_TYPE
    answer: dict[str, Any] = {
        "description": DESCRIPTIONS[status],
        "content": {media: {"schema": OAUTH_ERROR_REF if oauth else PROBLEM_REF}},
    }
    if status in ("429", "503"):
        answer["headers"] = {"Retry-After": {"schema": {"type": "integer"}, "required": status == "429"}}
    if status == "401":
        answer["headers"] = {"WWW-Authenticate": {"schema": {"type": "string"}, "required": not oauth}}
    return answer


def _document(operation: dict[str, Any], context: Any, method: str) -> None:
    route = context.original_route
    path = context.path_format
    oauth = path in OAUTH_ENDPOINTS
    has_body = route.body_field is not None or "requestBody" in operation
    responses = operation.setdefault("responses", {})
    for status in sorted(_statuses(path, method, route.dependant, has_body)):
        responses[status] = _response(status, oauth and status in ("400", "401"))
    if any(isinstance(call, Requires) for call in _calls(route.dependant)):
        operation["security"] = SECURITY


def build(app: FastAPI) -> dict[str, Any]:
    document = get_openapi(title=app.title, version=app.version, summary=app.summary, routes=app.routes)
    for context in routing.iter_route_contexts(app.routes):
        route = context.original_route
        if not isinstance(route, routing.APIRoute) or not route.include_in_schema:
            continue
        for method in context.methods or ():
            operation = document["paths"].get(context.path_format, {}).get(method.lower())
            if operation is not None:
                _document(operation, context, method)
    components = document.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    schemas["Problem"], schemas["OAuthError"] = PROBLEM_SCHEMA, OAUTH_ERROR_SCHEMA
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)
    components["securitySchemes"] = SECURITY_SCHEMES
    return document


def install(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = build(app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
