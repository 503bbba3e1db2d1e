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


def test_the_quick_check_never_skips_what_the_substitutions_would_mask() -> None:
    """``mask`` skips the substitutions when its one search finds neither pattern's start: over
    texts built from the pieces that make or break either pattern, the answer is the substitutions'."""
    pieces = ["001190621150", "12345678901", "?q=", "&x=1", "?=", "a=b", "/p", " ", "#", "&", "?"]

    def full(text: str) -> str:
        return logmask.PIN_PATTERN.sub(logmask.MASK, logmask.QUERY_VALUE.sub(r"\1***", text))

    texts = [a + b + c for a in pieces for b in pieces for c in pieces]
    assert sum(logmask.mask(t) != t for t in texts) > 100  # the set holds texts that are masked
    assert [logmask.mask(t) for t in texts] == [full(t) for t in texts]


def test_installed_factory_masks_arguments(caplog: pytest.LogCaptureFixture) -> None:
    logmask.install()
    logmask.install()  # idempotent: one wrapper
    with caplog.at_level(logging.INFO):
        logging.getLogger("dancu.test").info("looked up %s for %s", "001190621150", "x")
    assert caplog.records[-1].getMessage() == "looked up ************ for x"


def test_uvicorn_access_lines_still_format_and_are_masked() -> None:
    """uvicorn's access formatter unpacks record.args itself: masking must keep their shape."""
    from uvicorn.logging import AccessFormatter

    from dancu.audit import logmask

    logmask.install()
    record = logging.getLogger("uvicorn.access").makeRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", "/api/v1/registry/citizens/001099012345?name=Lan", "1.1", 200),
        None,
    )
    line = AccessFormatter(fmt="%(client_addr)s %(request_line)s %(status_code)s").format(record)
    assert "001099012345" not in line and "Lan" not in line
    assert "/api/v1/registry/citizens/************?name=***" in line
