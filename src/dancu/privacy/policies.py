"""Rules of the data subject's rights, the breach clock and retention, as data (``data/rights.json``
and ``data/retention.json``, or the operator's copies in ``DANCU_CONFIG_DIR``).

Pure functions over those files (no database), so the day counts, what each kind may grant
and the 72-hour clock are unit-tested alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from dancu import configdir
from dancu.access.actor import Actor
from dancu.access.permissions import OfficerRole
from dancu.calendar.queries import WorkCalendar, deadline
from dancu.errors import Conflict, Forbidden
from dancu.privacy.models import DataScope, RightKind, RightStatus

DATA = Path(__file__).parent / "data"
LEGAL_BASIS = "Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15 Điều 4 khoản 1; Nghị định 356/2025/NĐ-CP Điều 5"
BREACH_BASIS = "Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15 Điều 23 khoản 1"
BREACH_NOTICE_HOURS = 72  # "chậm nhất là 72 giờ kể từ khi phát hiện hành vi vi phạm" (Luật 91 Điều 23 k1 [S])
SYSTEM_ISSUER = "Hệ thống Cơ sở dữ liệu quốc gia về dân cư"
A05 = "Cục An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao (A05) - Bộ Công an"


@dataclass(frozen=True)
class KindRule:
    days: int
    extension_days: int
    grantable: frozenset[DataScope]


@dataclass(frozen=True)
class Rights:
    acknowledge_working_days: int
    calendar_days: bool
    kinds: dict[RightKind, KindRule]


class _KindRuleFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    days: int = Field(ge=1, le=365)
    extension_days: int = Field(ge=0, le=365)
    grantable: list[DataScope]


class _RightsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    metadata: dict[str, Any] | None = None
    acknowledge_working_days: int = Field(ge=1, le=60)
    day_kind: Literal["calendar", "working"]
    kinds: dict[RightKind, _KindRuleFile]


def parse_rights(raw: dict[str, Any]) -> Rights:
    """rights.json checked: every kind of request has its days and what it may grant."""
    data = configdir.validated(_RightsFile, raw)
    missing = sorted(k.value for k in set(RightKind) - set(data.kinds))
    if missing:
        raise configdir.ConfigProblem(f"kinds.{missing[0]}", "missing: every kind of request needs a rule")
    kinds = {
        kind: KindRule(rule.days, rule.extension_days, frozenset(rule.grantable))
        for kind, rule in data.kinds.items()
    }
    return Rights(data.acknowledge_working_days, data.day_kind == "calendar", kinds)


configdir.register("rights.json", DATA / "rights.json", parse_rights)


@cache
def rights() -> Rights:
    result: Rights = configdir.parse("rights.json", parse_rights)
    return result


def _add_days(start: dt.date, days: int, calendar: WorkCalendar) -> dt.date:
    if rights().calendar_days:
        return start + dt.timedelta(days=days)
    return deadline(start, days, calendar=calendar)


def acknowledge_by(received: dt.date, calendar: WorkCalendar) -> dt.date:
    """The last day to acknowledge the request and tell the subject the procedure (02 working days)."""
    return deadline(received, rights().acknowledge_working_days, calendar=calendar)


def due_on(kind: RightKind, received: dt.date, calendar: WorkCalendar) -> dt.date:
    return _add_days(received, rights().kinds[kind].days, calendar)


def extended_due(kind: RightKind, current: dt.date, calendar: WorkCalendar) -> dt.date:
    return _add_days(current, rights().kinds[kind].extension_days, calendar)


def grantable(kind: RightKind, scope: DataScope) -> bool:
    return scope in rights().kinds[kind].grantable


S = RightStatus
TRANSITIONS: dict[RightStatus, frozenset[RightStatus]] = {
    S.SUBMITTED: frozenset({S.ACKNOWLEDGED, S.GRANTED, S.REFUSED, S.WITHDRAWN}),
    S.ACKNOWLEDGED: frozenset({S.GRANTED, S.REFUSED, S.WITHDRAWN}),
    S.GRANTED: frozenset(),
    S.REFUSED: frozenset(),
    S.WITHDRAWN: frozenset(),
}
OPEN = frozenset(status for status, targets in TRANSITIONS.items() if targets)


def ensure_move(current: RightStatus, target: RightStatus) -> RightStatus:
    if target not in TRANSITIONS[current]:
        raise Conflict("privacy.transition_not_allowed", status_from=current.value, status_to=target.value)
    return target


def overdue(status: RightStatus, due: dt.date, today: dt.date) -> bool:
    return status in OPEN and today > due


# The identity agency of the Ministry manages the register as its controller (Luật Căn cước Điều 8
# khoản 1: "quản lý tập trung, thống nhất tại cơ quan quản lý căn cước của Bộ Công an"), so it
# answers the subject's requests; commune and provincial police take paper requests for it.
DECIDERS = frozenset({OfficerRole.IDENTITY_AGENCY})


def ensure_decides(actor: Actor) -> None:
    if actor.role not in DECIDERS:
        raise Forbidden("auth.out_of_territory")


# --- Breaches -------------------------------------------------------------------------------------


def notify_by(detected_at: dt.datetime) -> dt.datetime:
    return detected_at + dt.timedelta(hours=BREACH_NOTICE_HOURS)


def breach_overdue(notify_deadline: dt.datetime, notified_at: dt.datetime | None, now: dt.datetime) -> bool:
    """Not notified and past the 72 hours, or notified after them."""
    return (notified_at or now) > notify_deadline


def hours_left(notify_deadline: dt.datetime, now: dt.datetime) -> float:
    return round((notify_deadline - now).total_seconds() / 3600, 1)


# --- Retention ------------------------------------------------------------------------------------


class RetentionAction(StrEnum):
    KEEP = "keep"
    DELETE = "delete"
    ARCHIVE = "archive"


@dataclass(frozen=True)
class RetentionClass:
    name: str
    covers: str
    action: RetentionAction
    period_days: int | None
    trigger: str | None
    basis: str


# What the sweep can do per class; a class not listed here can only be kept. The register's
# history, the access log and documents are never here: they are append-only by law and by trigger.
SWEEPABLE: dict[str, frozenset[RetentionAction]] = {
    "outbox_sent": frozenset({RetentionAction.DELETE}),
    "citizen_notifications_read": frozenset({RetentionAction.DELETE}),
    "correction_attachments": frozenset({RetentionAction.ARCHIVE}),
    "request_attachments": frozenset({RetentionAction.ARCHIVE}),
}


class _RetentionClassFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    covers: str = Field(min_length=1)
    action: RetentionAction
    period_days: int | None = None
    trigger: str | None = None
    basis: str = Field(min_length=1)


class _RetentionFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    metadata: dict[str, Any] | None = None
    classes: list[_RetentionClassFile]


def parse_retention(raw: dict[str, Any]) -> list[RetentionClass]:
    """The schedule, checked: a period for every delete/archive, and only where the sweep can act."""
    data = configdir.validated(_RetentionFile, raw)
    out = []
    for index, entry in enumerate(data.classes):
        rule = RetentionClass(
            name=entry.name,
            covers=entry.covers,
            action=entry.action,
            period_days=entry.period_days,
            trigger=entry.trigger,
            basis=entry.basis,
        )
        if rule.action is not RetentionAction.KEEP:
            if rule.action not in SWEEPABLE.get(rule.name, frozenset()):
                raise configdir.ConfigProblem(
                    f"classes.{index}.action", f"class {rule.name!r} cannot be {rule.action.value}"
                )
            if rule.period_days is None or rule.period_days < 1:
                raise configdir.ConfigProblem(
                    f"classes.{index}.period_days", f"class {rule.name!r} needs a period of at least one day"
                )
        out.append(rule)
    return out


configdir.register("retention.json", DATA / "retention.json", parse_retention)


@cache
def retention() -> list[RetentionClass]:
    result: list[RetentionClass] = configdir.parse("retention.json", parse_retention)
    return result
