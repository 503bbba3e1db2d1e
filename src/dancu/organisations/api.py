"""Organisations, their mandates and sub-accounts over the API (NĐ 70 Điều 10 khoản 1 điểm a, b)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from dancu.access import policies
from dancu.access.actor import Actor
from dancu.access.models import Organisation
from dancu.access.permissions import Permission
from dancu.identity.models import Account
from dancu.identity.principals import effective_fields
from dancu.organisations import actions, queries
from dancu.organisations.schemas import MandateIn, MemberIn, MemberOut, OrganisationIn, OrganisationOut
from dancu.web.deps import DbSession, Requires
from dancu.web.params import RowId
from dancu.web.transaction import UnitOfWorkRoute

router = APIRouter(route_class=UnitOfWorkRoute, prefix="/api/v1/organisations", tags=["access"])

Registrar = Annotated[Actor, Depends(Requires(Permission.ORG_REGISTER))]
OrgAdmin = Annotated[Actor, Depends(Requires(Permission.ORG_MANAGE))]


def member_out(account: Account, organisation: Organisation) -> MemberOut:
    return MemberOut(
        account_id=account.id,
        username=account.username,
        display_name=account.display_name,
        is_org_admin=account.is_org_admin,
        field_scope=account.field_scope,
        fields=sorted(effective_fields(organisation.mandate, account.field_scope)),
        active=account.active,
    )


def organisation_out(organisation: Organisation, admin: Account | None = None) -> OrganisationOut:
    return OrganisationOut(
        organisation_id=organisation.id,
        name=organisation.name,
        actor_group=organisation.actor_group,
        organisation_type=organisation.organisation_type,
        mandate=list(organisation.mandate),
        legal_basis=organisation.legal_basis,
        unit_code=organisation.unit_code,
        unit_version=organisation.unit_version,
        has_legal_representative=organisation.legal_representative_citizen_id is not None,
        active=organisation.active,
        admin=member_out(admin, organisation) if admin else None,
    )


@router.post("", status_code=201, response_model=OrganisationOut)
async def register(body: OrganisationIn, actor: Registrar, session: DbSession) -> OrganisationOut:
    organisation, admin = await actions.register_organisation(session, body, actor=actor)
    return organisation_out(organisation, admin)


@router.get("/{organisation_id}", response_model=OrganisationOut)
async def show(organisation_id: RowId, actor: Registrar, session: DbSession) -> OrganisationOut:
    return organisation_out(await queries.organisation_by_id(session, organisation_id))


@router.put("/{organisation_id}/mandate", response_model=OrganisationOut)
async def change_mandate(
    organisation_id: RowId, body: MandateIn, actor: Registrar, session: DbSession
) -> OrganisationOut:
    organisation = await queries.organisation_by_id(session, organisation_id)
    await actions.change_mandate(session, organisation, body, actor=actor)
    return organisation_out(organisation)


@router.get("/{organisation_id}/members", response_model=list[MemberOut])
async def members(organisation_id: RowId, actor: OrgAdmin, session: DbSession) -> list[MemberOut]:
    policies.ensure_own_organisation(actor, organisation_id)
    organisation = await queries.organisation_by_id(session, organisation_id)
    return [member_out(a, organisation) for a in await queries.members_of(session, organisation_id)]


@router.post("/{organisation_id}/members", status_code=201, response_model=MemberOut)
async def create_member(
    organisation_id: RowId, body: MemberIn, actor: OrgAdmin, session: DbSession
) -> MemberOut:
    policies.ensure_own_organisation(actor, organisation_id)
    organisation = await queries.organisation_by_id(session, organisation_id)
    account = await actions.create_member(session, organisation, body, actor=actor)
    return member_out(account, organisation)


@router.post("/{organisation_id}/members/{account_id}/disable", response_model=MemberOut)
async def disable_member(
    organisation_id: RowId, account_id: RowId, actor: OrgAdmin, session: DbSession
) -> MemberOut:
    policies.ensure_own_organisation(actor, organisation_id)
    organisation = await queries.organisation_by_id(session, organisation_id)
    account = await queries.member_of(session, organisation_id, account_id)
    await actions.disable_member(session, account, actor=actor)
    return member_out(account, organisation)
