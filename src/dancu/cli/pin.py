"""``dancu pin``: decode and validate a personal identification number (số định danh cá nhân).

Output is JSON on stdout; an invalid PIN is a bilingual JSON error on stderr with exit code 1.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from dancu.cli.common import emit, fail
from dancu.enums.registry import Sex
from dancu.errors import DomainError
from dancu.i18n import both
from dancu.pin import rules

app = typer.Typer(
    help="Số định danh cá nhân — decode a 12-digit personal identification number (PIN) "
    "and check it against a record.",
    no_args_is_help=True,
)

PinArgument = Annotated[
    str, typer.Argument(help="The 12-digit PIN (số định danh cá nhân), e.g. 001099012345")
]


def _decoded_json(decoded: rules.DecodedPin) -> dict[str, Any]:
    return {
        "pin": decoded.pin,
        "prefix": decoded.prefix,
        "place_kind": decoded.place_kind.value,
        "place_name": decoded.place_name,
        "century_digit": decoded.century_digit,
        "sex": decoded.sex.value,
        "sex_label": both(f"pin.sex.{decoded.sex.value}"),
        "birth_year": decoded.birth_year,
        "random_part": f"{decoded.random_part:06d}",
    }


def _warning_json(warning: rules.PinWarning) -> dict[str, Any]:
    return {
        "code": warning.code.value,
        "field": warning.field,
        "pin_value": warning.pin_value,
        "record_value": warning.record_value,
        "message": both(warning.code.message_key),
    }


@app.command()
def decode(pin: PinArgument) -> None:
    """Show what a PIN encodes: place of birth registration, sex, year of birth."""
    try:
        decoded = rules.parse(pin)
    except DomainError as exc:
        fail(exc)
    emit(_decoded_json(decoded))


@app.command()
def validate(
    pin: PinArgument,
    sex: Annotated[
        Sex | None, typer.Option(help="Sex in the record: 1 nam/male, 2 nữ/female (0 = unknown, not checked)")
    ] = None,
    birth_year: Annotated[int | None, typer.Option(help="Year of birth in the record")] = None,
    birth_registration_prefix: Annotated[
        str | None,
        typer.Option(
            help="PIN prefix (3 digits) of the record's place of birth registration, pre-2025 table"
        ),
    ] = None,
) -> None:
    """Validate a PIN; with record fields, warn where the record no longer matches it.

    Warnings do not fail the command: a citizen may keep such a PIN (NĐ 70/2024 Điều 11 khoản 8).
    """
    try:
        decoded = rules.parse(pin)
        warnings = rules.cross_check(
            decoded, sex=sex, birth_year=birth_year, birth_registration_prefix=birth_registration_prefix
        )
    except DomainError as exc:
        fail(exc)
    emit({"valid": True, "decoded": _decoded_json(decoded), "warnings": [_warning_json(w) for w in warnings]})
