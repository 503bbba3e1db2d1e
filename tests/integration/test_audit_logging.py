"""No personal data in plain application logs, even at DEBUG."""

from __future__ import annotations

import logging

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.permissions import OfficerRole
from dancu.audit.logmask import MASK
from tests.support.builders import birth_body, issue_headers, make_officer

NAME = {"family": "Hoàng", "middle": "Thị", "given": "Xuyến"}


async def test_api_calls_leave_no_pin_or_name_in_the_logs(
    client: httpx.AsyncClient, session: AsyncSession, caplog: pytest.LogCaptureFixture
) -> None:
    await make_officer(session, username="c06.logs", role=OfficerRole.IDENTITY_AGENCY)
    headers = await issue_headers(session, "c06.logs")
    with caplog.at_level(logging.DEBUG):
        created = await client.post(
            "/api/v1/registry/births",
            json=birth_body(full_name=NAME, date_of_birth="1990-02-03"),
            headers=headers,
        )
        assert created.status_code == 201, created.text
        pin = created.json()["pin"]
        assert (await client.get(f"/api/v1/registry/citizens/{pin}", headers=headers)).status_code == 200
        assert (await client.get(f"/api/v1/registry/citizens/{pin}9", headers=headers)).status_code == 422
        found = await client.get("/api/v1/registry/citizens", params={"name": "Xuyến"}, headers=headers)
        assert found.status_code == 200
        # What uvicorn's access logger would write for the same request.
        logging.getLogger("uvicorn.access").info(
            '%s - "%s %s HTTP/%s" %d', "127.0.0.1:5000", "GET", f"/api/v1/registry/citizens/{pin}", "1.1", 200
        )
    assert caplog.records, "nothing was logged: the test would prove nothing"
    text = "\n".join(record.getMessage() for record in caplog.records) + caplog.text
    assert pin not in text
    assert "Xuyến" not in text and "Hoàng Thị" not in text and "Xuy%E1%BA%BFn" not in text
    assert f"/api/v1/registry/citizens/{MASK}" in text and "citizens?name=***" in text
