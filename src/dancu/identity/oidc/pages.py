"""The authorization endpoint: log the citizen in, ask for consent, send the code back.

Errors about the client or its redirect URI are shown to the user (redirecting would hand the
error to an unverified site); every later error goes back to the relying party (RFC 6749 §4.1.2.1).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode, urlsplit

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader

from dancu.access.actor import Actor
from dancu.access.models import Organisation
from dancu.access.permissions import Permission
from dancu.access.policies import EKYC_GROUPS, ensure_level2
from dancu.errors import DomainError
from dancu.i18n import t
from dancu.identity.models import Account, AccountKind, LoginSession
from dancu.identity.oidc import actions, tokens
from dancu.identity.oidc.claims import ACR_RANK, Claim, acr_for, claims_for_scopes, required_rank
from dancu.identity.oidc.models import ClientKind, OidcClient
from dancu.identity.sessions import current_login, second_factor_pending
from dancu.web.deps import DbSession, Public, Requires, language
from dancu.web.templating import make_templates, site_context
from dancu.web.transaction import UnitOfWorkRoute
from dancu.web.transport_headers import CSP

router = APIRouter(route_class=UnitOfWorkRoute, include_in_schema=False)

# The web templating's prefix loader takes one path segment per feature package, so this
# sub-package's templates are layered on top of the app's ("oidc/…", then layout.html and the rest).
_base = make_templates()
_base_loader = _base.env.loader
assert _base_loader is not None
_own = PrefixLoader({"oidc": FileSystemLoader(Path(__file__).parent / "templates")})
_templates = Jinja2Templates(
    env=_base.env.overlay(loader=ChoiceLoader([_own, _base_loader])), context_processors=[site_context]
)


def render(request: Request, name: str, context: dict[str, Any], *, status_code: int = 200) -> Response:
    base = {"lang": language(request)}
    return _templates.TemplateResponse(request, name, base | context, status_code=status_code)


PARAMS = (
    "response_type",
    "client_id",
    "redirect_uri",
    "scope",
    "state",
    "nonce",
    "code_challenge",
    "code_challenge_method",
    "acr_values",
    "prompt",
    "request",
    "request_uri",
)
MAX_PARAM = 2048


class AuthorizeError(Exception):
    """An error to send back to the relying party's redirect URI."""

    def __init__(self, error: str, description: str) -> None:
        super().__init__(error)
        self.error = error
        self.description = description


@dataclass
class AuthRequest:
    client: OidcClient
    redirect_uri: str
    params: dict[str, str]
    scopes: list[str]
    claims: list[Claim]

    def back(self, **values: str) -> RedirectResponse:
        if "state" in self.params:
            values["state"] = self.params["state"]
        separator = "&" if "?" in self.redirect_uri else "?"
        return RedirectResponse(self.redirect_uri + separator + urlencode(values), status_code=303)


def _page_error(request: Request, message: str, *, status: int = 400, back: str | None = None) -> Response:
    return render(request, "oidc/error.html", {"message": message, "back": back}, status_code=status)


async def _client_and_redirect(session: DbSession, params: dict[str, str]) -> tuple[OidcClient, str] | str:
    """The client and its registered redirect URI, or the key of the message to show the user."""
    client = await tokens.client_by_id(session, params.get("client_id", ""))
    if client is None or client.kind is not ClientKind.RELYING_PARTY:
        return "oidc_error.unknown_client"
    redirect_uri = params.get("redirect_uri", "")
    if redirect_uri not in client.redirect_uris:
        return "oidc_error.redirect_mismatch"
    return client, redirect_uri


