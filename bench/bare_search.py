"""The baseline of ``search.py``: a bare FastAPI + asyncpg name search over ``citizen``.

The same question as dancu's ``GET /api/v1/registry/citizens``: the name folded by the same
:func:`dancu.names.search_key`, a prefix range on ``name_search``, an optional exact date of birth
and province, the page after a cursor (the last id of the previous page), 20 rows in
``(name_search, id)`` order, through the same indexes. Nothing else: no login, no territory
from a role, no access log. Served by uvicorn exactly as ``dancu serve`` is:

    BARE_SEARCH_DSN=postgresql://postgres@127.0.0.1:5432/db \
        python -m uvicorn bare_search:app --app-dir bench --workers 2 --port 8501
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
from fastapi import FastAPI

from dancu.names import search_key

POOL_SIZE = 10  # as dancu's engine (pool_size 10 per worker process)
COLUMNS = "id, pin, full_name, dob, sex, status, residence_province_code"


# asyncpg's pool resets each connection it takes back (advisory locks, listeners, settings: a round
# trip of four statements). This endpoint leaves nothing to reset, and dancu's pool resets nothing
# after a read, so the baseline skips it unless BARE_POOL_RESET=1 asks for asyncpg's default.
_LEAN = os.environ.get("BARE_POOL_RESET", "") != "1"


async def _as_left(connection: asyncpg.Connection) -> None:
    """The connection needs no reset: one SELECT in an implicit transaction leaves no state."""


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    pool = await asyncpg.create_pool(
        os.environ["BARE_SEARCH_DSN"], min_size=2, max_size=POOL_SIZE, reset=_as_left if _LEAN else None
    )
    app.state.pool = pool
    try:
        yield
    finally:
        await pool.close()


app = FastAPI(lifespan=_lifespan)


@app.get("/search")
async def search(
    name: str, dob: str | None = None, province: str | None = None, after: int | None = None, limit: int = 20
) -> dict[str, Any]:
    key = search_key(name)
    where, args = ["name_search >= $1", "name_search < $2"], [key, key + "\x7f"]
    if dob:
        args.append(dob)
        where.append(f"dob = ${len(args)}")
    if province:
        args.append(province)
        where.append(f"residence_province_code = ${len(args)}")
    async with app.state.pool.acquire() as conn:
        if after is not None:
            last = await conn.fetchval("SELECT name_search FROM citizen WHERE id = $1", after)
            if last is not None:
                args += [last, after]
                where.append(f"(name_search, id) > (${len(args) - 1}, ${len(args)})")
        rows = await conn.fetch(
            f"SELECT {COLUMNS} FROM citizen WHERE {' AND '.join(where)} "
            f"ORDER BY name_search, id LIMIT {int(limit)}",
            *args,
        )
    results = [dict(r) for r in rows]
    return {"results": results, "next_after": results[-1]["id"] if len(results) == limit else None}
