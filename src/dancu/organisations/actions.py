"""Writes of the organisations package: organisations, mandates and sub-accounts (NĐ 70 Điều 10 khoản 1).

Each takes the actor, records its event in the caller's transaction and flushes; never commits.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access import policies
from dancu.access.actor import Actor
from dancu.access.groups import ActorGroup, OrganisationType
from dancu.access.models import Organisation, PortalAccountRequest, PortalRequestStatus
from dancu.audit.actions import record_event
from dancu.audit.models import EventType
from dancu.clock import now_utc
from dancu.errors import Conflict, DomainError, FieldProblem
from dancu.identity.models import Account, AccountKind
from dancu.identity.passwords import hash_password
from dancu.organisations.schemas import (
    AdminIn,
    MandateIn,
    MemberIn,
    OrganisationIn,
    PortalApproveIn,
    PortalRequestIn,
)
from dancu.registry.queries import citizen_by_pin


def _organisation_type(group: ActorGroup, kind: OrganisationType | None) -> OrganisationType | None:
    """Only a khoản 2 organisation has a type (NĐ 70 Điều 8 khoản 2): it picks the competent tier."""
    if kind is not None and group is not ActorGroup.K2:
        raise DomainError(
            "validation.failed",
            status=422,
            problems=[FieldProblem("organisation_type", "organisations.type_only_k2")],
        )
    return kind


async def _record(session: AsyncSession, event_type: EventType, *, actor: Actor, **data: object) -> None:
    await record_event(session, event_type, actor=actor, data=dict(data))


async def _representative_id(session: AsyncSession, body: OrganisationIn) -> int | None:
    if body.actor_group not in policies.NEEDS_REPRESENTATIVE:
        return None
    if body.legal_representative_pin is None:
        raise DomainError(
            "validation.failed",
            status=422,
            problems=[FieldProblem("legal_representative_pin", "access.representative_required")],
        )
    try:
        return (await citizen_by_pin(session, body.legal_representative_pin)).id
    except DomainError:
        raise DomainError(
            "validation.failed",
            status=422,
            problems=[FieldProblem("legal_representative_pin", "access.representative_unknown")],
        ) from None


async def _new_organisation(
    session: AsyncSession, organisation: Organisation, body: MandateIn, *, actor: Actor, **data: object
) -> Organisation:
    """Give ``organisation`` its checked mandate, store it and log its registration."""
    mandate = [item.value for item in body.mandate]
    policies.check_mandate(mandate, sensitive_basis=body.sensitive_basis)
    organisation.mandate = mandate
    organisation.legal_basis = body.legal_basis
    organisation.created_at = now_utc()
    session.add(organisation)
    await session.flush()  # the new organisation's id is used below
    await _record(
        session,
        EventType.ORGANISATION_REGISTERED,
        actor=actor,
        organisation_id=organisation.id,
        actor_group=organisation.actor_group.value,
        mandate=mandate,
        legal_basis=body.legal_basis,
        sensitive_basis=body.sensitive_basis,
        **data,
    )
    return organisation


async def register_organisation(
    session: AsyncSession, body: OrganisationIn, *, actor: Actor
) -> tuple[Organisation, Account]:
    """An organisation with its mandate and its first administrator (NĐ 70 Điều 10 khoản 1 điểm a)."""
    if body.actor_group not in policies.ORGANISATION_GROUPS:
        raise DomainError(
            "validation.failed",
            status=422,
            problems=[FieldProblem("actor_group", "access.not_an_organisation_group")],
        )
    organisation = await _new_organisation(
        session,
        Organisation(
            name=body.name,
            actor_group=body.actor_group,
            organisation_type=_organisation_type(body.actor_group, body.organisation_type),
            unit_code=body.unit_code,
            unit_version=body.unit_version.value if body.unit_version else None,
            legal_representative_citizen_id=await _representative_id(session, body),
        ),
        body,
        actor=actor,
    )
    admin = await _create_account(session, organisation, body.admin, scope=None, admin=True, actor=actor)
    return organisation, admin


async def change_mandate(
    session: AsyncSession, organisation: Organisation, body: MandateIn, *, actor: Actor
) -> Organisation:
    """Replace the mandate; logged with the old and new items and the legal basis.

    Existing sub-account scopes are kept as stored: a member's fields are always computed as
    mandate ∩ scope, so narrowing the mandate narrows every member at once.
    """
    new = [item.value for item in body.mandate]
    old = list(organisation.mandate)
    policies.check_mandate(new, old=old, sensitive_basis=body.sensitive_basis)
    organisation.mandate = new
    organisation.legal_basis = body.legal_basis
    await session.flush()  # autoflush is off: later reads in this unit must see the change
    await _record(
        session,
        EventType.MANDATE_CHANGED,
        actor=actor,
        organisation_id=organisation.id,
        old=old,
        new=new,
        added=sorted(set(new) - set(old)),
        removed=sorted(set(old) - set(new)),
        legal_basis=body.legal_basis,
        sensitive_basis=body.sensitive_basis,
    )
    return organisation


async def _create_account(
    session: AsyncSession,
    organisation: Organisation,
    body: AdminIn | MemberIn,
    *,
    scope: list[str] | None,
    admin: bool,
    actor: Actor,
) -> Account:
    return await _member_account(
        session,
        organisation,
        username=body.username,
        password_hash=hash_password(body.password),
        display_name=body.display_name,
        scope=scope,
        admin=admin,
        actor=actor,
    )


async def _ensure_username_free(session: AsyncSession, username: str) -> None:
    if await session.scalar(select(func.count()).where(Account.username == username)):
        raise Conflict("account.username_taken", username=username)


async def _member_account(
    session: AsyncSession,
    organisation: Organisation,
    *,
    username: str,
    password_hash: str,
    display_name: str,
    scope: list[str] | None,
    admin: bool,
    actor: Actor,
) -> Account:
    await _ensure_username_free(session, username)
    account = Account(
        username=username,
        password_hash=password_hash,
        display_name=display_name,
        kind=AccountKind.ORG_MEMBER,
        organisation_id=organisation.id,
        is_org_admin=admin,
        field_scope=scope,
        created_at=now_utc(),
    )
    session.add(account)
    await session.flush()  # the new account's id is used below
    await _record(
        session,
        EventType.MEMBER_CREATED,
        actor=actor,
        organisation_id=organisation.id,
        account_id=account.id,
        username=account.username,
        is_org_admin=admin,
        field_scope=scope,
    )
    return account


async def create_member(
    session: AsyncSession, organisation: Organisation, body: MemberIn, *, actor: Actor
) -> Account:
    """A staff sub-account whose scope is a subset of the mandate (NĐ 70 Điều 10 khoản 1 điểm b)."""
    policies.ensure_own_organisation(actor, organisation.id)
    scope = None if body.field_scope is None else [item.value for item in body.field_scope]
    policies.check_scope(scope, organisation.mandate)
    return await _create_account(session, organisation, body, scope=scope, admin=False, actor=actor)


async def disable_member(session: AsyncSession, account: Account, *, actor: Actor) -> Account:
    """Disable a sub-account: its sessions stop working at once (an inactive account has none)."""
    assert account.organisation_id is not None
    policies.ensure_own_organisation(actor, account.organisation_id)
    if account.id == actor.account_id:
        raise Conflict("access.cannot_disable_self")
    account.active = False
    await session.flush()  # autoflush is off: later reads in this unit must see the change
    await _record(
        session,
        EventType.MEMBER_DISABLED,
        actor=actor,
        organisation_id=account.organisation_id,
        account_id=account.id,
    )
    return account


# --- Portal accounts of k2/k3 organisations, asked for by their legal representative ---------------


async def request_portal_account(
    session: AsyncSession, body: PortalRequestIn, *, actor: Actor
) -> PortalAccountRequest:
    """A level-2 citizen asks for the portal account of an organisation they represent (NĐ 69
    Điều 12). The caller has checked the level (``RequiresLevel2``); one open request per tax code."""
    assert actor.citizen_id is not None and actor.account_id is not None
    await _ensure_username_free(session, body.admin_username)
    open_requests = select(func.count()).where(
        PortalAccountRequest.status == PortalRequestStatus.PENDING,
        (PortalAccountRequest.tax_code == body.tax_code)
        | (PortalAccountRequest.admin_username == body.admin_username),
    )
    if await session.scalar(open_requests):
        raise Conflict("access.portal_request_pending", tax_code=body.tax_code)
    request = PortalAccountRequest(
        requester_account_id=actor.account_id,
        requester_citizen_id=actor.citizen_id,
        organisation_name=body.organisation_name,
        tax_code=body.tax_code,
        actor_group=body.actor_group,
        address=body.address,
        representative_role=body.representative_role,
        admin_username=body.admin_username,
        admin_password_hash=hash_password(body.admin_password),
        status=PortalRequestStatus.PENDING,
        created_at=now_utc(),
    )
    session.add(request)
    await session.flush()  # the new request's id is used below
    await record_event(
        session,
        EventType.PORTAL_ACCOUNT_REQUESTED,
        actor=actor,
        subject_citizen_id=actor.citizen_id,
        data={"request_id": request.id, "tax_code": body.tax_code, "actor_group": body.actor_group.value},
    )
    return request


def _ensure_pending(request: PortalAccountRequest) -> None:
    if request.status is not PortalRequestStatus.PENDING:
        raise Conflict("access.portal_request_decided", decision=request.status.value)


def _decided(request: PortalAccountRequest, status: PortalRequestStatus, actor: Actor) -> None:
    request.status, request.decided_at, request.decided_by_account_id = status, now_utc(), actor.account_id


async def approve_portal_request(
    session: AsyncSession, request: PortalAccountRequest, body: PortalApproveIn, *, actor: Actor
) -> tuple[Organisation, Account]:
    """Create the organisation with the requested group, the representative as its legal
    representative and its admin (who then creates the staff sub-accounts)."""
    _ensure_pending(request)
    organisation = await _new_organisation(
        session,
        Organisation(
            name=request.organisation_name,
            actor_group=request.actor_group,
            organisation_type=_organisation_type(request.actor_group, body.organisation_type),
            legal_representative_citizen_id=request.requester_citizen_id,
        ),
        body,
        actor=actor,
        portal_request_id=request.id,
    )
    requester = await session.get(Account, request.requester_account_id)
    assert requester is not None
    admin = await _member_account(
        session,
        organisation,
        username=request.admin_username,
        password_hash=request.admin_password_hash,
        display_name=f"{requester.display_name} ({request.representative_role})",
        scope=None,
        admin=True,
        actor=actor,
    )
    _decided(request, PortalRequestStatus.APPROVED, actor)
    request.organisation_id = organisation.id
    await session.flush()  # autoflush is off: later reads in this unit must see the change
    await record_event(
        session,
        EventType.PORTAL_ACCOUNT_APPROVED,
        actor=actor,
        subject_citizen_id=request.requester_citizen_id,
        data={"request_id": request.id, "organisation_id": organisation.id},
    )
    return organisation, admin


async def refuse_portal_request(
    session: AsyncSession, request: PortalAccountRequest, *, reason: str, actor: Actor
) -> PortalAccountRequest:
    _ensure_pending(request)
    _decided(request, PortalRequestStatus.REFUSED, actor)
    request.refusal_reason = reason
    await session.flush()  # autoflush is off: later reads in this unit must see the change
    await record_event(
        session,
        EventType.PORTAL_ACCOUNT_REFUSED,
        actor=actor,
        subject_citizen_id=request.requester_citizen_id,
        reason=reason,
        data={"request_id": request.id},
    )
    return request
