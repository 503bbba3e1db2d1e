"""The undetermined-nationality procedure in the officer console: the work queue by deadline (overdue
flagged), the declaration form, a page per dossier with each step, and the identity certificate's
issue, dispatch, hand-over and renewal. Pages parse forms into the API's models and call the same
use cases; a rejected form comes back with a message beside each field."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.access.permissions import OfficerRole, Permission
from dancu.calendar.queries import load_calendar
from dancu.competence.models import Recommendation
from dancu.competence.schemas import ProposalIn
from dancu.enums.registry import Sex
from dancu.errors import DomainError
from dancu.i18n import Lang, t
from dancu.registry.pages_common import address_input, choices
from dancu.registry.pages_forms import collect_body
from dancu.undetermined import use_cases
from dancu.undetermined.policies import CertificateStatus, DossierStatus
from dancu.undetermined.schemas import (
    Biometric,
    ComparisonAnswerIn,
    DeclarationIn,
    ExtensionIn,
    RefusalIn,
    ReplyHandOverIn,
    ResidenceCheckIn,
)
from dancu.undetermined.use_cases import DossierView
from dancu.undetermined.views import certificate_rows
from dancu.web.deps import DbSession, Requires, language
from dancu.web.pages import discard, enum_options, failure, page, present, read_form
from dancu.web.params import Flag
from dancu.web.transaction import UnitOfWorkRoute

router = APIRouter(route_class=UnitOfWorkRoute, include_in_schema=False)
HANDLE = Depends(Requires(Permission.UNDETERMINED_HANDLE))
ISSUE = Depends(Requires(Permission.CERTIFICATE_ISSUE))
RENEW = Depends(Requires(Permission.CERTIFICATE_RENEW))
Reference = Annotated[str, Path(pattern=r"^XX-[0-9]{4}-[0-9]{6,}$")]
Number = Annotated[str, Path(pattern=r"^[0-9]{9}-[0-9]{4}-[A-Z]{2,10}$")]
PinPath = Annotated[str, Path(pattern=r"^[0-9]{12}$")]
BASE = "/officer/undetermined"
DECLARATION_KEYS = [
    "full_name.family",
    "full_name.middle",
    "full_name.given",
    "full_name",
    "date_of_birth",
    "sex",
    "ethnicity",
    "birth_registration_place",
    "residence",
    "papers",
    "biometrics",
]
DONE = {
    "opened",
    "started",
    "checked",
    "extended",
    "accepted",
    "refused",
    "issued",
    "sent",
    "handed",
    "renewed",
    "compared",
    "answered",
    "proposed",
    "reply_handed",
}


def _row(view: DossierView, lang: Lang) -> dict[str, Any]:
    d = view.dossier
    live = [c for c in view.certificates if c.status is not CertificateStatus.SUPERSEDED]
    return {
        "reference": d.reference,
        "full_name": d.full_name,
        "pin": view.pin,
        "status": d.status.value,
        "status_label": t(f"enum.undetermined_status.{d.status.value}", lang),
        "received_on": d.received_on,
        "stage": t(f"enum.undetermined_stage.{view.due.stage.value}", lang) if view.due else "",
        "due_on": view.due.on if view.due else None,
        "overdue": view.overdue(),
        "certificate": t(f"enum.certificate_status.{live[0].status.value}", lang) if live else "",
        "open": d.status in (DossierStatus.RECEIVED, DossierStatus.VERIFYING),
        "verifying": d.status is DossierStatus.VERIFYING,
        "received": d.status is DossierStatus.RECEIVED,
        "accepted": d.status is DossierStatus.ACCEPTED,
    }


@router.get(BASE, response_class=HTMLResponse)
async def queue(
    request: Request, session: DbSession, actor: Annotated[Actor, HANDLE], all: Flag = 0
) -> Response:
    lang = language(request)
    found = await use_cases.officer_queue(session, include_decided=bool(all), actor=actor)
    rows = [_row(v, lang) | {"certificates": len(v.certificates)} for v in found]
    pending = certificate_rows(await use_cases.pending_certificates(session, actor=actor), lang)
    return page(request, "undetermined/queue.html", {"rows": rows, "all": bool(all), "pending": pending})


def _form_context(lang: Lang, actor: Actor, values: dict[str, str], errors: dict[str, str]) -> dict[str, Any]:
    options = choices(lang, actor) | {"sex": enum_options("sex", [Sex.MALE.value, Sex.FEMALE.value], lang)}
    return {
        "values": values,
        "errors": errors,
        "options": options,
        "biometrics": enum_options("biometric", [b.value for b in Biometric], lang),
    }


@router.get(BASE + "/new", response_class=HTMLResponse)
async def new(request: Request, actor: Annotated[Actor, HANDLE]) -> Response:
    values = {"birth_registration_place.version": "2025", "residence.version": "2025", "religion": "00"}
    return page(request, "undetermined/new.html", _form_context(language(request), actor, values, {}))


def declaration_body(form: dict[str, str], biometrics: list[str]) -> dict[str, Any]:
    body = collect_body(form)
    body.pop("nationality", None)
    body.pop("legal_basis", None)
    body.pop("dossier_number", None)
    papers = [line.strip() for line in form.get("papers", "").splitlines() if line.strip()]
    return body | present(
        {"residence": address_input(form, "residence"), "papers": papers, "biometrics": biometrics}
    )


@router.post(BASE, response_class=HTMLResponse)
async def open_dossier(request: Request, session: DbSession, actor: Annotated[Actor, HANDLE]) -> Response:
    lang = language(request)
    raw = await request.form()
    biometrics = [str(v) for v in raw.getlist("biometrics")]
    form = await read_form(request)
    try:
        body = DeclarationIn.model_validate(declaration_body(form, biometrics))
        calendar = load_calendar(request.app.state.settings.calendar_file)
        view = await use_cases.open_dossier(session, body, actor=actor, calendar=calendar)
    except (DomainError, ValueError) as exc:  # pydantic's ValidationError is a ValueError
        await discard(request, session)
        bad = failure(exc, DECLARATION_KEYS, lang, bare_field="date_of_birth")
        values = form | {f"biometrics.{b}": "1" for b in biometrics}
        context = _form_context(lang, actor, values, bad.errors)
        return page(request, "undetermined/new.html", context, status_code=bad.status)
    return RedirectResponse(f"{BASE}/{view.dossier.reference}?done=opened", status_code=303)


async def _detail(
    request: Request,
    view: DossierView,
    actor: Actor,
    *,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    lang = language(request)
    done = request.query_params.get("done", "")
    d = view.dossier
    context = {
        "r": _row(view, lang),
        "d": d,
        "certs": certificate_rows(view.certificates, lang),
        "issues": actor.can(Permission.CERTIFICATE_ISSUE),
        "compares": actor.role is OfficerRole.IDENTITY_AGENCY,
        "comparison_waiting": d.comparison_sent_at is not None and d.comparison_answered_at is None,
        "proposals": view.proposals,
        "recommendations": [
            (r.value, t(f"undetermined_text.recommend_{r.value}", lang)) for r in Recommendation
        ],
        "outcomes": [
            ("true", t("undetermined_text.match", lang)),
            ("false", t("undetermined_text.no_match", lang)),
        ],
        "holds": actor.role is d.unit_role and actor.unit_code == d.unit_code,
        "values": values or {},
        "errors": errors or {},
        "notice": t(f"undetermined_text.done_{done}", lang) if done in DONE else "",
    }
    return page(request, "undetermined/show.html", context, status_code=status_code)


@router.get(BASE + "/{reference}", response_class=HTMLResponse)
async def show(
    request: Request, reference: Reference, session: DbSession, actor: Annotated[Actor, HANDLE]
) -> Response:
    return await _detail(request, await use_cases.officer_dossier(session, reference, actor=actor), actor)


Step = Callable[[BaseModel | None], Awaitable[object]]


async def _step(
    request: Request,
    session: AsyncSession,
    actor: Actor,
    reference: str,
    *,
    model: type[BaseModel] | None,
    keys: list[str],
    run: Step,
    done: str,
) -> Response:
    """Validate the form into ``model``, run the step, and redirect; or show the dossier again with
    the messages (nothing of the refused step is kept)."""
    form = await read_form(request)
    values = {k: form.get(k, "") for k in keys}
    try:
        body = model.model_validate(present(values)) if model is not None else None
        await run(body)
    except (DomainError, ValueError) as exc:
        await discard(request, session)
        bad = failure(exc, keys, language(request))
        view = await use_cases.officer_dossier(session, reference, actor=actor)
        return await _detail(request, view, actor, values=values, errors=bad.errors, status_code=bad.status)
    return RedirectResponse(f"{BASE}/{reference}?done={done}", status_code=303)


@router.post(BASE + "/{reference}/start")
async def start(
    request: Request, reference: Reference, session: DbSession, actor: Annotated[Actor, HANDLE]
) -> Response:
    async def run(_: BaseModel | None) -> object:
        return await use_cases.start(session, reference, actor=actor)

    return await _step(request, session, actor, reference, model=None, keys=[], run=run, done="started")


@router.post(BASE + "/{reference}/residence-check")
async def residence_check(
    request: Request, reference: Reference, session: DbSession, actor: Annotated[Actor, HANDLE]
) -> Response:
    async def run(body: BaseModel | None) -> object:
        assert isinstance(body, ResidenceCheckIn)
        return await use_cases.residence_check(session, reference, body, actor=actor)

    keys = ["agency", "since", "continuous", "note"]
    return await _step(
        request, session, actor, reference, model=ResidenceCheckIn, keys=keys, run=run, done="checked"
    )


@router.post(BASE + "/{reference}/extend")
async def extend(
    request: Request, reference: Reference, session: DbSession, actor: Annotated[Actor, HANDLE]
) -> Response:
    async def run(body: BaseModel | None) -> object:
        assert isinstance(body, ExtensionIn)
        return await use_cases.extend(session, reference, body, actor=actor)

    keys = ["days", "reason"]
    return await _step(
        request, session, actor, reference, model=ExtensionIn, keys=keys, run=run, done="extended"
    )


@router.post(BASE + "/{reference}/accept")
async def accept(
    request: Request, reference: Reference, session: DbSession, actor: Annotated[Actor, HANDLE]
) -> Response:
    async def run(_: BaseModel | None) -> object:
        return await use_cases.accept(session, reference, actor=actor)

    keys = ["residence_check", "comparison"]
    return await _step(request, session, actor, reference, model=None, keys=keys, run=run, done="accepted")


@router.post(BASE + "/{reference}/refuse")
async def refuse(
    request: Request, reference: Reference, session: DbSession, actor: Annotated[Actor, HANDLE]
) -> Response:
    async def run(body: BaseModel | None) -> object:
        assert isinstance(body, RefusalIn)
        return await use_cases.refuse(session, reference, body, actor=actor)

    return await _step(
        request, session, actor, reference, model=RefusalIn, keys=["text"], run=run, done="refused"
    )


@router.post(BASE + "/{reference}/certificate")
async def issue(
    request: Request, reference: Reference, session: DbSession, actor: Annotated[Actor, ISSUE]
) -> Response:
    async def run(_: BaseModel | None) -> object:
        return await use_cases.issue_certificate(session, reference, actor=actor)

    return await _step(request, session, actor, reference, model=None, keys=[], run=run, done="issued")


@router.post(BASE + "/{reference}/comparison")
async def send_comparison(
    request: Request, reference: Reference, session: DbSession, actor: Annotated[Actor, HANDLE]
) -> Response:
    async def run(_: BaseModel | None) -> object:
        return await use_cases.send_comparison(session, reference, actor=actor)

    keys = ["comparison"]
    return await _step(request, session, actor, reference, model=None, keys=keys, run=run, done="compared")


@router.post(BASE + "/{reference}/comparison/answer")
async def answer_comparison(
    request: Request, reference: Reference, session: DbSession, actor: Annotated[Actor, HANDLE]
) -> Response:
    async def run(body: BaseModel | None) -> object:
        assert isinstance(body, ComparisonAnswerIn)
        return await use_cases.answer_comparison(session, reference, body, actor=actor)

    keys = ["match_found", "note"]
    return await _step(
        request, session, actor, reference, model=ComparisonAnswerIn, keys=keys, run=run, done="answered"
    )


@router.post(BASE + "/{reference}/propose")
async def propose(
    request: Request, reference: Reference, session: DbSession, actor: Annotated[Actor, HANDLE]
) -> Response:
    """Staff report a proposal to the head (TT 117/2026 Điều 17 khoản 3); its text box is its own."""
    form = await read_form(request)
    values = {k: form.get(k, "") for k in ("recommendation", "proposal_text")}
    try:
        body = ProposalIn.model_validate(
            present({"recommendation": values["recommendation"], "text": values["proposal_text"]})
        )
        await use_cases.propose(
            session, reference, recommendation=body.recommendation, text=body.text, actor=actor
        )
    except (ValidationError, DomainError) as exc:
        await discard(request, session)
        bad = failure(exc, ["recommendation", "text"], language(request))
        if "text" in bad.errors:
            bad.errors["proposal_text"] = bad.errors.pop("text")
        view = await use_cases.officer_dossier(session, reference, actor=actor)
        return await _detail(request, view, actor, values=values, errors=bad.errors, status_code=bad.status)
    return RedirectResponse(f"{BASE}/{reference}?done=proposed", status_code=303)


@router.get(BASE + "/{reference}/reply/pdf")
async def reply_pdf(reference: Reference, session: DbSession, actor: Annotated[Actor, HANDLE]) -> Response:
    """The signed refusal reply, printed at the unit and handed to the declarant (khoản 6)."""
    found = await use_cases.reply_file(session, reference, actor=actor)
    disposition = f'attachment; filename="{found.filename}"'
    return Response(found.pdf, media_type="application/pdf", headers={"Content-Disposition": disposition})


@router.post(BASE + "/{reference}/reply/hand-over")
async def hand_over_reply(
    request: Request, reference: Reference, session: DbSession, actor: Annotated[Actor, HANDLE]
) -> Response:
    async def run(body: BaseModel | None) -> object:
        assert isinstance(body, ReplyHandOverIn)
        return await use_cases.hand_over_reply(session, reference, body, actor=actor)

    return await _step(
        request, session, actor, reference, model=ReplyHandOverIn, keys=["on"], run=run, done="reply_handed"
    )
