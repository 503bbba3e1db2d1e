"""The shared builders (tests/support/builders.py) make an agency whose staff can log in."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests.support.builders import PASSWORD, bearer_for, member, organisation, registrar


async def test_helpers_build_an_agency_member_who_can_log_in(
    client: httpx.AsyncClient, session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    org = await organisation(client, await registrar(client, session), "bo.tuphap")
    admin = await bearer_for(client, "bo.tuphap", PASSWORD)
    await member(client, session, admin, org["organisation_id"], "bo.tuphap.cb1", ["full_name"])
    staff = await bearer_for(client, "bo.tuphap.cb1", PASSWORD)
    me = await client.get("/api/v1/auth/me", headers=staff)
    assert me.status_code == 200
    assert "access:citizen:lookup" in me.json()["permissions"]
    assert "access:organisation:manage" not in me.json()["permissions"]