def _validate(client: OidcClient, redirect_uri: str, params: dict[str, str]) -> AuthRequest:
    request = AuthRequest(client, redirect_uri, params, [], [])
    # Discovery says request_uri_parameter_supported and request_parameter_supported are false:
    # a request object is refused, not ignored (OIDC Core 6.1, 6.2).
    if "request_uri" in params:
        raise AuthorizeError("request_uri_not_supported", "the request_uri parameter is not supported")
    if "request" in params:
        raise AuthorizeError("request_not_supported", "the request parameter is not supported")
    if params.get("response_type") != "code":
        raise AuthorizeError("unsupported_response_type", "only response_type=code is supported")
    scopes = params.get("scope", "").split()
    if "openid" not in scopes:
        raise AuthorizeError("invalid_scope", "the openid scope is required")
    if not params.get("code_challenge") or params.get("code_challenge_method") != "S256":
        raise AuthorizeError("invalid_request", "PKCE with code_challenge_method=S256 is required")
    if not 43 <= len(params["code_challenge"]) <= 128:
        raise AuthorizeError("invalid_request", "code_challenge is malformed")
    if params.get("prompt") == "none":
        raise AuthorizeError("interaction_required", "the user must log in and consent")
    request.scopes = [s for s in dict.fromkeys(scopes) if s in ("openid", "profile", "pin", "address")]
    request.claims = claims_for_scopes(request.scopes, client.allowed_claims)
    return request


async def _parse(session: DbSession, raw: dict[str, str]) -> AuthRequest | str:
    params = {k: v for k, v in raw.items() if k in PARAMS and v}
    if any(len(v) > MAX_PARAM for v in params.values()):
        return "oidc_error.parameter_too_long"
    found = await _client_and_redirect(session, params)
    if isinstance(found, str):
        return found
    return _validate(*found, params)


def _logged_in(login: LoginSession | None) -> bool:
    return login is not None and not second_factor_pending(login)


def _level_error(request: Request, auth: AuthRequest, account: Account) -> Response | None:
    needed = required_rank(auth.params.get("acr_values"))
    if ACR_RANK[acr_for(account.eid_level)] >= needed:
        return None
    back = auth.back(error="unmet_authentication_requirements", error_description="e-ID level 2 is required")
    message = t("oidc_error.level2_required", language(request), client=auth.client.name)
    return _page_error(request, message, status=403, back=back.headers["location"])


# Claims that identify the person for eKYC (the PIN); releasing them to a k2 party needs level 2.
EKYC_CLAIMS = frozenset({Claim.PIN.value})


async def _ekyc_level_error(
    request: Request, session: DbSession, auth: AuthRequest, account: Account, claims: list[str]
) -> Response | None:
    """Releasing eKYC claims to a k2 relying party (a bank, a telecom) needs a level-2 e-ID."""
    if not EKYC_CLAIMS & set(claims):
        return None
    organisation = await session.get(Organisation, auth.client.organisation_id)
    if organisation is None or organisation.actor_group not in EKYC_GROUPS:
        return None
    try:
        ensure_level2(account.eid_level.value if account.eid_level else None)
    except DomainError as exc:
        back = auth.back(
            error="unmet_authentication_requirements", error_description="e-ID level 2 is required"
        )
        message = f"{auth.client.name}: {t(exc.code, language(request), **exc.params)}"
        return _page_error(request, message, status=exc.status, back=back.headers["location"])
    return None


@router.get(
    "/oidc/authorize", dependencies=[Depends(Public("OIDC authorization: logs the user in via /login"))]
)
async def authorize(request: Request, session: DbSession) -> Response:
    try:
        auth = await _parse(session, dict(request.query_params))
    except AuthorizeError as exc:
        found = await _client_and_redirect(session, dict(request.query_params))
        assert not isinstance(found, str)  # _parse reports client errors as messages
        return AuthRequest(found[0], found[1], dict(request.query_params), [], []).back(
            error=exc.error, error_description=exc.description
        )
    if isinstance(auth, str):
        return _page_error(request, t(auth, language(request)))
    login = await current_login(request, session)
    if login is None or not _logged_in(login) or not request.state.login_from_cookie:
        return RedirectResponse(
            "/login?" + urlencode({"next": str(request.url.path) + "?" + request.url.query}), 303
        )
    return await _consent_or_code(request, session, auth, login)


