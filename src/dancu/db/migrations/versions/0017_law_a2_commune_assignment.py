"""law-a2: the province police's assignment of a commune to a correction or request the map could not place

Revision ID: 0017_law_a2
Revises: 0016_law_b
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import dancu.db.base

revision: str = "0017_law_a2"
down_revision: str | None = "0016_law_b"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("correction_request", schema=None) as batch_op:
        batch_op.add_column(sa.Column("assigned_at", dancu.db.base.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("assigned_by_account_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("assigned_from", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("assignment_reason", sa.Text(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_correction_request_assigned_by_account_id_account"),
            "account",
            ["assigned_by_account_id"],
            ["id"],
        )
    with op.batch_alter_table("exploitation_request", schema=None) as batch_op:
        batch_op.add_column(sa.Column("residence_unit_code", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("residence_unit_version", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("assigned_at", dancu.db.base.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("assigned_by_account_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("assigned_from", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("assignment_reason", sa.Text(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_exploitation_request_assigned_by_account_id_account"),
            "account",
            ["assigned_by_account_id"],
            ["id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("exploitation_request", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_exploitation_request_assigned_by_account_id_account"), type_="foreignkey"
        )
        for column in (
            "assignment_reason",
            "assigned_from",
            "assigned_by_account_id",
            "assigned_at",
            "residence_unit_version",
            "residence_unit_code",
        ):
            batch_op.drop_column(column)
    with op.batch_alter_table("correction_request", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_correction_request_assigned_by_account_id_account"), type_="foreignkey"
        )
        batch_op.drop_column("assignment_reason")
        batch_op.drop_column("assigned_from")
        batch_op.drop_column("assigned_by_account_id")
        batch_op.drop_column("assigned_at")
