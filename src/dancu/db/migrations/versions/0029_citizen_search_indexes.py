"""citizen search indexes that serve the search's order: (name_search, id), and (dob, name_search,
id) for a search with a date of birth

The search asks for a name prefix, optionally an exact (partial) date of birth, ordered by
(name_search, id), 20 a page. ``(name_search, dob)`` served neither well at 10 M people: without a
date the order by id within a name needed a sort of every row of the first names in range (tens
of thousands for a common full name), and with one, a common family name ("nguyen", about a third
of the register) scanned its whole range to filter the date. ``(name_search, id)`` gives the
order directly; ``(dob, name_search, id)`` starts at the date and reads only that day's names in
order.

Revision ID: 0029_citizen_search_indexes
Revises: 0028_audit_take_heads
Create Date: 2026-12-05 20:05:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0029_citizen_search_indexes"
down_revision: str | None = "0028_audit_take_heads"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("citizen", schema=None) as batch_op:
        batch_op.drop_index("ix_citizen_name_search_dob")
        batch_op.create_index("ix_citizen_name_search", ["name_search", "id"], unique=False)
        batch_op.create_index("ix_citizen_dob_name_search", ["dob", "name_search", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("citizen", schema=None) as batch_op:
        batch_op.drop_index("ix_citizen_dob_name_search")
        batch_op.drop_index("ix_citizen_name_search")
        batch_op.create_index("ix_citizen_name_search_dob", ["name_search", "dob"], unique=False)
