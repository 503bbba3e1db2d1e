"""Yes/no verification on the driver path (docs/adr/0017, amendment "session 8, verification").

A k1 body's question costs, on the session path, a transaction of its own per request: the count
against the probing limits, the person, the access-log entry (four statements and the chain heads
held across the commit), the question's row, the commit's fsync. Here the question rides in the
process's group commit (:mod:`dancu.audit.group`) as a :class:`QuestionStep`:

- before the group's append, in the group's transaction, one call: the requesters' locks (the
  advisory lock the session path takes in ``_within_limits``, :data:`dancu.lookup.queries.REQUESTER_LOCK`,
  taken in ascending order of its key), then, under them, the count of every question's requester and
  subject in the period with the same rules as ``_within_limits``. Each question of the group is then
  decided in arrival order against those counts plus the group's questions decided before it: a
  question within both limits is answered (its entry is appended); one that would be refused is
  declined, writes nothing here, and is asked again on the session path, which refuses it, logs and
  counts it and alerts as it always did (it waits for this group's lock, so it sees this group's
  questions);
- with the append: the answered questions' rows, each with its entry's id as receipt, written by
  the append's own statement once it has drawn the ids (:meth:`QuestionStep.with_append`), so no
  round trip of their own while the requesters' locks and the chain heads are held;
- one commit (one fsync) for the entries, the question rows and everyone else's entries in the
  group, the locks held until then: a concurrent question of the same requester, on either path
  and in any process, is counted after them.

The person is read before (one statement on the pool's connection, as the lookup's hot path), the
answer computed as the session path computes it, and sent only once the group has committed. Only
k1 bodies (no consent, permit or fee) asking about a PIN someone holds or held come here; everything
else is the session path's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from dancu.access.actor import Actor
from dancu.audit.driver_append import Driver, Written
from dancu.audit.group import Entries
from dancu.clock import now_utc
from dancu.enums.registry import Item
from dancu.lookup import gate, queries
from dancu.lookup.actions import access_entries, can_log_without_session, pin_digest, requester_key
from dancu.lookup.schemas import ResidenceInIn, VerifyIn, VerifyOut
from dancu.lookup.use_cases import question_answer, question_checks

# The requesters' locks (the session path's REQUESTER_LOCK keys, taken in ascending order so two
# groups cannot deadlock on them), then, in a statement of its own inside the function (migration
# 0035: so that its snapshot holds every question committed by whoever held the locks before), each
# requester's questions in the period, by their numbers (migration 0033: the last number less the
# period's first, plus one; two index probes however many there are), and each requester's about
# each subject asked, refused ones included, counted no further than the limit (nothing above it
# matters here); with each requester's last question, which the insert numbers after. The count is
# migration 0034's function, planned for the table as it is at each call: a plan kept from when the
# table was empty scanned all of it in every group as it grew.
COUNT = (
    "SELECT requester, digest, last_seq, last_at, total, about"
    " FROM verification_locked_counts($1, $2, $3, $4)"
)
# The answered questions' rows, numbered after their requester's last question (as the count read
# it, under the lock still held) in the order they came, at an instant never before that question's.
INSERT = (
    "INSERT INTO verification_question (asked_at, requester_key, requester_seq, organisation_id,"
    " account_id, actor_group, pin_digest, question, outcome, receipt_event_id)"
    " SELECT greatest(u.asked_at, u.last_at), u.r, u.last_seq + row_number() OVER"
    " (PARTITION BY u.r ORDER BY u.n), u.o, u.a, u.g, u.d, u.q, u.outcome, u.receipt"
    " FROM unnest($1::timestamptz[], $2::text[], $3::integer[], $4::integer[], $5::text[],"
    " $6::text[], $7::text[], $8::text[], $9::bigint[], $10::bigint[], $11::timestamptz[]) WITH ORDINALITY"
    " AS u(asked_at, r, o, a, g, d, q, outcome, receipt, last_seq, last_at, n)"
)


@dataclass
class PendingQuestion:
    """A question decided on the driver path up to the count: its row's columns, its entry, and the
    answer it gets once the group keeps it; the group's count notes its requester's last question
    (number and instant, none yet: 0 and None), which its row is numbered after."""

    requester_key: str
    pin_digest: str
    question: str
    organisation_id: int | None
    account_id: int | None
    actor_group: str
    entries: list[dict[str, Any]] = field(repr=False)
    answer: bool
    staff_id: str | None
    last_seq: int = 0
    last_at: dt.datetime | None = None

    def out(self, receipt: int) -> VerifyOut:
        return VerifyOut(answer=self.answer, receipt=receipt, staff_id=self.staff_id)


class QuestionStep:
    """The yes/no questions' share of a group's transaction (see the module's docstring)."""

    async def before(self, driver: Driver, items: Sequence[Any]) -> list[Entries | None]:
        questions: list[PendingQuestion] = list(items)
        rules = gate.limits()
        since = now_utc() - dt.timedelta(hours=rules.period_hours)
        rows = await driver.fetch(
            COUNT,
            [q.requester_key for q in questions],
            [q.pin_digest for q in questions],
            since,
            rules.max_per_subject + 1,
        )
        total = {row[0]: int(row[4]) for row in rows}
        about = {(row[0], row[1]): int(row[5]) for row in rows}
        lasts = {row[0]: (int(row[2] or 0), row[3]) for row in rows}
        decided: list[Entries | None] = []
        for question in questions:
            subject = (question.requester_key, question.pin_digest)
            question.last_seq, question.last_at = lasts[question.requester_key]
            if (
                total[question.requester_key] < rules.max_per_requester
                and about[subject] < rules.max_per_subject
            ):
                total[question.requester_key] += 1
                about[subject] += 1
                decided.append(question.entries)
            else:  # refused on the session path, which logs, counts and alerts
                decided.append(None)
        return decided

    def with_append(self, items: Sequence[Any], ids: Sequence[list[int]]) -> Written:
        questions: list[PendingQuestion] = list(items)
        asked_at = now_utc()
        return INSERT, (
            [asked_at] * len(questions),
            [q.requester_key for q in questions],
            [q.organisation_id for q in questions],
            [q.account_id for q in questions],
            [q.actor_group for q in questions],
            [q.pin_digest for q in questions],
            [q.question for q in questions],
            ["answered"] * len(questions),
            [receipt for (receipt,) in ids],
            [q.last_seq for q in questions],
            [q.last_at for q in questions],
        )


QUESTIONS = QuestionStep()


def _items(body: VerifyIn) -> tuple[str, ...]:
    return (Item.PERMANENT_RESIDENCE.value,) if isinstance(body, ResidenceInIn) else ()


async def verify_on_driver(
    source: queries.SetsSource, body: VerifyIn, *, actor: Actor
) -> PendingQuestion | None:
    """The session path's checks, then the person and the answer, on the driver connection; None
    for what only the session path answers (a requester needing consent, permit and fee; an actor
    without its legal basis; a PIN nobody holds or held, answered "no" there). Raises as ``verify`` raises."""
    staff_id, consulted, bound = question_checks(actor, body)
    if bound or not can_log_without_session(actor):
        return None
    found = (await queries.people_on_driver(source, [body.pin], items=_items(body))).get(body.pin)
    if found is None:
        return None
    person, view = found
    answer = question_answer(body, person, view.get(Item.PERMANENT_RESIDENCE))
    entries = access_entries(
        actor=actor,
        citizen_ids=[person.id],
        fields=consulted,
        purpose=body.purpose,
        staff_id=staff_id,
        question=body.question.value,
    )
    return PendingQuestion(
        requester_key=requester_key(actor),
        pin_digest=pin_digest(body.pin),
        question=body.question.value,
        organisation_id=actor.organisation_id,
        account_id=actor.account_id,
        actor_group=actor.group.value,
        entries=entries,
        answer=answer,
        staff_id=staff_id,
    )
