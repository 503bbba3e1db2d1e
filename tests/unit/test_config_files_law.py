"""The competence table, the data subject's rights, the retention schedule and substitute consent are
operator configuration like the channel, routing and fee files (issue 12: "Configuration files for
channels, routing, procedures, fees, pauses and delegations loadable from an operator directory
(`DANCU_CONFIG_DIR`), validated at start with clear errors"; "Anything assumed in law ([M]) is data").

Each file: registered, an operator copy overrides the packaged one, and a broken copy is refused at
start naming the file, the key and the rule."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import dancu.app  # noqa: F401  (every feature registers its files)
from dancu import configdir
from dancu.access.positions import DecisionKind, Position
from dancu.cli.main import app
from dancu.competence import policies as competence
from dancu.enums.registry import LifeStatus, RelationRole
from dancu.exploitation.requests import substitutes
from dancu.privacy import policies as privacy
from dancu.privacy.models import RightKind
from dancu.settings import get_settings

FILES = ("competence.json", "rights.json", "retention.json", "substitute_consent.json")


def _clear() -> None:
    competence.rules.cache_clear()
    privacy.rights.cache_clear()
    privacy.retention.cache_clear()
    substitutes.rules.cache_clear()


@pytest.fixture
def operator_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setattr(get_settings(), "config_dir", tmp_path)
    _clear()
    yield tmp_path
    _clear()


def _packaged(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(configdir.registered()[name].default.read_text(encoding="utf-8"))
    return data


def _write(directory: Path, name: str, data: dict[str, Any]) -> None:
    (directory / name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_the_four_files_are_registered_and_the_packaged_copies_are_valid() -> None:
    assert set(FILES) <= set(configdir.registered())
    assert configdir.check_all() == []


def test_an_operator_competence_table_overrides_the_packaged_one(operator_dir: Path) -> None:
    """TT 117/2026 Điều 3 khoản 6 names the Trưởng Công an cấp xã; applying the same rule to the other
    tiers, and whether a proposal is required, are [M]: the operator's competence.json decides."""
    data = _packaged("competence.json")
    data["proposal_required"] = True
    data["kinds"]["pin"]["by_delegation"] = []
    _write(operator_dir, "competence.json", data)
    assert configdir.check_all() == []
    rules = competence.rules()
    assert rules.proposal_required is True
    assert rules.of(DecisionKind.PIN).by_delegation == frozenset()
    assert rules.of(DecisionKind.CORRECTION).by_delegation == {Position.DEPUTY}


def test_an_operator_rights_file_overrides_the_packaged_one(operator_dir: Path) -> None:
    """NĐ 356/2025 Điều 5 [S]: the per-kind days are summaries; the operator's rights.json is what runs."""
    data = _packaged("rights.json")
    data["kinds"]["deletion"]["days"] = 30
    data["day_kind"] = "working"
    _write(operator_dir, "rights.json", data)
    assert configdir.check_all() == []
    rules = privacy.rights()
    assert rules.kinds[RightKind.DELETION].days == 30 and rules.calendar_days is False


def test_an_operator_retention_schedule_overrides_the_packaged_one(operator_dir: Path) -> None:
    """Luật 91/2025 Điều 3 khoản 3 [S]: no numeric period is in law, every period is [M]."""
    data = _packaged("retention.json")
    for entry in data["classes"]:
        if entry["name"] == "outbox_sent":
            entry["period_days"] = 30
    _write(operator_dir, "retention.json", data)
    assert configdir.check_all() == []
    schedule = {rule.name: rule for rule in privacy.retention()}
    assert schedule["outbox_sent"].period_days == 30


def test_an_operator_substitute_consent_file_overrides_the_packaged_one(operator_dir: Path) -> None:
    """Luật Căn cước Điều 16 khoản 3 điểm d: "người thừa kế"; which register roles stand for the heirs
    and from what age are [M] defaults an operator may change."""
    data = _packaged("substitute_consent.json")
    data["dead"]["relation_roles"] = ["wife", "husband", "child"]
    data["dead"]["min_age"] = 21
    _write(operator_dir, "substitute_consent.json", data)
    assert configdir.check_all() == []
    dead = substitutes.rule_for(LifeStatus.DEAD)
    assert dead is not None and dead.min_age == 21
    assert dead.relation_roles == {RelationRole.WIFE, RelationRole.HUSBAND, RelationRole.CHILD}


