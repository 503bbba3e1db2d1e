"""Rules of the data subject's rights, the breach clock, retention and substitute consent, as data."""

from __future__ import annotations

import datetime as dt

import pytest

from dancu.calendar.queries import load_calendar
from dancu.enums.registry import LifeStatus, RelationRole
from dancu.errors import Conflict
from dancu.exploitation.requests import substitutes
from dancu.privacy import policies
from dancu.privacy.models import DataScope, RightKind, RightStatus
from dancu.privacy.policies import RetentionAction


def test_every_kind_has_its_days_from_nd356() -> None:
    """NĐ 356/2025 Điều 5 [S]: view / correct 10 (+10), delete 20 (+20), restrict / object 15
    (+15); acknowledgement within 02 working days."""
    rules = policies.rights()
    assert rules.acknowledge_working_days == 2
    days = {kind: (rule.days, rule.extension_days) for kind, rule in rules.kinds.items()}
    assert days == {
        RightKind.ACCESS: (10, 10),
        RightKind.CORRECTION: (10, 10),
        RightKind.DELETION: (20, 20),
        RightKind.RESTRICTION: (15, 15),
        RightKind.OBJECTION: (15, 15),
    }


def test_the_register_cannot_be_deleted_restricted_or_objected_to() -> None:
    """Luật Căn cước Điều 8 khoản 6: the register and its history are kept in full; Luật 91 Điều
    14 khoản 2, Điều 19 [S]: processing the law requires may be refused."""
    for kind in (RightKind.DELETION, RightKind.RESTRICTION, RightKind.OBJECTION):
        assert not policies.grantable(kind, DataScope.REGISTER)
        assert not policies.grantable(kind, DataScope.ACCESS_LOG)
    assert policies.grantable(RightKind.OBJECTION, DataScope.CONSENT_PROVISION)
    assert policies.grantable(RightKind.DELETION, DataScope.NOTIFICATIONS)


def test_acknowledgement_counts_working_days() -> None:
    calendar = load_calendar()
    friday = dt.date(2026, 12, 4)
    assert policies.acknowledge_by(friday, calendar) == dt.date(2026, 12, 8)
    assert policies.due_on(RightKind.DELETION, friday, calendar) == dt.date(2026, 12, 24)


def test_a_closed_request_moves_nowhere() -> None:
    for closed in (RightStatus.GRANTED, RightStatus.REFUSED, RightStatus.WITHDRAWN):
        with pytest.raises(Conflict):
            policies.ensure_move(closed, RightStatus.ACKNOWLEDGED)


def test_breach_notice_is_due_72_hours_after_detection() -> None:
    """Luật 91/2025 Điều 23 khoản 1 [S]: "chậm nhất là 72 giờ kể từ khi phát hiện"."""
    detected = dt.datetime(2026, 12, 1, 1, 0, tzinfo=dt.UTC)
    due = policies.notify_by(detected)
    assert due == dt.datetime(2026, 12, 4, 1, 0, tzinfo=dt.UTC)
    assert not policies.breach_overdue(due, None, due)
    assert policies.breach_overdue(due, None, due + dt.timedelta(seconds=1))
    assert not policies.breach_overdue(due, due - dt.timedelta(hours=1), due + dt.timedelta(days=9))


def test_shipped_retention_keeps_the_register_and_logs() -> None:
    """Luật Căn cước Điều 8 khoản 6 and TT 117 Điều 17 khoản 8 [S]: the shipped schedule keeps the
    register, the log, dossiers, documents and cases; it only deletes operational copies."""
    schedule = {rule.name: rule for rule in policies.retention()}
    for kept in ("register_history", "access_log", "request_dossiers", "documents", "privacy_cases"):
        assert schedule[kept].action is RetentionAction.KEEP
    deleting = {name for name, rule in schedule.items() if rule.action is RetentionAction.DELETE}
    assert deleting == {"outbox_sent", "citizen_notifications_read"}
    assert all(rule.covers and rule.basis for rule in schedule.values())


def test_substitute_consent_follows_luat_can_cuoc_dieu_16_k3_d() -> None:
    """Luật Căn cước Điều 16 khoản 3 điểm d: the missing → người đại diện hợp pháp only; the dead
    → người thừa kế (first rank at law), adults only; nobody decides for the living this way."""
    missing = substitutes.rule_for(LifeStatus.MISSING)
    dead = substitutes.rule_for(LifeStatus.DEAD)
    assert missing is not None and dead is not None
    assert missing.relation_roles == {RelationRole.LEGAL_REPRESENTATIVE}
    assert RelationRole.LEGAL_REPRESENTATIVE not in dead.relation_roles
    assert RelationRole.CHILD in dead.relation_roles and dead.min_age == 18
    assert substitutes.rule_for(LifeStatus.ALIVE) is None


def test_the_worker_runs_the_retention_sweep() -> None:
    from dancu.jobs.sweeps import sweeps

    assert "privacy.retention" in {s.name for s in sweeps()}
