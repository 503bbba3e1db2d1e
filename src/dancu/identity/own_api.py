"""The citizen's own data over the API: the identity app's JSON side (product.md: "identity app,
mobile-first web + JSON API … sees own data and its history"), for the app on a phone that does not
render the /app pages.

No route takes a PIN: the person is the caller's own citizen record, or someone the caller
represents in both records (NĐ 69 Điều 14; the same 403 whether or not the id exists). Each read is
the identity app's use case (:mod:`dancu.identity.use_cases`), so it is logged in the person's log
in the identity app's channel naming the caller, as the pages' reads are. A relying party's OIDC
access token does not carry the own-data permission (identity/oidc/tokens.py), so only the
citizen's own login reads here.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request

from dancu.access.actor import Actor
from dancu.access.permissions import Permission
from dancu.audit.deps import LogGroup, group_unless_sqlite
from dancu.identity import use_cases
from dancu.identity.schemas import RepresentedOut
from dancu.registry.schemas import FactOut, RecordOut
from dancu.registry.views import record_out
from dancu.web.deps import DbSession, RequiresKept, language
from dancu.web.params import RowId
from dancu.web.transaction import UnitOfWorkRoute

router = APIRouter(route_class=UnitOfWorkRoute, prefix="/api/v1/eid", tags=["eid"])
# The routes need only the caller's actor, so a phone app's bearer session may be answered with the
# actor kept for a few seconds (identity/login_cache.py: a logout or a lock takes effect everywhere
# within DANCU_AUTH_CACHE_SECONDS) instead of reading the session and the account on every read.
Own = Annotated[Actor, Depends(RequiresKept(Permission.OWN_DATA_READ))]


@router.get("/me/record", response_model=RecordOut)
async def my_record(request: Request, session: DbSession, actor: Own, group: LogGroup) -> RecordOut:
    """The caller's record now, every item it holds logged as read. On PostgreSQL the entry is made
    durable by the access log's group commit before the answer (the request writes nothing else)."""
    citizen, view = await use_cases.read_record(
        session, actor=actor, group=group_unless_sqlite(session, group)
    )
    return record_out(citizen, view, language(request))


@router.get("/me/history", response_model=list[FactOut])
async def my_history(session: DbSession, actor: Own) -> list[FactOut]:
    """Every fact the register holds about the caller, newest record first, the items logged as read."""
    _, facts = await use_cases.read_history(session, actor=actor)
    return [FactOut.model_validate(fact, from_attributes=True) for fact in facts]


@router.get("/me/represented", response_model=list[RepresentedOut])
async def represented(session: DbSession, actor: Own) -> list[RepresentedOut]:
    """The people the caller may act for, as the app's home page lists them, with their e-ID
    account's state."""
    return [
        RepresentedOut(
            citizen_id=person.citizen_id,
            full_name=person.full_name,
            basis=person.basis,
            account_status=person.status,
            activation_deadline=person.activation_deadline,
        )
        for person in await use_cases.child_accounts(session, actor=actor)
    ]


@router.get("/represented/{person_id}/record", response_model=RecordOut)
async def represented_record(request: Request, person_id: RowId, session: DbSession, actor: Own) -> RecordOut:
    """A represented person's record now; their log names the representative."""
    citizen, view = await use_cases.read_record(session, person_id, actor=actor)
    return record_out(citizen, view, language(request))


@router.get("/represented/{person_id}/history", response_model=list[FactOut])
async def represented_history(person_id: RowId, session: DbSession, actor: Own) -> list[FactOut]:
    """A represented person's facts; their log names the representative."""
    _, facts = await use_cases.read_history(session, person_id, actor=actor)
    return [FactOut.model_validate(fact, from_attributes=True) for fact in facts]
