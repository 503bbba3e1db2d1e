"""law-a: organisation type (routing of khoản 2 organisations) and the yes/no question log

Revision ID: 0012_law_a
Revises: 0011
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import dancu.db.base

revision: str = "0012_law_a"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "organisation_type",
                sa.Enum(
                    "credit_institution",
                    "payment_intermediary",
                    "telecom",
                    "e_authentication",
                    "trust_service",
                    "notary",
                    "bailiff",
                    "public_service",
                    name="organisationtype",
                    native_enum=False,
                    length=40,
                    create_constraint=False,
                ),
                nullable=True,
            )
        )
    op.create_table(
        "verification_question",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("asked_at", dancu.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("requester_key", sa.String(length=40), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column(
            "actor_group",
            sa.Enum(
                "k1",
                "k2",
                "k3",
                "k4",
                "citizen",
                "officer",
                name="actorgroup",
                native_enum=False,
                length=20,
                create_constraint=False,
            ),
            nullable=False,
        ),
        sa.Column("pin_digest", sa.String(length=64), nullable=False),
        sa.Column("question", sa.String(length=40), nullable=False),
        sa.Column("outcome", sa.String(length=40), nullable=False),
        sa.Column("permit_number", sa.String(length=32), nullable=True),
        sa.Column("consent_ref", sa.String(length=32), nullable=True),
        sa.Column("receipt_event_id", sa.Integer(), nullable=True),
        sa.Column("fee_receipt_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"], ["account.id"], name=op.f("fk_verification_question_account_id_account")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_verification_question_organisation_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_verification_question")),
    )
    with op.batch_alter_table("verification_question", schema=None) as batch_op:
        batch_op.create_index(
            "ix_verification_question_requester", ["requester_key", "asked_at"], unique=False
        )
        batch_op.create_index(
            "ix_verification_question_subject", ["requester_key", "pin_digest", "asked_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("verification_question", schema=None) as batch_op:
        batch_op.drop_index("ix_verification_question_subject")
        batch_op.drop_index("ix_verification_question_requester")
    op.drop_table("verification_question")
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.drop_column("organisation_type")