async def _consent_or_code(
    request: Request, session: DbSession, auth: AuthRequest, login: LoginSession
) -> Response:
    account = login.account
    if account.kind is not AccountKind.CITIZEN or account.citizen_id is None:
        return auth.back(
            error="access_denied", error_description="only citizens' e-ID accounts may log in here"
        )
    if (refused := _level_error(request, auth, account)) is not None:
        return refused
    wanted = [c.value for c in auth.claims]
    consent = await actions.active_consent(session, account.id, auth.client)
    if consent is not None and set(wanted) <= set(consent.claims) and auth.params.get("prompt") != "consent":
        if (refused := await _ekyc_level_error(request, session, auth, account, wanted)) is not None:
            return refused
        return await _issue_code(session, auth, login, wanted)
    organisation = await session.get(Organisation, auth.client.organisation_id)
    context = {
        "client": auth.client,
        "organisation": organisation,
        "claims": auth.claims,
        "params": auth.params,
        "csrf_token": login.csrf_token,
        "level": acr_for(account.eid_level)[-1],
        "lang": language(request),
    }
    response = render(request, "oidc/consent.html", context)
    # The approved form ends in a redirect to the relying party: CSP form-action must allow it.
    response.headers["Content-Security-Policy"] = CSP.replace(
        "form-action 'self'", f"form-action 'self' {_origin(auth.redirect_uri)}"
    )
    return response


def _origin(uri: str) -> str:
    parts = urlsplit(uri)
    return f"{parts.scheme}://{parts.netloc}"


async def _issue_code(
    session: DbSession, auth: AuthRequest, login: LoginSession, claims: list[str]
) -> Response:
    code = await actions.create_code(
        session,
        client=auth.client,
        account=login.account,
        redirect_uri=auth.redirect_uri,
        code_challenge=auth.params["code_challenge"],
        nonce=auth.params.get("nonce"),
        scopes=auth.scopes,
        claims=claims,
        auth_time=login.second_factor_passed_at or login.created_at,
    )
    return auth.back(code=code)


@router.post("/oidc/authorize", response_class=HTMLResponse)
async def consent_submit(
    request: Request, session: DbSession, actor: Annotated[Actor, Depends(Requires(Permission.SELF))]
) -> Response:
    """The consent form (cookie session and CSRF token checked by ``Requires``)."""
    login = await current_login(request, session)
    if login is None or not request.state.login_from_cookie:
        # An access token must never be able to grant consent for the citizen.
        return _page_error(request, t("oidc_error.browser_needed", language(request)), status=403)
    form = await request.form()
    raw = {k: v for k, v in form.multi_items() if isinstance(v, str) and k in PARAMS}
    try:
        auth = await _parse(session, raw)
    except AuthorizeError as exc:
        return _page_error(
            request, t("oidc_error.invalid_request", language(request), detail=exc.description)
        )
    if isinstance(auth, str):
        return _page_error(request, t(auth, language(request)))
    if login.account.kind is not AccountKind.CITIZEN or login.account.citizen_id is None:
        return auth.back(
            error="access_denied", error_description="only citizens' e-ID accounts may log in here"
        )
    if (refused := _level_error(request, auth, login.account)) is not None:
        return refused
    if form.get("decision") != "approve":
        return auth.back(error="access_denied", error_description="the citizen declined")
    offered = {c.value for c in auth.claims}
    chosen = [c for c in dict.fromkeys(str(v) for v in form.getlist("claims")) if c in offered]
    if (refused := await _ekyc_level_error(request, session, auth, login.account, chosen)) is not None:
        return refused
    await actions.grant_consent(session, login.account.id, auth.client, chosen, actor=actor)
    return await _issue_code(session, auth, login, chosen)
