"""The fee rate table (rates.json) is operator data loadable from ``DANCU_CONFIG_DIR`` and checked at
start like the other configuration files (issue 12: "Configuration files for channels, routing,
procedures, fees, pauses and delegations loadable from an operator directory (`DANCU_CONFIG_DIR`),
validated at start with clear errors")."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import dancu.app  # noqa: F401  (every feature registers its files)
from dancu import configdir
from dancu.access.groups import ActorGroup
from dancu.exploitation.fees import rules
from dancu.exploitation.fees.enums import ProductCode
from dancu.settings import get_settings


def _clear() -> None:
    rules.shipped_data.cache_clear()
    rules.shipped_table.cache_clear()


@pytest.fixture
def operator_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setattr(get_settings(), "config_dir", tmp_path)
    _clear()
    yield tmp_path
    _clear()


def _packaged() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(rules.RATES_FILE.read_text(encoding="utf-8"))
    return data


def test_rates_json_is_a_registered_configuration_file() -> None:
    assert "rates.json" in configdir.registered()
    assert configdir.check_all() == []


def test_an_operator_rate_table_replaces_the_packaged_one(operator_dir: Path) -> None:
    """TT 48/2022/TT-BTC Biểu phí: SPDC01 "Xác thực thông tin công dân" 1.000 đồng per field; when the
    Ministry of Finance changes the rate, the operator's rates.json is what dancu charges."""
    data = _packaged()
    data["rates"].append(
        {
            "product": "SPDC01",
            "amount_per_field": 2000,
            "valid_from": "2027-01-01",
            "valid_to": None,
            "basis": "Thông tư sửa đổi (operator)",
        }
    )
    for row in data["rates"]:
        if row["product"] == "SPDC01" and row["valid_from"] == "2024-01-01":
            row["valid_to"] = "2026-12-31"
    (operator_dir / "rates.json").write_text(json.dumps(data), encoding="utf-8")
    assert configdir.check_all() == []
    table = rules.shipped_table()
    rate = table.rate_for(ProductCode.SPDC01, dt.date(2027, 3, 1))
    assert rate is not None and rate.amount_per_field == 2000
    assessed = rules.assess(
        ProductCode.SPDC01,
        fields_delivered=3,
        actor_group=ActorGroup.K2,
        own_data=False,
        on=dt.date(2027, 3, 1),
        rates=table,
    )
    assert assessed.amount == 6000


@pytest.mark.parametrize(
    ("change", "key"),
    [
        (lambda d: d["collector_share"].update(collector_percent=40), "collector_share"),
        (lambda d: d["rates"][0].update(amount_per_field=-1), "rates.0.amount_per_field"),
        (lambda d: d["rates"][0].update(product="SPDC09"), "rates.0.product"),
        (lambda d: d["rates"].append(dict(d["rates"][5], amount_per_field=7)), "rates.5"),
        (
            lambda d: d["products_by_delivery"]["channels"].update(fax="SPDC05"),
            "products_by_delivery.channels.fax.[key]",
        ),
    ],
)
def test_a_broken_rate_table_is_named_with_its_key_and_rule(
    operator_dir: Path, change: Any, key: str
) -> None:
    data = _packaged()
    change(data)
    (operator_dir / "rates.json").write_text(json.dumps(data), encoding="utf-8")
    problems = [(Path(p.file).name, p.key) for p in configdir.check_all()]
    assert ("rates.json", key) in problems, problems
    with pytest.raises(configdir.ConfigProblem):
        rules.shipped_data()
