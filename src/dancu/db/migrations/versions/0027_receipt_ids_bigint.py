"""verification receipts name access-log entries by 64-bit ids, as the log does since 0024

Revision ID: 0027_receipt_ids_bigint
Revises: 0026_fact_sets
Create Date: 2026-12-05 20:15:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0027_receipt_ids_bigint"
down_revision: str | None = "0026_fact_sets"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# At national volume the log passes 2^31 entries within weeks (issue 11: ~86 M lookups a day); a
# yes/no answer's receipt must be able to name any of them. SQLite's INTEGER is already 64-bit.
COLUMNS = (("verification_question", "receipt_event_id"), ("verification_ask", "receipt_event_id"))


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, column in COLUMNS:
        op.alter_column(table, column, type_=sa.BigInteger(), existing_type=sa.Integer())


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, column in COLUMNS:
        op.alter_column(table, column, type_=sa.Integer(), existing_type=sa.BigInteger())
