"""undetermined nationality: C06's comparison against the NPD and the Identity DB (NĐ 70 Điều 24
khoản 5 as amended by NĐ 58/2026) and the hand-over of the signed refusal reply (khoản 6)

Revision ID: 0025_undetermined_comparison
Revises: 0024_audit_partitions
Create Date: 2026-12-05 18:58:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import dancu.db.base

revision: str = "0025_undetermined_comparison"
down_revision: str | None = "0024_audit_partitions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ACCOUNT_COLUMNS = (
    "comparison_sent_by_account_id",
    "comparison_answered_by_account_id",
    "reply_handed_over_by_account_id",
)


def upgrade() -> None:
    with op.batch_alter_table("undetermined_dossier", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("comparison_sent_at", dancu.db.base.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("comparison_sent_by_account_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("comparison_answered_at", dancu.db.base.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("comparison_answered_by_account_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("comparison_match", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("comparison_note", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("reply_handed_over_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("reply_handed_over_by_account_id", sa.Integer(), nullable=True))
        for column in ACCOUNT_COLUMNS:
            batch_op.create_foreign_key(
                batch_op.f(f"fk_undetermined_dossier_{column}_account"), "account", [column], ["id"]
            )


def downgrade() -> None:
    with op.batch_alter_table("undetermined_dossier", schema=None) as batch_op:
        for column in ACCOUNT_COLUMNS:
            batch_op.drop_constraint(
                batch_op.f(f"fk_undetermined_dossier_{column}_account"), type_="foreignkey"
            )
        for column in (
            "reply_handed_over_by_account_id",
            "reply_handed_over_on",
            "comparison_note",
            "comparison_match",
            "comparison_answered_by_account_id",
            "comparison_answered_at",
            "comparison_sent_by_account_id",
            "comparison_sent_at",
        ):
            batch_op.drop_column(column)
