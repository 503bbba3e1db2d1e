"""``dancu sharing``: the feed worker as an operator runs it, on a database of its own."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.db.engine import make_engine
from dancu.registry.actions.births import register_birth
from dancu.registry.schemas import BirthIn
from tests.support.builders import birth_body
from tests.support.cli import run_cli, sqlite_url


async def _births(url: str, count: int) -> None:
    engine = make_engine(url)
    try:
        async with AsyncSession(engine) as session:
            for _ in range(count):
                await register_birth(
                    session, BirthIn.model_validate(birth_body()), actor=Actor.system("test")
                )
            await session.commit()
    finally:
        await engine.dispose()


def test_worker_sequences_the_register_changes_once(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "feed.sqlite3")
    assert run_cli("db", "upgrade", database_url=url).exit_code == 0
    asyncio.run(_births(url, 2))
    first = run_cli("sharing", "deliver-webhooks", "--once", database_url=url)
    assert first.exit_code == 0, first.stderr
    # Each birth is logged with its links to the two parents: three register events.
    assert json.loads(first.stdout) == {"sequenced": 6, "attempts": 0}
    again = run_cli("sharing", "sequence-feed", database_url=url)
    assert again.exit_code == 0, again.stderr
    assert json.loads(again.stdout) == {"sequenced": 0, "attempts": 0}
