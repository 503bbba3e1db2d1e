"""What the database server did for a bench round's writes: WAL, full-page images, checkpoints.

A lookup's entry writes WAL, and after each checkpoint the first change of every page is logged as
a whole page (docs/operations.md, "WAL"). A checkpoint that falls into one round and not the next
makes that round's flushes larger and gives the server a writer of its own to compete with. So
the HTTP bench records, per round, the WAL and full-page images a request cost and whether a
checkpoint wrote during it, and once per run the server settings that govern them: a figure is
then read with the setup it was measured under.

PostgreSQL 15's statistics views: ``pg_stat_wal`` (``wal_fpi``) and ``pg_stat_bgwriter``
(checkpoints begun, buffers a checkpoint wrote). They are the server's, not the database's: a
round measured while another database wrote shows that other's WAL too.
"""

from __future__ import annotations

from typing import Any

import asyncpg

# The server settings a write-path figure depends on, recorded with each run.
SETTINGS = (
    "shared_buffers",
    "max_wal_size",
    "checkpoint_timeout",
    "checkpoint_completion_target",
    "wal_compression",
    "full_page_writes",
    "synchronous_commit",
    "fsync",
    "commit_delay",
)

_SNAPSHOT = """
SELECT pg_current_wal_lsn() - '0/0'::pg_lsn,
       (SELECT wal_fpi FROM pg_stat_wal),
       (SELECT checkpoints_timed + checkpoints_req FROM pg_stat_bgwriter),
       (SELECT buffers_checkpoint FROM pg_stat_bgwriter)
"""


async def server_settings(dsn: str) -> dict[str, str]:
    """Each of :data:`SETTINGS` as the server reports it (``SHOW``), units included."""
    connection = await asyncpg.connect(dsn)
    try:
        return {name: await connection.fetchval(f"SHOW {name}") for name in SETTINGS}
    finally:
        await connection.close()


# WAL bytes, full-page images, checkpoints begun, buffers written by checkpoints.
Counters = tuple[int, int, int, int]


async def wal_snapshot(dsn: str) -> Counters:
    """The server's counters so far: WAL bytes, full-page images, checkpoints begun, buffers
    written by checkpoints."""
    connection = await asyncpg.connect(dsn)
    try:
        row = await connection.fetchrow(_SNAPSHOT)
    finally:
        await connection.close()
    return int(row[0]), int(row[1]), int(row[2]), int(row[3])


def wal_per_round(before: Counters, after: Counters, requests: int) -> dict[str, Any]:
    """A round's share of the counters: WAL bytes and full-page images a request, checkpoints begun
    during the round, and the buffers checkpoints wrote during it (a checkpoint begun earlier
    still writes through most of its interval)."""
    wal, fpi, checkpoints, written = (a - b for a, b in zip(after, before, strict=True))
    per = max(requests, 1)
    return {
        "wal_bytes_per_request": round(wal / per, 1),
        "fpi_per_request": round(fpi / per, 3),
        "checkpoints_begun": checkpoints,
        "checkpoint_buffers_written": written,
    }
