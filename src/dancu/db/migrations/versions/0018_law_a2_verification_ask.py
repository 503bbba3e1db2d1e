"""law-a2: one-off consent of the subject to a single yes/no question (domain.md §3.7)

Revision ID: 0018_law_a2_ask
Revises: 0017_law_a2
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import dancu.db.base

revision: str = "0018_law_a2_ask"
down_revision: str | None = "0017_law_a2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "verification_ask",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ref", sa.String(length=32), nullable=False),
        sa.Column("created_at", dancu.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", dancu.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("requester_key", sa.String(length=40), nullable=False),
        sa.Column("requester_label", sa.String(length=300), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("pin_digest", sa.String(length=64), nullable=False),
        sa.Column("citizen_id", sa.Integer(), nullable=True),
        sa.Column("question", sa.String(length=40), nullable=False),
        sa.Column("body", dancu.db.base.PortableJSON, nullable=False),
        sa.Column("purpose", sa.String(length=300), nullable=False),
        sa.Column("fields", dancu.db.base.PortableJSON, nullable=False),
        sa.Column("permit_number", sa.String(length=32), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "pending",
                "approved",
                "answered",
                "declined",
                "lapsed",
                name="askstatus",
                native_enum=False,
                length=20,
                create_constraint=False,
            ),
            nullable=False,
        ),
        sa.Column("decided_at", dancu.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("answered_at", dancu.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("answer", sa.Boolean(), nullable=True),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("receipt_event_id", sa.Integer(), nullable=True),
        sa.Column("fee_receipt_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"], ["account.id"], name=op.f("fk_verification_ask_account_id_account")
        ),
        sa.ForeignKeyConstraint(
            ["citizen_id"], ["citizen.id"], name=op.f("fk_verification_ask_citizen_id_citizen")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_verification_ask_organisation_id_organisation"),
        ),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["verification_question.id"],
            name=op.f("fk_verification_ask_question_id_verification_question"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_verification_ask")),
        sa.UniqueConstraint("ref", name=op.f("uq_verification_ask_ref")),
    )
    with op.batch_alter_table("verification_ask", schema=None) as batch_op:
        batch_op.create_index("ix_verification_ask_citizen", ["citizen_id", "status"], unique=False)
        batch_op.create_index("ix_verification_ask_requester", ["requester_key", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("verification_ask", schema=None) as batch_op:
        batch_op.drop_index("ix_verification_ask_requester")
        batch_op.drop_index("ix_verification_ask_citizen")
    op.drop_table("verification_ask")
