"""Database errors do not carry the statement's values into tracebacks and logs."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine


async def test_a_failed_statement_does_not_print_its_parameters(engine: AsyncEngine) -> None:
    secret = "Nguyễn Văn Bí Mật 001085000001"
    async with engine.connect() as conn:
        with pytest.raises(DBAPIError) as raised:
            await conn.execute(text("INSERT INTO no_such_table (name) VALUES (:name)"), {"name": secret})
    assert "no_such_table" in str(raised.value)
    assert secret not in str(raised.value) and "Bí Mật" not in repr(raised.value)
