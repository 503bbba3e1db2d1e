"""Yes/no verification for khoản 2-4 requesters is exploitation (domain.md §3.7): the limits that
keep a yes/no from becoming an oracle (data: verification.json), and the hook through which the
exploitation procedure, a layer above, says whether a permit and the subject's consent cover the
question and charges it (registered by :mod:`dancu.wiring`)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.ext.asyncio import AsyncSession

from dancu import configdir
from dancu.access.actor import Actor

DATA = Path(__file__).parent / "data"


class _LimitsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    metadata: dict[str, Any] | None = None
    period_hours: int = Field(ge=1, le=24 * 366)
    max_per_subject: int = Field(ge=1)
    max_per_requester: int = Field(ge=1)
    age_years_allowed: list[int] = Field(min_length=1)
    one_off_wait_hours: int = Field(default=24, ge=1, le=24 * 30)
    probing_alert_mailbox: str = Field(default="c06.giamsat@canhbao.dancu.local", min_length=3)


@dataclass(frozen=True)
class Limits:
    period_hours: int
    max_per_subject: int
    max_per_requester: int
    age_years_allowed: frozenset[int]
    one_off_wait_hours: int = 24
    probing_alert_mailbox: str = "c06.giamsat@canhbao.dancu.local"


def _limits(raw: dict[str, Any]) -> Limits:
    data = configdir.validated(_LimitsFile, raw)
    if any(not 0 <= y <= 150 for y in data.age_years_allowed):
        raise configdir.ConfigProblem("age_years_allowed", "each between 0 and 150")
    return Limits(
        data.period_hours,
        data.max_per_subject,
        data.max_per_requester,
        frozenset(data.age_years_allowed),
        data.one_off_wait_hours,
        data.probing_alert_mailbox,
    )


configdir.register("verification.json", DATA / "verification.json", _limits)


@cache
def limits() -> Limits:
    result: Limits = configdir.parse("verification.json", _limits)
    return result


@dataclass(frozen=True)
class Grant:
    """The permit and the subject's consent that cover one question."""

    permit_number: str
    consent_ref: str | None


class Gate(Protocol):
    async def grant(
        self, session: AsyncSession, actor: Actor, *, pin: str, fields: tuple[str, ...]
    ) -> Grant | None:
        """The permit (valid today, issued to the actor's organisation or account) naming the PIN
        with a consent that still holds over every field; None otherwise."""
        ...

    async def permit_for(self, session: AsyncSession, actor: Actor, *, fields: tuple[str, ...]) -> str | None:
        """The number of a permit valid today, issued to the actor's organisation (or person), whose
        fields cover the question: the head's permission, to which a one-off consent of the subject
        may be added (domain.md §3.7); None otherwise."""
        ...

    async def charge(
        self, session: AsyncSession, actor: Actor, *, source_ref: str, fields: int
    ) -> int | None:
        """Charge one answered question (SPDC01, per field); the fee receipt's id."""
        ...


_GATE: list[Gate] = []


def register(gate: Gate) -> None:
    _GATE[:] = [gate]


def gate() -> Gate | None:
    return _GATE[0] if _GATE else None
