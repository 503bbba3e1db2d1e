"""Resealing after a key rotation: every sealed value moved to the active key (``dancu sealing``).

Works on the columns directly, as migration 0012 does: values are opened and sealed again without
being interpreted, so no personal data is read for any purpose. Attachments go in small batches
(they may be large).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from dancu import sealing

# Text columns sealed under the purpose "<table>.<column>" (dancu.db.base.SealedText).
SEALED_TEXT = (("account", "totp_secret"), ("feed_subscription", "webhook_secret"), ("outbox", "body"))
# Tables whose ``content`` is a sealed file bound to its ``sha256`` (dancu.db.attachments).
SEALED_FILES = ("request_attachment", "correction_attachment")
BATCH = 100


def key_id_of_bytes(value: bytes) -> str | None:
    if not value.startswith(sealing.BYTES_PREFIX) or len(value) < 3:
        return None
    return value[3 : 3 + value[2]].decode("ascii", "replace")


async def _reseal_text(session: AsyncSession, table: str, column: str, ring: sealing.Keyring) -> int:
    t = sa.table(table, sa.column("id", sa.Integer), sa.column(column, sa.Text))
    prefix = f"{sealing.TEXT_PREFIX}{ring.active}."
    rows = (await session.execute(sa.select(t.c.id, t.c[column]).where(t.c[column].is_not(None)))).all()
    moved = 0
    purpose = f"{table}.{column}"
    for row_id, value in rows:
        if value.startswith(prefix):
            continue
        plain = sealing.open_text(value, purpose=purpose, ring=ring)
        sealed = sealing.seal_text(plain, purpose=purpose, ring=ring)
        await session.execute(sa.update(t).where(t.c.id == row_id).values({column: sealed}))
        moved += 1
    return moved


async def _reseal_files(session: AsyncSession, table: str, ring: sealing.Keyring) -> int:
    t = sa.table(table, sa.column("id", sa.Integer), sa.column("content", sa.LargeBinary))
    t.append_column(sa.column("sha256", sa.String))
    purpose, moved, after = f"{table}.content", 0, 0
    while True:
        query = sa.select(t.c.id, t.c.content, t.c.sha256).where(t.c.id > after).order_by(t.c.id).limit(BATCH)
        rows: list[Any] = list((await session.execute(query)).all())
        if not rows:
            return moved
        for row in rows:
            stored = bytes(row.content)
            if key_id_of_bytes(stored) == ring.active:
                continue
            plain = sealing.open_bytes(stored, purpose=purpose, context=row.sha256, ring=ring)
            sealed = sealing.seal_bytes(plain, purpose=purpose, context=row.sha256, ring=ring)
            await session.execute(sa.update(t).where(t.c.id == row.id).values(content=sealed))
            moved += 1
        after = rows[-1].id


async def reseal(session: AsyncSession, ring: sealing.Keyring | None = None) -> dict[str, int]:
    """Seal every value not sealed under the active key again with it; the count per column."""
    ring = ring or sealing.current_keyring()
    moved = {f"{t}.{c}": await _reseal_text(session, t, c, ring) for t, c in SEALED_TEXT}
    for table in SEALED_FILES:
        moved[f"{table}.content"] = await _reseal_files(session, table, ring)
    return moved


async def key_use(session: AsyncSession) -> dict[str, dict[str, int]]:
    """How many values each key id seals, per column: an old key may go when it seals none."""
    use: dict[str, dict[str, int]] = {}
    for table, column in SEALED_TEXT:
        t = sa.table(table, sa.column(column, sa.Text))
        values = (await session.scalars(sa.select(t.c[column]).where(t.c[column].is_not(None)))).all()
        counts: dict[str, int] = {}
        for value in values:
            kid = sealing.key_id_of_text(value) or "(not sealed)"
            counts[kid] = counts.get(kid, 0) + 1
        use[f"{table}.{column}"] = counts
    for table in SEALED_FILES:
        t = sa.table(table, sa.column("content", sa.LargeBinary))
        # The key id sits in the first bytes; no need to read whole files.
        head = sa.func.substr(t.c.content, 1, 20)
        counts = {}
        for (start,) in (await session.execute(sa.select(head))).all():
            kid = key_id_of_bytes(bytes(start)) or "(not sealed)"
            counts[kid] = counts.get(kid, 0) + 1
        use[f"{table}.content"] = counts
    return use
