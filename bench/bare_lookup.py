"""The baseline of ``http_lookup.py``: a bare FastAPI + asyncpg lookup of one ``citizen`` row by PIN.

It takes the same JSON body as dancu's k1 lookup (PIN, full name, date of birth), reads the same
row by the same unique index, checks the name and date of birth, and returns the row: what the
hardware, the database and the web stack cost for this answer with nothing else (no login, no
mandate, no access log). Served by uvicorn exactly as ``dancu serve`` is:

    BARE_LOOKUP_DSN=postgresql://postgres@127.0.0.1:5432/db \
        python -m uvicorn bare_lookup:app --app-dir bench --workers 2 --port 8101
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
from fastapi import FastAPI, HTTPException
from pydantic import BaseModel

POOL_SIZE = 10  # as dancu's engine (pool_size 10 per worker process)


class LookupIn(BaseModel):
    pin: str
    full_name: str
    date_of_birth: str


# asyncpg's pool resets each connection it takes back (advisory locks, listeners, settings: a round
# trip of four statements). This endpoint leaves nothing to reset, and dancu's pool resets nothing
# after a read, so the baseline skips it unless BARE_POOL_RESET=1 asks for asyncpg's default.
_LEAN = os.environ.get("BARE_POOL_RESET", "") != "1"


async def _as_left(connection: asyncpg.Connection) -> None:
    """The connection needs no reset: one SELECT in an implicit transaction leaves no state."""


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    pool = await asyncpg.create_pool(
        os.environ["BARE_LOOKUP_DSN"], min_size=2, max_size=POOL_SIZE, reset=_as_left if _LEAN else None
    )
    app.state.pool = pool
    try:
        yield
    finally:
        await pool.close()


app = FastAPI(lifespan=_lifespan)


@app.post("/lookup")
async def lookup(body: LookupIn) -> dict[str, Any]:
    row = await app.state.pool.fetchrow(
        "SELECT id, pin, full_name, dob, sex, status FROM citizen WHERE pin = $1", body.pin
    )
    if row is None or row["full_name"] != body.full_name or row["dob"] != body.date_of_birth:
        raise HTTPException(404)
    return dict(row)
