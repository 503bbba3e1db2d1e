"""A bearer login session's actor read on the driver, for the hot routes (docs/adr/0017).

The hot routes (the k1 lookup, the yes/no question, the name search, the citizen's own record)
answer on a pooled asyncpg connection once the process keeps the caller's actor
(identity/login_cache.py). Before, a caller whose actor was not kept took the whole route once: its
dependencies, an ORM session, the login statement and the ORM objects, about ten times a hot
request's CPU. An agency's system, one token for thousands of lookups, paid that once every two
seconds; a citizen opening the identity app, one request with their own token, paid it every time.

:func:`bearer_actor` reads the session, its account and the account's organisation in one statement
and builds the actor by the rules the route uses (:func:`dancu.identity.principals.actor_of`, the
same checks as :func:`dancu.identity.sessions.current_login` and ``actor_for_login``). It answers
only the usable case. A session that is unknown, revoked or expired, an account that is not active,
a second factor still pending, an organisation that is not active: it answers None. The caller then
takes the route, whose guard names the refusal exactly as before.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from dancu.access.actor import Actor
from dancu.access.groups import ActorGroup
from dancu.access.permissions import OfficerRole
from dancu.access.positions import Position
from dancu.clock import now_utc
from dancu.errors import Forbidden
from dancu.identity.models import AccountKind, AccountStatus, EidLevel, SecondFactor
from dancu.identity.principals import actor_of, needs_organisation
from dancu.identity.sessions import factor_pending, totp_missing
from dancu.registry.queries import DriverConnection

# The JSON lists as text: the statement's result does not depend on the connection's JSON codecs.
_SQL = """
SELECT s.expires_at, s.revoked_at, s.second_factor_passed_at,
       a.id, a.username, a.display_name, a.kind, a.status, a.active, a.role, a.position,
       a.unit_code, a.unit_version, a.citizen_id, a.eid_level, a.organisation_id, a.is_org_admin,
       a.field_scope::text, a.second_factor,
       o.id, o.name, o.actor_group, o.mandate::text, o.legal_basis, o.active
FROM login_session AS s
JOIN account AS a ON a.id = s.account_id
LEFT OUTER JOIN organisation AS o ON o.id = a.organisation_id
WHERE s.token_hash = $1
"""


@dataclass(frozen=True, slots=True)
class _Account:
    id: int
    username: str
    display_name: str
    kind: AccountKind
    status: AccountStatus
    role: OfficerRole | None
    position: Position | None
    unit_code: str | None
    unit_version: str | None
    citizen_id: int | None
    eid_level: EidLevel | None
    organisation_id: int | None
    is_org_admin: bool
    field_scope: list[str] | None


@dataclass(frozen=True, slots=True)
class _Organisation:
    id: int
    name: str
    actor_group: ActorGroup
    mandate: list[str]
    legal_basis: str
    active: bool


@dataclass(frozen=True, slots=True)
class BearerActor:
    actor: Actor
    session_left: float  # seconds until the login session expires


def _account(row: Any) -> _Account:
    return _Account(
        id=row[3],
        username=row[4],
        display_name=row[5],
        kind=AccountKind(row[6]),
        status=AccountStatus(row[7]),
        role=None if row[9] is None else OfficerRole(row[9]),
        position=None if row[10] is None else Position(row[10]),
        unit_code=row[11],
        unit_version=row[12],
        citizen_id=row[13],
        eid_level=None if row[14] is None else EidLevel(row[14]),
        organisation_id=row[15],
        is_org_admin=bool(row[16]),
        field_scope=None if row[17] is None else json.loads(row[17]),
    )


def _organisation(row: Any) -> _Organisation | None:
    if row[19] is None:
        return None
    return _Organisation(
        id=row[19],
        name=row[20],
        actor_group=ActorGroup(row[21]),
        mandate=json.loads(row[22]) if row[22] is not None else [],
        legal_basis=row[23],
        active=bool(row[24]),
    )


def _usable(row: Any, now: dt.datetime) -> bool:
    """``current_login``'s and ``actor_for_login``'s conditions for a bearer session (no CSRF: the
    token is not ambient)."""
    expires_at, revoked_at, passed_at = row[0], row[1], row[2]
    if revoked_at is not None or expires_at <= now or not row[8]:
        return False
    second_factor = SecondFactor(row[18])
    return not totp_missing(AccountKind(row[6]), second_factor) and not factor_pending(
        second_factor, passed_at
    )


def may_be_session(token: str) -> bool:
    """Whether a bearer token can be a login session's: those are ``token_urlsafe`` text; the OIDC
    access tokens (machine clients, relying parties) are JWTs, with dots, and never a session's. So
    their requests go to the route without a read that cannot find them."""
    return "." not in token


async def bearer_actor(connection: DriverConnection, token_digest: str) -> BearerActor | None:
    """The actor of the usable bearer session whose token hashes to ``token_digest``, else None
    (the route then answers, and names the refusal)."""
    rows = await connection.fetch(_SQL, token_digest)
    if not rows:
        return None
    row, now = rows[0], now_utc()
    try:
        if not _usable(row, now):
            return None
        account = _account(row)
        organisation = _organisation(row) if needs_organisation(account) else None
        actor = actor_of(account, organisation)
    except (ValueError, Forbidden):  # a value this version does not know, or an account that may not act
        return None
    return BearerActor(actor, (row[0] - now).total_seconds())
