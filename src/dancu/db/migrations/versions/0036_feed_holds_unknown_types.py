"""change feed: an entry of a type this version does not know is held, not passed over

Revision ID: 0036_feed_holds_unknown_types
Revises: 0035_question_locks_with_count
Create Date: 2026-12-06 15:50:00

After a rollback the log can hold entries a later version appended, of types this version cannot
read (docs/adr/0002, addendum). The sequencer cannot tell whether such an entry changed the
register; passing over it would lose the change for every subscriber for good, stopping at it would
stop the feed. ``feed_gap.held_type`` keeps it as a gap of its own kind: re-read at each pass and
sequenced by the first version that knows its type (docs/adr/0006).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0036_feed_holds_unknown_types"
down_revision: str | None = "0035_question_locks_with_count"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("feed_gap", sa.Column("held_type", sa.String(length=40), nullable=True))


def downgrade() -> None:
    op.drop_column("feed_gap", "held_type")
