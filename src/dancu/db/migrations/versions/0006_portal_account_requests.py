"""Portal account requests of k2/k3 organisations, asked for by their legal representative.

Revision ID: 0006
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import dancu.db.base

revision: str = "0006"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "portal_account_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("requester_account_id", sa.Integer(), nullable=False),
        sa.Column("requester_citizen_id", sa.Integer(), nullable=False),
        sa.Column("organisation_name", sa.String(length=300), nullable=False),
        sa.Column("tax_code", sa.String(length=14), nullable=False),
        sa.Column(
            "actor_group",
            sa.Enum(
                "k1", "k2", "k3", "k4", "citizen", "officer", name="actorgroup", native_enum=False, length=40
            ),
            nullable=False,
        ),
        sa.Column("address", sa.String(length=500), nullable=False),
        sa.Column("representative_role", sa.String(length=200), nullable=False),
        sa.Column("admin_username", sa.String(length=64), nullable=False),
        sa.Column("admin_password_hash", sa.String(length=200), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "pending", "approved", "refused", name="portalrequeststatus", native_enum=False, length=40
            ),
            nullable=False,
        ),
        sa.Column("created_at", dancu.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("decided_at", dancu.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("decided_by_account_id", sa.Integer(), nullable=True),
        sa.Column("refusal_reason", sa.String(length=500), nullable=True),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["decided_by_account_id"],
            ["account.id"],
            name=op.f("fk_portal_account_request_decided_by_account_id_account"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_portal_account_request_organisation_id_organisation"),
        ),
        sa.ForeignKeyConstraint(
            ["requester_account_id"],
            ["account.id"],
            name=op.f("fk_portal_account_request_requester_account_id_account"),
        ),
        sa.ForeignKeyConstraint(
            ["requester_citizen_id"],
            ["citizen.id"],
            name=op.f("fk_portal_account_request_requester_citizen_id_citizen"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_portal_account_request")),
    )
    with op.batch_alter_table("portal_account_request", schema=None) as batch_op:
        batch_op.create_index("ix_portal_account_request_status", ["status", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("portal_account_request", schema=None) as batch_op:
        batch_op.drop_index("ix_portal_account_request_status")

    op.drop_table("portal_account_request")
