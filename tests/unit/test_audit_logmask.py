"""The log-record mask: PINs and query-string values never reach a handler."""

from __future__ import annotations

import logging

import pytest

from dancu.audit import logmask


@pytest.mark.parametrize(
    ("raw", "masked"),
    [
        ("GET /api/v1/registry/citizens/001190621150 200", "GET /api/v1/registry/citizens/************ 200"),
        ("pin=0011906211509", "pin=************"),
        ("/citizens?name=Nguy%E1%BB%85n&dob=1990 x", "/citizens?name=***&dob=*** x"),
        ("card 12345 and year 2026", "card 12345 and year 2026"),
    ],
)
def test_mask(raw: str, masked: str) -> None:
    assert logmask.mask(raw) == masked


def test_installed_factory_masks_arguments(caplog: pytest.LogCaptureFixture) -> None:
    logmask.install()
    logmask.install()  # idempotent: one wrapper
    with caplog.at_level(logging.INFO):
        logging.getLogger("dancu.test").info("looked up %s for %s", "001190621150", "x")
    assert caplog.records[-1].getMessage() == "looked up ************ for x"