Change = Callable[[dict[str, Any]], None]


def _competence_staff(d: dict[str, Any]) -> None:
    d["kinds"]["correction"]["decide"] = ["head", "staff"]


def _competence_missing(d: dict[str, Any]) -> None:
    del d["kinds"]["collection"]


def _competence_position(d: dict[str, Any]) -> None:
    d["kinds"]["pin"]["by_delegation"] = ["chief"]


def _competence_flag(d: dict[str, Any]) -> None:
    d["two_person_rule"] = "maybe"


def _rights_day_kind(d: dict[str, Any]) -> None:
    d["day_kind"] = "lunar"


def _rights_missing(d: dict[str, Any]) -> None:
    del d["kinds"]["objection"]


def _rights_scope(d: dict[str, Any]) -> None:
    d["kinds"]["access"]["grantable"] = ["everything"]


def _retention_delete_register(d: dict[str, Any]) -> None:
    d["classes"][0]["action"] = "delete"
    d["classes"][0]["period_days"] = 1


def _retention_no_period(d: dict[str, Any]) -> None:
    for entry in d["classes"]:
        if entry["name"] == "outbox_sent":
            entry["period_days"] = None


def _substitute_role(d: dict[str, Any]) -> None:
    d["missing"]["relation_roles"] = ["neighbour"]


def _substitute_age(d: dict[str, Any]) -> None:
    d["dead"]["min_age"] = -1


def _substitute_missing(d: dict[str, Any]) -> None:
    del d["dead"]


@pytest.mark.parametrize(
    ("name", "change", "key", "rule"),
    [
        ("competence.json", _competence_staff, "kinds.correction", "staff may propose, never decide"),
        ("competence.json", _competence_missing, "kinds.collection", "is missing"),
        ("competence.json", _competence_position, "kinds.pin.by_delegation", "positions must be among"),
        ("competence.json", _competence_flag, "two_person_rule", "boolean"),
        ("rights.json", _rights_day_kind, "day_kind", "calendar"),
        ("rights.json", _rights_missing, "kinds.objection", "missing"),
        ("rights.json", _rights_scope, "kinds.access.grantable.0", "register"),
        ("retention.json", _retention_delete_register, "classes.0.action", "cannot be delete"),
        ("retention.json", _retention_no_period, "classes.7.period_days", "at least one day"),
        ("substitute_consent.json", _substitute_role, "missing.relation_roles.0", "legal_representative"),
        ("substitute_consent.json", _substitute_age, "dead.min_age", "greater than or equal"),
        ("substitute_consent.json", _substitute_missing, "dead", "Field required"),
    ],
)
def test_a_broken_operator_copy_is_refused_naming_file_key_and_rule(
    operator_dir: Path, name: str, change: Change, key: str, rule: str
) -> None:
    data = copy.deepcopy(_packaged(name))
    change(data)
    _write(operator_dir, name, data)
    problems = [p for p in configdir.check_all() if Path(p.file).name == name]
    assert [(p.key, rule in p.rule) for p in problems] == [(key, True)], problems
    loader = {
        "competence.json": competence.rules,
        "rights.json": privacy.rights,
        "retention.json": privacy.retention,
        "substitute_consent.json": substitutes.rules,
    }[name]
    with pytest.raises(configdir.ConfigProblem) as refused:
        loader()
    assert refused.value.key == key and name in refused.value.file


def test_serve_refuses_to_start_on_a_broken_competence_table(operator_dir: Path) -> None:
    """A file letting staff decide is refused at start, not obeyed (TT 117/2026 Điều 17 khoản 3)."""
    data = _packaged("competence.json")
    _competence_staff(data)
    _write(operator_dir, "competence.json", data)
    result = CliRunner().invoke(app, ["serve"])
    assert result.exit_code == 2
    assert "competence.json" in result.output and "staff may propose, never decide" in result.output
