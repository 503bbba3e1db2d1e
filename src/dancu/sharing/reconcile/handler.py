"""The reconciliation job: compare a batch chunk by chunk, one transaction per chunk.

Each chunk's results, its log entry and the job's checkpoint commit together; a worker that dies
mid-chunk leaves nothing of that chunk, and the worker that takes the job over starts from the
checkpoint. ``(batch_id, row_no)`` is the results' primary key, so even a worker that lost its
lease but is still running cannot add a second result for a row: its chunk fails on the key or
on the checkpoint condition and rolls back whole.
"""

from __future__ import annotations

from sqlalchemy import text

from dancu.access.groups import Channel
from dancu.jobs import worker
from dancu.sharing.reconcile import actions
from dancu.sharing.reconcile.bulk import is_postgresql
from dancu.sharing.reconcile.models import ReconcileBatch


async def step(ctx: worker.JobContext, checkpoint: int) -> int | None:
    """Do the chunk after ``checkpoint`` (or finish the batch); the new checkpoint, None when done."""
    batch_id = int(ctx.payload["batch_id"])
    size = int(ctx.payload.get("chunk_rows", actions.CHUNK_ROWS))
    async with ctx.unit() as session:
        batch = await session.get(ReconcileBatch, batch_id)
        if batch is None:
            raise LookupError(f"reconciliation batch {batch_id} is missing")
        if checkpoint >= batch.row_count:
            await actions.finish(session, batch)
            return None
        if checkpoint == 0 and is_postgresql(session):
            # The staging rows were just loaded: give the planner their statistics before the joins.
            await session.execute(text("ANALYZE reconcile_input"))
        hi = min(checkpoint + size, batch.row_count)
        actor = actions.batch_actor(batch, Channel.OTHER)
        await actions.compare_chunk(session, batch, lo=checkpoint, hi=hi, actor=actor)
        await ctx.advance(
            session, checkpoint_from=checkpoint, checkpoint_to=hi, done=hi, total=batch.row_count
        )
        return hi


async def run(ctx: worker.JobContext) -> None:
    checkpoint: int | None = ctx.checkpoint
    while checkpoint is not None:
        checkpoint = await step(ctx, checkpoint)
