"""The actors of bearer login sessions, kept for a few seconds per server process.

An agency's system sends thousands of lookups a minute with one bearer token; reading the session,
its account and organisation for each (one statement and three ORM objects) cost about a sixth of
a lookup (docs/adr/0017). A usable session's actor is kept for ``DANCU_AUTH_CACHE_SECONDS`` (2 s;
0 turns the cache off), never past the session's own expiry.

What a change of the session, its account or an organisation does to a kept actor:
- in this process, any flush or ORM statement that changes a login session, an account or an
  organisation empties the cache, and so does the commit that follows it (so a request that read
  the old row between the flush and the commit does not keep it);
- in another process, the kept actor lives at most ``DANCU_AUTH_CACHE_SECONDS`` longer: a
  logout, a locked account or a deactivated organisation takes effect everywhere within that time.

Only bearer sessions on the API are kept: a cookie session checks its CSRF token on every unsafe
request, and pages read the login session itself.

When no actor is kept for a session, the hot routes let one request read it on the driver
(identity/driver_login.py; a session that reading cannot use goes to the route, which names the
refusal) while the others of the same session wait for that request's reading
(:func:`start_refresh`, :func:`refreshing`), at most ``REFRESH_WAIT`` seconds. Before, every
request in flight for the session at that moment took the route, each with its own reads of the
session and pool connection: at 32 connections, a burst of up to 32 route requests every 2 s per
process, which opened pool overflow connections (and their type set-up) and made the lookups' tail.
A waiter gets the actor read after its own arrival, never the lapsed one; when the reading keeps
nothing (no usable session, a cleared cache), every waiter takes the route itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session

from dancu.access.actor import Actor
from dancu.access.models import Organisation
from dancu.identity.models import Account, LoginSession

WATCHED = (LoginSession, Account, Organisation)
_TOUCHED = "dancu_login_cache_touched"
MAX_KEPT = 10_000
REFRESH_WAIT = 1.0  # seconds a request waits for another's re-reading of the same session


@dataclass(frozen=True)
class _Kept:
    actor: Actor
    until: float  # time.monotonic()


_kept: dict[str, _Kept] = {}
_refreshing: dict[str, asyncio.Future[Actor | None]] = {}


def get(token_digest: str) -> Actor | None:
    kept = _kept.get(token_digest)
    if kept is None:
        return None
    if time.monotonic() >= kept.until:
        _kept.pop(token_digest, None)
        return None
    return kept.actor


def put(token_digest: str, actor: Actor, *, seconds: float, session_left: float) -> None:
    """Keep ``actor`` for ``seconds``, but not past the end of its session (``session_left``)."""
    keep = min(seconds, session_left)
    if keep <= 0:
        return
    if len(_kept) >= MAX_KEPT:
        _kept.clear()
    _kept[token_digest] = _Kept(actor, time.monotonic() + keep)
    _settle(_refreshing.get(token_digest), actor)


def clear() -> None:
    _kept.clear()
    for pending in _refreshing.values():  # waiters re-read for themselves
        _settle(pending, None)


def _settle(pending: asyncio.Future[Actor | None] | None, actor: Actor | None) -> None:
    if pending is not None and not pending.done():
        with contextlib.suppress(RuntimeError):  # a loop already closed has nobody waiting
            pending.set_result(actor)


def refreshing(token_digest: str) -> asyncio.Future[Actor | None] | None:
    """The re-reading of this session another request of this loop is doing, if any."""
    pending = _refreshing.get(token_digest)
    if pending is None or pending.done() or pending.get_loop() is not asyncio.get_running_loop():
        return None
    return pending


def start_refresh(token_digest: str) -> None:
    """The calling request re-reads this session (through its route, which keeps the actor)."""
    _refreshing[token_digest] = asyncio.get_running_loop().create_future()


def end_refresh(token_digest: str) -> None:
    """The re-reading is over: waiters not given an actor by :func:`put` take the route."""
    _settle(_refreshing.pop(token_digest, None), None)


async def wait_for_refresh(pending: asyncio.Future[Actor | None]) -> Actor | None:
    """The actor the other request read, or None (nothing kept, or not within REFRESH_WAIT)."""
    try:
        return await asyncio.wait_for(asyncio.shield(pending), REFRESH_WAIT)
    except TimeoutError:
        return None


def _watched(objects: Iterable[object]) -> bool:
    return any(isinstance(o, WATCHED) for o in objects)


@event.listens_for(Session, "before_flush")
def _on_flush(session: Session, _context: object, _instances: object) -> None:
    if _watched(session.dirty) or _watched(session.deleted) or _watched(session.new):
        session.info[_TOUCHED] = True
        clear()


@event.listens_for(Session, "do_orm_execute")
def _on_execute(state: ORMExecuteState) -> None:
    if not (state.is_update or state.is_delete):
        return
    mapper = state.bind_mapper
    if mapper is not None and issubclass(mapper.class_, WATCHED):
        state.session.info[_TOUCHED] = True
        clear()


@event.listens_for(Session, "after_commit")
def _on_commit(session: Session) -> None:
    if session.info.pop(_TOUCHED, False):
        clear()


@event.listens_for(Session, "after_soft_rollback")
def _on_rollback(session: Session, _previous: object) -> None:
    session.info.pop(_TOUCHED, None)
