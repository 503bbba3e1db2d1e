"""One task per process and event loop that makes a queue's database work in turns.

The access log's group commit (audit/group.py) and the shared reads of one person
(lookup/read_group.py) both work this way: a request puts what it needs in the queue and wakes the
task; the task takes everything waiting, makes it with one round of statements, answers each
request, and goes on while the queue holds more. While a round is in flight the next one gathers;
there is no timer, so an idle process serves a request at once.
"""

from __future__ import annotations

import asyncio


class Drainer:
    """The task's life: :meth:`_kick` after adding to the queue, :meth:`_drain` (the subclass's)
    empties it, :meth:`close` stops the task once the queue is empty."""

    def __init__(self) -> None:
        self._wake: asyncio.Event | None = None
        self._task: asyncio.Task[None] | None = None
        self._closing = False

    def _kick(self) -> None:
        """Wake the task (started on first use, and again if it ended) to drain the queue."""
        if self._task is None or self._task.done():
            self._wake = asyncio.Event()
            self._task = asyncio.get_running_loop().create_task(self._run(self._wake))
        assert self._wake is not None
        self._wake.set()

    async def _drain(self) -> None:
        """Make everything in the queue, round after round, answering each request."""
        raise NotImplementedError

    async def _run(self, wake: asyncio.Event) -> None:
        while True:
            await wake.wait()
            wake.clear()
            await self._drain()
            if self._closing:
                return

    async def close(self) -> None:
        """Stop the task once everything waiting is made (server shutdown)."""
        if self._task is None or self._task.done() or self._wake is None:
            return
        self._closing = True
        self._wake.set()
        await self._task
        self._task = None
