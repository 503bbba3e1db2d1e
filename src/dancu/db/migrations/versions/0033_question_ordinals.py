"""yes/no questions: each requester's questions numbered, so the probing limit counts in two probes

Revision ID: 0033_question_ordinals
Revises: 0032_person_heads_plan_kept
Create Date: 2026-12-06 05:30:00

docs/adr/0017, amendment "session 9". The limit on a requester's questions in the period
(verification.json ``max_per_requester``, 10,000 a day by default) was checked by counting the
requester's questions of the period, on every question: reading up to the limit's number of index
entries each time. At 10 M under the verification bench (limits raised), that count took 13.7 ms a
group and grew with every question asked.

Each question now carries ``requester_seq``, its number among its requester's, drawn under the
requester's lock (the one the count is made under) with an ``asked_at`` never earlier than the
previous question's. The questions of the period are then the requester's last number less the
number of its first question asked since the period began, plus one: two index probes. Existing
questions are numbered in the order they were asked. A unique index on (requester, number) makes a
number drawn twice (a write without the lock) an error rather than a miscount.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0033_question_ordinals"
down_revision: str | None = "0032_person_heads_plan_kept"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Existing questions numbered per requester in the order they were asked (both engines: SQLite has
# window functions and UPDATE … FROM since 3.33).
NUMBER_EXISTING = """
UPDATE verification_question SET requester_seq = o.n
FROM (
    SELECT id, row_number() OVER (PARTITION BY requester_key ORDER BY asked_at, id) AS n
    FROM verification_question
) AS o
WHERE verification_question.id = o.id
"""


def upgrade() -> None:
    with op.batch_alter_table("verification_question", schema=None) as batch_op:
        batch_op.add_column(sa.Column("requester_seq", sa.BigInteger(), nullable=True))
    op.execute(NUMBER_EXISTING)
    with op.batch_alter_table("verification_question", schema=None) as batch_op:
        batch_op.alter_column("requester_seq", existing_type=sa.BigInteger(), nullable=False)
        batch_op.drop_index("ix_verification_question_requester")
        batch_op.create_index(
            "ix_verification_question_requester", ["requester_key", "asked_at", "requester_seq"], unique=False
        )
        batch_op.create_index("ix_verification_question_seq", ["requester_key", "requester_seq"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("verification_question", schema=None) as batch_op:
        batch_op.drop_index("ix_verification_question_seq")
        batch_op.drop_index("ix_verification_question_requester")
        batch_op.create_index(
            "ix_verification_question_requester", ["requester_key", "asked_at"], unique=False
        )
        batch_op.drop_column("requester_seq")
