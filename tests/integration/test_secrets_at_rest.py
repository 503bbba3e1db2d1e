"""Secrets at rest: TOTP secrets and outbox bodies sealed, one-time codes keyed, and migration 0012
converting rows written before it (issue 10, "Secrets and limits")."""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import select, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession

from dancu import sealing
from dancu.access.permissions import OfficerRole
from dancu.clock import now_utc
from dancu.db import resealing
from dancu.db.engine import make_engine
from dancu.db.migrate import downgrade, upgrade
from dancu.identity.eid_models import CodePurpose
from dancu.identity.models import Account
from dancu.identity.second_factor import check_code, issue_code
from dancu.notify.actions import enqueue
from dancu.notify.models import NotifyChannel, OutboxMessage
from dancu.sealing import Keyring
from tests.conftest import _create_pg_database, _pg_admin
from tests.support.builders import TEST_TOTP_SECRET, make_officer
from tests.support.cli import run_cli


async def _raw(session: AsyncSession, sql: str, **params: object) -> str:
    value = await session.scalar(text(sql), params)
    assert isinstance(value, str)
    return value


async def test_an_officers_totp_secret_is_stored_sealed_and_read_in_clear(session: AsyncSession) -> None:
    account_id, _ = await make_officer(session, username="niem.phong", role=OfficerRole.COMMUNE_POLICE)
    raw = await _raw(session, "SELECT totp_secret FROM account WHERE id = :i", i=account_id)
    assert TEST_TOTP_SECRET not in raw and raw.startswith("s1.")
    session.expunge_all()
    account = await session.get(Account, account_id)
    assert account is not None and account.totp_secret == TEST_TOTP_SECRET


async def test_one_time_codes_are_keyed_digests_and_sms_bodies_are_sealed(session: AsyncSession) -> None:
    account_id, _ = await make_officer(session, username="ma.mot.lan", role=OfficerRole.COMMUNE_POLICE)
    account = await session.get(Account, account_id)
    assert account is not None
    expires = now_utc() + dt.timedelta(minutes=5)
    await issue_code(
        session,
        account,
        purpose=CodePurpose.UNLOCK,
        mobile="0912345678",
        expires_at=expires,
        text="ma {code}",
    )
    body = await _raw(session, "SELECT body FROM outbox WHERE recipient = '0912345678'")
    assert body.startswith("s1.") and not re.search(r"\d{6}", body)
    message = await session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == "0912345678"))
    assert message is not None
    code = message.body.removeprefix("ma ")
    stored = await _raw(session, "SELECT code_hash FROM one_time_code WHERE account_id = :i", i=account_id)
    bare = {hashlib.sha256(f"{account_id}:unlock:{n:06d}".encode()).hexdigest() for n in range(1_000_000)}
    assert stored not in bare, "a bare SHA-256 of the code is recovered by trying every code"
    assert await check_code(session, account, code, purpose=CodePurpose.UNLOCK)


async def _write_old_rows(url: str, code_digest: str) -> None:
    now = now_utc() if url.startswith("postgresql") else now_utc().replace(tzinfo=None)
    engine = make_engine(url)
    async with engine.begin() as conn:
        await conn.execute(
            text(
                "INSERT INTO account (id, username, display_name, password_hash, kind, status, second_factor,"
                " totp_secret, active, failed_logins, lockouts, is_org_admin, created_at) VALUES (1, 'cu',"
                " 'Cu', '!', 'officer', 'active', 'totp', :secret, TRUE, 0, 0, FALSE, :now)"
            ),
            {"secret": TEST_TOTP_SECRET, "now": now},
        )
        await conn.execute(
            text(
                "INSERT INTO one_time_code (account_id, purpose, code_hash, created_at, expires_at, failures)"
                " VALUES (1, 'login', :h, :now, :now, 0)"
            ),
            {"h": code_digest, "now": now},
        )
        await conn.execute(
            text(
                "INSERT INTO outbox (channel, recipient, body, created_at, attempts)"
                " VALUES ('sms', '09', :b, :n, 0)"
            ),
            {"b": "dancu: ma dang nhap 424242", "n": now},
        )
    await engine.dispose()


async def _read(url: str, sql: str) -> sa.Row[tuple[str, ...]]:
    engine = make_engine(url)
    async with engine.connect() as conn:
        row = (await conn.execute(text(sql))).one()
    await engine.dispose()
    return row


@pytest.fixture
def empty_url(backend: str, tmp_path: Path) -> Iterator[str]:
    """A database of its own (the migration runs down and up on it), on the backend under test."""
    if backend == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'old.sqlite3'}"
        return
    url = _create_pg_database()
    yield url
    asyncio.run(_pg_admin(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))


def test_migration_0012_seals_and_keys_rows_written_before_it(empty_url: str) -> None:
    url = empty_url
    upgrade(url, "0011")
    code_digest = hashlib.sha256(b"1:login:424242").hexdigest()
    asyncio.run(_write_old_rows(url, code_digest))
    upgrade(url)
    secret, body, stored = asyncio.run(
        _read(url, "SELECT a.totp_secret, o.body, c.code_hash FROM account a, outbox o, one_time_code c")
    )
    assert sealing.open_text(secret, purpose="account.totp_secret") == TEST_TOTP_SECRET
    assert "424242" not in body and sealing.open_text(body, purpose="outbox.body").endswith("424242")
    assert stored != code_digest and sealing.digest_matches(stored, code_digest)
    downgrade(url, "0011")
    assert asyncio.run(_read(url, "SELECT totp_secret, body FROM account, outbox")) == (
        TEST_TOTP_SECRET,
        "dancu: ma dang nhap 424242",
    )


async def test_reseal_moves_every_value_to_the_first_key_of_the_file(session: AsyncSession) -> None:
    account_id, _ = await make_officer(session, username="xoay.khoa", role=OfficerRole.COMMUNE_POLICE)
    await enqueue(session, channel=NotifyChannel.SMS, recipient="0987654321", body="ma 111111")
    rotated = Keyring(keys={"k2": b"\x02" * 32, sealing.DEV_KEY_ID: sealing.DEV_KEY}, active="k2")
    moved = await resealing.reseal(session, rotated)
    assert moved["account.totp_secret"] >= 1 and moved["outbox.body"] >= 1
    raw = await _raw(session, "SELECT totp_secret FROM account WHERE id = :i", i=account_id)
    assert raw.startswith("s1.k2.")
    assert sealing.open_text(raw, purpose="account.totp_secret", ring=rotated) == TEST_TOTP_SECRET
    assert set((await resealing.reseal(session, rotated)).values()) == {0}
    use = await resealing.key_use(session)
    assert set(use["account.totp_secret"]) == {"k2"} and set(use["outbox.body"]) == {"k2"}


def test_upgrading_rows_in_production_without_keys_is_refused_plainly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'prod.sqlite3'}"
    upgrade(url, "0011")
    asyncio.run(_write_old_rows(url, hashlib.sha256(b"1:login:424242").hexdigest()))
    monkeypatch.setenv("DANCU_MODE", "production")
    monkeypatch.delenv("DANCU_SEALING_KEYS_FILE", raising=False)
    refused = run_cli("db", "upgrade", database_url=url)
    assert refused.exit_code == 1 and "sealing.no_keys" in refused.stderr
    assert "DANCU_SEALING_KEYS_FILE" in refused.stderr
    assert asyncio.run(_read(url, "SELECT totp_secret FROM account")) == (TEST_TOTP_SECRET,)
