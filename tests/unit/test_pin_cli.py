"""``dancu pin``: JSON on stdout, a bilingual JSON error on stderr with a non-zero exit."""

from __future__ import annotations

import json
from typing import Any

from typer.testing import CliRunner

from dancu.cli.pin import app

runner = CliRunner()


def run(*args: str) -> tuple[int, Any, Any]:
    result = runner.invoke(app, list(args))
    out = json.loads(result.stdout) if result.stdout.strip() else None
    err = json.loads(result.stderr) if result.stderr.strip() else None
    return result.exit_code, out, err


def test_decode_says_hanoi_male_1999() -> None:
    code, out, err = run("decode", "001099012345")
    assert code == 0, err
    assert out["place_name"] == "Hà Nội"
    assert out["place_kind"] == "province"
    assert out["sex"] == "1"
    assert out["sex_label"] == {"vi": "Nam", "en": "Male"}
    assert out["birth_year"] == 1999
    assert out["random_part"] == "012345"


def test_decode_a_birth_registered_abroad() -> None:
    code, out, _ = run("decode", "232205000001")
    assert code == 0
    assert (out["place_kind"], out["place_name"], out["birth_year"]) == ("country", "Nhật Bản", 2005)


def test_validate_rejects_a_short_number_with_a_bilingual_error() -> None:
    code, out, err = run("validate", "12345")
    assert code != 0
    assert out is None
    assert err["error"] == "validation.failed"
    problem = err["errors"][0]
    assert (problem["field"], problem["rule"]) == ("pin", "pin.not_12_digits")
    assert "12 chữ số" in problem["message"]["vi"]
    assert "12 digits" in problem["message"]["en"]


def test_decode_names_an_old_cmnd() -> None:
    code, _, err = run("decode", "123456789")
    assert code != 0
    assert err["errors"][0]["rule"] == "pin.looks_like_cmnd9"
    assert "CMND" in err["errors"][0]["message"]["en"]


def test_decode_rejects_an_unknown_prefix() -> None:
    code, _, err = run("decode", "097099012345")
    assert code != 0
    assert err["errors"][0]["rule"] == "pin.unknown_prefix"
    assert "097" in err["errors"][0]["message"]["vi"]


def test_validate_without_record_fields() -> None:
    code, out, _ = run("validate", "001099012345")
    assert code == 0
    assert out["valid"] is True
    assert out["decoded"]["birth_year"] == 1999
    assert out["warnings"] == []


def test_validate_warns_but_succeeds_when_the_record_differs() -> None:
    code, out, _ = run(
        "validate", "001099012345", "--sex", "2", "--birth-year", "1998", "--birth-registration-prefix", "079"
    )
    assert code == 0  # warnings, not errors: NĐ 70 Điều 11 khoản 8
    assert [w["code"] for w in out["warnings"]] == [
        "sex_mismatch",
        "birth_year_mismatch",
        "birth_registration_mismatch",
    ]
    year = out["warnings"][1]
    assert (year["pin_value"], year["record_value"]) == ("1999", "1998")
    assert year["message"]["vi"].startswith("Năm sinh thể hiện trong số định danh")
    assert year["message"]["en"].startswith("The year of birth encoded in the personal identification number")


def test_validate_with_a_matching_record() -> None:
    code, out, _ = run(
        "validate", "001099012345", "--sex", "1", "--birth-year", "1999", "--birth-registration-prefix", "001"
    )
    assert code == 0
    assert out["warnings"] == []


def test_validate_rejects_an_unknown_record_prefix() -> None:
    code, _, err = run("validate", "001099012345", "--birth-registration-prefix", "999")
    assert code != 0
    assert (err["errors"][0]["field"], err["errors"][0]["rule"]) == (
        "birth_registration_prefix",
        "pin.unknown_prefix",
    )


def test_validate_rejects_a_sex_code_outside_the_table() -> None:
    result = runner.invoke(app, ["validate", "001099012345", "--sex", "3"])
    assert result.exit_code == 2  # a usage error from Typer, before any rule runs
