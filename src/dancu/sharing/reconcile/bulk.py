"""Many rows into one table inside the session's transaction: binary COPY on PostgreSQL.

COPY runs on the session's own connection, so the rows commit or roll back with everything else
the transaction wrote (the chunk's checkpoint included).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.db.base import Base


def is_postgresql(session: AsyncSession) -> bool:
    return session.get_bind().dialect.name == "postgresql"


async def driver_connection(session: AsyncSession) -> Any:
    """The asyncpg connection under the session's current transaction (PostgreSQL only)."""
    connection = await session.connection()
    raw = await connection.get_raw_connection()
    return raw.driver_connection


async def insert_rows(
    session: AsyncSession, model: type[Base], columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    if not rows:
        return
    if is_postgresql(session):
        conn = await driver_connection(session)
        await conn.copy_records_to_table(model.__tablename__, records=rows, columns=list(columns))
        return
    await session.execute(insert(model), [dict(zip(columns, row, strict=True)) for row in rows])
