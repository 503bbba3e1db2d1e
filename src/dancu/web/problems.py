"""One mapping from errors to RFC 9457 problem+json (API) or an error page (pages), vi and en."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException

from dancu.db.faults import describe, is_unavailable
from dancu.errors import DomainError, FieldProblem, Unauthenticated
from dancu.i18n import Lang, negotiate, t
from dancu.web.homes import back_link, home_for
from dancu.web.templating import render

log = logging.getLogger("dancu.web")

PROBLEM_TYPE = "https://dancu.vn/problems/"
MEDIA_TYPE = "application/problem+json"
SECOND_FACTOR_PAGES = {
    "auth.second_factor_required": "/login/second-factor",
    "auth.second_factor_enrolment_required": "/login/totp-setup",
}


class ProblemHTTPException(StarletteHTTPException):
    """An HTTPException carrying its problem: raised where only HTTPException passes through
    untouched (FastAPI turns any other error during body parsing into a 400)."""

    def __init__(self, problem: DomainError) -> None:
        super().__init__(status_code=problem.status)
        self.problem = problem


def _lang(request: Request) -> Lang:
    return negotiate(request.headers.get("accept-language"), request.cookies.get("lang"))


def wants_html(request: Request) -> bool:
    return not request.url.path.startswith(("/api/", "/.well-known/")) and "text/html" in request.headers.get(
        "accept", ""
    )


def field_message(problem: FieldProblem, lang: Lang) -> str:
    return t(f"rule.{problem.rule}", lang, field=problem.field, **problem.params)


def problem_body(request: Request, exc: DomainError) -> dict[str, Any]:
    lang = _lang(request)
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE + exc.code,
        "title": t(exc.code, lang, **exc.params),
        "status": exc.status,
        "code": exc.code,
        "instance": request.url.path,
    }
    if exc.problems:
        body["errors"] = [
            {"field": p.field, "rule": p.rule, "message": field_message(p, lang)} for p in exc.problems
        ]
        body["detail"] = "; ".join(f"{p.field}: {field_message(p, lang)}" for p in exc.problems)
    return body


def problem_response(request: Request, exc: DomainError) -> Response:
    if wants_html(request):
        if isinstance(exc, Unauthenticated):
            # A session waiting for its second factor goes on to that step, not back to the password.
            step = SECOND_FACTOR_PAGES.get(exc.code, "/login")
            return RedirectResponse(f"{step}?next={quote(request.url.path)}", status_code=303)
        context = {
            "problem": problem_body(request, exc),
            "back": back_link(request),
            "home": home_for(getattr(request.state, "authenticated_actor", None)),
        }
        return render(request, "error.html", context, status_code=exc.status)
    headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else getattr(exc, "headers", None)
    if exc.status == 429 and headers is None and isinstance(exc.params.get("seconds"), int):
        headers = {"Retry-After": str(exc.params["seconds"])}
    return JSONResponse(
        problem_body(request, exc), status_code=exc.status, media_type=MEDIA_TYPE, headers=headers
    )


def _location(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header", "cookie", "form")]
    return ".".join(parts) or str(loc[0] if loc else "body")


def validation_problems(exc: RequestValidationError) -> list[FieldProblem]:
    problems = []
    for err in exc.errors():
        ctx = {k: v for k, v in (err.get("ctx") or {}).items() if isinstance(v, str | int | float)}
        rule = str(err.get("type", "invalid"))
        if rule == "value_error" and isinstance((err.get("ctx") or {}).get("error"), ValueError):
            # Our validators raise ValueError("rule_key"): keep the rule key they chose.
            rule = str(err["ctx"]["error"])
        problems.append(FieldProblem(_location(tuple(err.get("loc", ()))), rule, ctx))
    return problems


def unavailable_response(request: Request, exc: BaseException) -> Response:
    """503 with Retry-After: the database is down or changing primaries; the client retries."""
    retry_after = str(request.app.state.settings.unavailable_retry_after_seconds)
    log.warning(
        "database unavailable, answering 503 (Retry-After %s s) to %s %s: %s",
        retry_after,
        request.method,
        request.url.path,
        describe(exc),
    )
    response = problem_response(request, DomainError("db.unavailable", status=503))
    response.headers["Retry-After"] = retry_after
    return response


async def _database_fault(request: Request, exc: Exception) -> Response:
    if is_unavailable(exc):
        return unavailable_response(request, exc)
    raise exc  # not a fault of availability: the generic handler answers 500 and logs it


def install(app: FastAPI) -> None:
    # Driver and pool errors that mean "database unreachable" are told apart from real bugs here;
    # the others are re-raised to the catch-all below.
    for fault in (DBAPIError, PoolTimeout, OSError):
        app.add_exception_handler(fault, _database_fault)

    @app.exception_handler(DomainError)
    async def _domain(request: Request, exc: DomainError) -> Response:
        return problem_response(request, exc)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        error = DomainError("validation.failed", status=422, problems=validation_problems(exc))
        return problem_response(request, error)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        if isinstance(exc, ProblemHTTPException):
            return problem_response(request, exc.problem)
        code = {404: "http.not_found", 405: "http.method_not_allowed"}.get(exc.status_code, "http.error")
        return problem_response(request, DomainError(code, status=exc.status_code))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        if is_unavailable(exc):  # a driver error that reached here unwrapped (raw asyncpg)
            return unavailable_response(request, exc)
        # Only the exception type is logged: values may hold personal data.
        log.error("unhandled %s on %s %s", type(exc).__name__, request.method, request.url.path)
        return problem_response(request, DomainError("http.internal", status=500))
