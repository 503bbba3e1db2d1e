"""audit: every entry carries a keyed MAC of its hash (docs/adr/0015)

Two nullable columns on ``event``. Entries written before keep NULL and still verify: the MAC key
file records the first entry id that must be keyed (``unkeyed_before_event_id``), so no existing
hash, checkpoint or proof changes. Plain ``ADD COLUMN`` (no table rebuild), so SQLite keeps the
append-only triggers of 0002.

Revision ID: 0014_audit_keyed
Revises: 0013_eid
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014_audit_keyed"
down_revision: str | None = "0013_eid"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("event", sa.Column("mac_key", sa.String(length=32), nullable=True))
    op.add_column("event", sa.Column("entry_mac", sa.String(length=64), nullable=True))


def downgrade() -> None:
    op.drop_column("event", "entry_mac")
    op.drop_column("event", "mac_key")
