"""``dancu demo`` on both engines: the citizen it prints logs in at level 2 with the SMS code from the
outbox, and the demo commune's residents hold a card recorded through the card procedure."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import make_url, select
from sqlalchemy.ext.asyncio import AsyncEngine
from typer.testing import CliRunner

from dancu.app import create_app
from dancu.audit.models import Event, EventType
from dancu.cli.main import app as cli_app
from dancu.db.engine import make_engine
from dancu.enums.registry import Item, Source
from dancu.identity.models import Account, EidLevel
from dancu.notify.models import OutboxMessage
from dancu.registry.models import Citizen, Fact
from dancu.settings import Settings, get_settings
from tests.conftest import BACKENDS, _pg_admin
from tests.support.migrated import migrated_postgres, migrated_sqlite


@pytest.fixture(params=BACKENDS)
def fresh_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database of its own: the command commits, unlike the tests' savepoint sessions."""
    if request.param == "sqlite":
        url = migrated_sqlite(tmp_path_factory.mktemp("demo") / "demo.sqlite3")
    else:
        url = migrated_postgres()
    yield url
    if request.param == "postgresql":
        asyncio.run(_pg_admin(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))


def _demo(url: str, monkeypatch: pytest.MonkeyPatch, *args: str) -> str:
    monkeypatch.setenv("DANCU_DATABASE_URL", url)
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(cli_app, ["demo", "--citizens", "60", *args])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    return result.stdout


async def _last_code(engine: AsyncEngine, mobile: str) -> str:
    async with engine.connect() as conn:
        query = select(OutboxMessage.body).where(OutboxMessage.recipient == mobile)
        body = (await conn.execute(query.order_by(OutboxMessage.id.desc()).limit(1))).scalar_one()
    found = re.search(r"\b(\d{6})\b", body)
    assert found is not None, body
    return found.group(1)


async def _log_in(url: str, login: dict[str, str]) -> dict[str, object]:
    application = create_app(Settings(database_url=url, cookie_secure=False))
    transport = httpx.ASGITransport(app=application)
    engine = make_engine(url)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            credentials = {"username": login["username"], "password": login["password"]}
            response = await client.post("/api/v1/auth/login", json=credentials)
            assert response.status_code == 200, response.text
            assert response.json()["second_factor"] == "code"
            headers = {"Authorization": f"Bearer {response.json()['token']}"}
            code = await _last_code(engine, login["mobile"])
            passed = await client.post("/api/v1/auth/second-factor", json={"code": code}, headers=headers)
            assert passed.status_code == 204, passed.text
            me: dict[str, object] = (await client.get("/api/v1/auth/me", headers=headers)).json()
        return me
    finally:
        await engine.dispose()
        await application.state.engine.dispose()  # type: ignore[attr-defined]


async def _register_of(
    url: str, pin: str
) -> tuple[list[tuple[str, dict[str, str], Source]], list[str], EidLevel]:
    engine = make_engine(url)
    try:
        async with engine.connect() as conn:
            citizen_id = (await conn.execute(select(Citizen.id).where(Citizen.pin == pin))).scalar_one()
            facts = (
                await conn.execute(
                    select(Fact.key, Fact.value, Fact.source).where(
                        Fact.citizen_id == citizen_id, Fact.item == Item.CARD
                    )
                )
            ).all()
            kinds = (
                await conn.execute(select(Event.event_type).where(Event.subject_citizen_id == citizen_id))
            ).scalars()
            level = (
                await conn.execute(select(Account.eid_level).where(Account.username == pin))
            ).scalar_one()
            return [(row.key, row.value, row.source) for row in facts], [str(kind) for kind in kinds], level
    finally:
        await engine.dispose()


def test_the_printed_citizen_logs_in_at_level_2_and_holds_a_card(
    fresh_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = json.loads(_demo(fresh_url, monkeypatch, "--json"))
    login = report["citizen_login"]
    assert login is not None and login["level"] == "2" and login["created"] is True
    assert report["sms_codes_at"] == "/dev/outbox" and report["cards_recorded"] >= 1
    me = asyncio.run(_log_in(fresh_url, login))
    assert me["username"] == login["username"] and me["role"] is None, me
    facts, events, level = asyncio.run(_register_of(fresh_url, login["username"]))
    assert level is EidLevel.LEVEL_2
    assert [(key, value["kind"], source) for key, value, source in facts] == [
        (login["username"], "can_cuoc", Source.CARD_PROCEDURE)
    ]
    assert EventType.CARD_RECORDED in events and EventType.EID_UPGRADED in events
    # A second run leaves the cards and the account as they are, and prints the same login.
    again = json.loads(_demo(fresh_url, monkeypatch, "--json"))
    assert again["cards_recorded"] == 0
    assert again["citizen_login"] == login | {"created": False}


def test_the_default_output_is_a_table_of_logins_with_entry_addresses(
    fresh_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    table = _demo(fresh_url, monkeypatch, "--base-url", "http://127.0.0.1:9000/")
    assert not table.lstrip().startswith("{")
    for expected in ("demo.hoankiem", "DEMOHOANKIEMQQQQQQQQQQQQQQQQQQQQ", "demo-congdan-2025", "/portal"):
        assert expected in table
    assert {"/login", "/app", "/dev/outbox", "http://127.0.0.1:9000"} <= set(
        re.findall(r"http://[\d.:]+|/[a-z/]+", table)
    )
    assert len(table.splitlines()) < 25
