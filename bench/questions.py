"""Bench: the yes/no questions' share of the group commit, against reads through the same commit.

    .venv/bin/python bench/questions.py
    .venv/bin/python bench/questions.py --database dancu_seed10m --in-flight 8

The HTTP bench (bench/http_lookup.py) measures the whole verification; on a shared machine its
rounds differ by more than a change to the question's writes moves it. This measures what the server
does for questions once their person is read (lookup/verify_driver.py, docs/adr/0017), and nothing
else, in the same run as its baseline:

- ``--processes`` processes (two, as ``dancu serve --workers 2``), each with uvloop, dancu's pool and
  a :class:`dancu.audit.group.GroupCommit` committing on a held connection as the server's does,
  with ``--in-flight`` requests at a time that hand it their entries, for ``--seconds``;
- **questions**: each request a question (``GroupCommit.append_step`` with the verification's
  step): in the group's transaction the requesters' lock and the count, the append, the questions'
  rows, one commit. One requester asks them all, so every group counts under the same lock, as one
  agency's questions do;
- **reads**, the baseline, in turn with the questions for ``--rounds``: each request a read's entry
  (``GroupCommit.append``), the k1 lookup's share of the same commit;
- ``VACUUM audit_chain`` before each round (bench/append.py says why).

Printed per side: requests a second, then CPU µs a request of the processes (client) and of every
backend of the database (read from ``/proc``), and the ratios questions / reads. Figures, never a
gate. The probing limits are raised for the run (an operator's ``verification.json`` in a
``DANCU_CONFIG_DIR`` of its own), and every question is still counted against them. The database
is created, migrated, seeded with ``--citizens`` and dropped at the end unless ``--database`` names
one (its log and its questions then keep what was written here; ``dancu audit verify`` still passes).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from append import _admin, _ticks, bench_database, compared, shared_arguments

# A bench runs on a developer's register: the development sealing key keys the questions' PIN
# digests (as bench/http_lookup.py's servers run).
os.environ.setdefault("DANCU_MODE", "development")
LIMITS = Path(__file__).parent.parent / "src/dancu/lookup/data/verification.json"
WARM_REQUESTS = 200


def _arguments() -> argparse.Namespace:
    parser = shared_arguments(__doc__, seconds=8, rounds=3)
    parser.add_argument("--in-flight", type=int, default=8, help="requests at a time in each process")
    return parser.parse_args()


async def _requests(url: str, side: str, in_flight: int, people: int, done: Any, stop: Any) -> None:
    from dancu.access.actor import Actor
    from dancu.audit import actions
    from dancu.audit.group import DriverPath, GroupCommit
    from dancu.db.engine import HeldDriver, make_engine, make_sessionmaker
    from dancu.lookup.actions import pin_digest
    from dancu.lookup.verify_driver import QUESTIONS, PendingQuestion

    engine = make_engine(url)
    held = HeldDriver(engine)
    group = GroupCommit(make_sessionmaker(engine), driver=lambda: DriverPath(held.use(), engine.url))
    actor = Actor.system("bench/questions.py")

    async def one() -> None:
        person = random.randint(1, people)
        entries = actions.read_entries(
            actor=actor, citizen_ids=[person], fields=["pin"], purpose="bench/questions.py"
        )
        if side == "reads":
            await group.append(entries)
            return
        question = PendingQuestion(
            requester_key="bench/questions.py",
            pin_digest=pin_digest(f"{person:012d}"),
            question="identity_match",
            organisation_id=None,
            account_id=None,
            actor_group="k1",
            entries=entries,
            answer=True,
            staff_id=None,
        )
        if await group.append_step(entries, QUESTIONS, question) is None:
            raise RuntimeError("a question was declined: the raised limits did not apply")

    async def asking() -> None:
        while not stop.is_set():
            await one()
            with done.get_lock():
                done.value += 1

    await asyncio.gather(*(asking() for _ in range(in_flight)))
    await group.close()
    held.release()
    await engine.dispose()


def _process(url: str, side: str, in_flight: int, people: int, done: Any, stop: Any) -> None:
    import uvloop

    uvloop.install()
    asyncio.run(_requests(url, side, in_flight, people, done, stop))


def _round(url: str, side: str, arguments: argparse.Namespace, people: int) -> dict[str, float]:
    context = multiprocessing.get_context("spawn")
    done, stop = context.Value("l", 0), context.Event()
    workers = [
        context.Process(target=_process, args=(url, side, arguments.in_flight, people, done, stop))
        for _ in range(arguments.processes)
    ]
    for worker in workers:
        worker.start()
    while done.value < WARM_REQUESTS and all(worker.is_alive() for worker in workers):
        time.sleep(0.1)
    backends = asyncio.run(
        _admin(
            url,
            "SELECT array_agg(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()",
        )
    )
    client, server, count, started = (
        sum(_ticks(w.pid or 0) for w in workers),
        sum(_ticks(pid) for pid in backends),
        done.value,
        time.perf_counter(),
    )
    time.sleep(arguments.seconds)
    elapsed, answered = time.perf_counter() - started, done.value - count
    client = sum(_ticks(w.pid or 0) for w in workers) - client
    server = sum(_ticks(pid) for pid in backends) - server
    stop.set()
    for worker in workers:
        worker.join()
    if any(worker.exitcode for worker in workers) or not answered:
        raise SystemExit(f"{side}: a process failed (exit codes {[w.exitcode for w in workers]})")
    return {
        "requests_per_s": round(answered / elapsed, 1),
        "client_us": round(1e6 * client / answered, 1),
        "database_us": round(1e6 * server / answered, 1),
    }


def main() -> None:
    arguments = _arguments()
    with tempfile.TemporaryDirectory(prefix="dancu-bench-questions-") as config:
        limits = json.loads(LIMITS.read_text(encoding="utf-8"))
        limits |= {"max_per_requester": 100_000_000, "max_per_subject": 1_000_000}
        (Path(config) / "verification.json").write_text(json.dumps(limits), encoding="utf-8")
        os.environ["DANCU_CONFIG_DIR"] = config  # the processes' limits (spawned: they inherit it)
        with bench_database(arguments, "dancu_bench_questions") as url:
            people = int(asyncio.run(_admin(url, "SELECT max(id) FROM citizen")))
            rounds: dict[str, list[dict[str, float]]] = {"reads": [], "questions": []}
            for _ in range(arguments.rounds):
                for side in ("reads", "questions"):
                    asyncio.run(_admin(url, "VACUUM audit_chain"))
                    rounds[side].append(_round(url, side, arguments, people))
    shape = {
        "processes": arguments.processes,
        "in_flight": arguments.in_flight,
        "seconds_per_round": arguments.seconds,
    }
    result = shape | compared(rounds, measured="questions", baseline="reads", rate="requests_per_s")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
