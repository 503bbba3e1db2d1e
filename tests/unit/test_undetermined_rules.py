"""The undetermined-nationality procedure's rules (NĐ 70 Điều 24 as amended by NĐ 58/2026) as data:
the packaged numbers, an operator's copy, and the pure reckoning of deadlines and residence."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dancu import configdir
from dancu.access.permissions import OfficerRole
from dancu.settings import get_settings
from dancu.undetermined import policies
from dancu.undetermined.actions import months_between, residence_met
from dancu.undetermined.models import DossierStatus, Stage, UndeterminedDossier
from dancu.undetermined.queries import waiting_on


@pytest.fixture
def operator_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setattr(get_settings(), "config_dir", tmp_path)
    yield tmp_path


def _write(directory: Path, **changes: Any) -> None:
    data = json.loads((policies.DATA / policies.FILE).read_text(encoding="utf-8")) | changes
    (directory / policies.FILE).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_the_packaged_numbers_are_the_decree_s() -> None:
    """Khoản 4: 01 working day, 30 days, at most 60, ≥ 06 months; khoản 7: 15 days; khoản 1: the
    commune police of the province or the provincial identity office receive."""
    rules = policies.rules()
    assert (rules.start_working_days, rules.verification_days, rules.complex_max_days) == (1, 30, 60)
    assert (rules.residence_months, rules.pin_days) == (6, 15)
    assert set(rules.receiving_roles) == {OfficerRole.COMMUNE_POLICE, OfficerRole.PROVINCIAL_POLICE}
    assert configdir.check_all() == []
    assert policies.verification_due(dt.date(2026, 12, 4)) == dt.date(2027, 1, 3)
    assert policies.pin_due(dt.date(2026, 12, 4)) == dt.date(2026, 12, 19)


def test_an_operator_s_copy_decides_and_a_broken_one_is_refused_by_key(operator_dir: Path) -> None:
    _write(operator_dir, verification_days=45, complex_max_days=60)
    assert policies.verification_due(dt.date(2026, 12, 4)) == dt.date(2027, 1, 18)
    _write(operator_dir, verification_days=45, complex_max_days=40)
    with pytest.raises(configdir.ConfigProblem) as broken:
        policies.rules()
    assert broken.value.key == "complex_max_days"
    _write(operator_dir, receiving_roles=["identity_agency"])
    with pytest.raises(configdir.ConfigProblem) as wrong_role:
        policies.rules()
    assert wrong_role.value.key == "receiving_roles"


def test_six_months_of_residence_are_counted_in_whole_months() -> None:
    """Khoản 4: "đã sinh sống liên tục từ 06 tháng trở lên" — a day short is not six months."""
    assert months_between(dt.date(2025, 6, 10), dt.date(2025, 12, 9)) == 5
    assert months_between(dt.date(2025, 6, 10), dt.date(2025, 12, 10)) == 6
    dossier = UndeterminedDossier(residence_since=dt.date(2025, 6, 10), residence_continuous=True)
    assert not residence_met(dossier, dt.date(2025, 12, 9)) and residence_met(dossier, dt.date(2025, 12, 10))
    broken = UndeterminedDossier(residence_since=dt.date(2020, 1, 1), residence_continuous=False)
    assert not residence_met(broken, dt.date(2025, 12, 10))


def test_each_state_waits_on_its_own_deadline() -> None:
    base = {"start_due_on": dt.date(2026, 12, 7)}
    received = UndeterminedDossier(status=DossierStatus.RECEIVED, **base)
    due = waiting_on(received, certified=False)
    assert due is not None and (due.stage, due.on) == (Stage.START, dt.date(2026, 12, 7))
    assert due.overdue(dt.date(2026, 12, 8)) and not due.overdue(dt.date(2026, 12, 7))
    verifying = UndeterminedDossier(
        status=DossierStatus.VERIFYING, verification_due_on=dt.date(2027, 1, 3), **base
    )
    assert waiting_on(verifying, certified=False) == type(due)(Stage.VERIFICATION, dt.date(2027, 1, 3))
    accepted = UndeterminedDossier(status=DossierStatus.ACCEPTED, pin_due_on=dt.date(2026, 12, 19), **base)
    assert waiting_on(accepted, certified=False) == type(due)(Stage.CERTIFICATE, dt.date(2026, 12, 19))
    assert waiting_on(accepted, certified=True) is None
    assert waiting_on(UndeterminedDossier(status=DossierStatus.REFUSED, **base), certified=False) is None
