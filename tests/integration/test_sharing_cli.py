"""``dancu sharing``: the feed worker as an operator runs it (a separate process)."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.db.engine import make_engine
from dancu.registry.actions.births import register_birth
from dancu.registry.schemas import BirthIn
from tests.integration.test_cli_commands import _run
from tests.support.factories import birth_body


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
    url = f"sqlite+aiosqlite:///{tmp_path / 'feed.sqlite3'}"
    assert _run("db", "upgrade", url=url).returncode == 0
    asyncio.run(_births(url, 2))
    first = _run("sharing", "deliver-webhooks", "--once", url=url)
    assert first.returncode == 0, first.stderr
    # Each birth is logged with its links to the two parents: three register events.
    assert json.loads(first.stdout) == {"sequenced": 6, "attempts": 0}
    again = _run("sharing", "sequence-feed", url=url)
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout) == {"sequenced": 0, "attempts": 0}
