"""Fees for exploiting register information (TT 48/2022/TT-BTC): operator rates, receipt counter, receipts.

Revision ID: 0004
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import dancu.db.base

revision: str = "0004"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "fee_receipt_counter",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_fee_receipt_counter")),
    )
    op.create_table(
        "fee_rate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "product",
            sa.Enum(
                "SPDC01",
                "SPDC02",
                "SPDC03",
                "SPDC04",
                "SPDC05",
                name="productcode",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("amount_per_field", sa.Integer(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("legal_basis", sa.String(length=300), nullable=False),
        sa.Column("created_at", dancu.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_by_account_id", sa.Integer(), nullable=True),
        sa.Column("withdrawn_at", dancu.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_account_id"], ["account.id"], name=op.f("fk_fee_rate_created_by_account_id_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fee_rate")),
    )
    with op.batch_alter_table("fee_rate", schema=None) as batch_op:
        batch_op.create_index("ix_fee_rate_product", ["product", "valid_from"], unique=False)

    op.create_table(
        "fee_receipt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("issued_at", dancu.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("payer_organisation_id", sa.Integer(), nullable=True),
        sa.Column("payer_account_id", sa.Integer(), nullable=True),
        sa.Column("payer_label", sa.String(length=300), nullable=False),
        sa.Column(
            "payer_group",
            sa.Enum(
                "k1", "k2", "k3", "k4", "citizen", "officer", name="actorgroup", native_enum=False, length=20
            ),
            nullable=False,
        ),
        sa.Column(
            "source_kind",
            sa.Enum("delivery", "verification", name="sourcekind", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("source_ref", sa.String(length=100), nullable=False),
        sa.Column(
            "product",
            sa.Enum(
                "SPDC01",
                "SPDC02",
                "SPDC03",
                "SPDC04",
                "SPDC05",
                name="productcode",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("fields_delivered", sa.Integer(), nullable=False),
        sa.Column("unit_price", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column(
            "exemption",
            sa.Enum("state_body", "own_data", name="exemptionreason", native_enum=False, length=40),
            nullable=True,
        ),
        sa.Column(
            "rate_source",
            sa.Enum("shipped", "operator", name="ratesource", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("rate_basis", sa.String(length=300), nullable=False),
        sa.Column("fee_rate_id", sa.Integer(), nullable=True),
        sa.Column("collector_label", sa.String(length=300), nullable=False),
        sa.Column("collector_percent", sa.Integer(), nullable=False),
        sa.Column("collector_amount", sa.Integer(), nullable=False),
        sa.Column("remitted_amount", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum("unpaid", "paid", "exempt", name="receiptstatus", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("paid_at", dancu.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("payment_method", sa.String(length=40), nullable=True),
        sa.Column("payment_reference", sa.String(length=100), nullable=True),
        sa.Column("payment_recorded_by", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["fee_rate_id"], ["fee_rate.id"], name=op.f("fk_fee_receipt_fee_rate_id_fee_rate")
        ),
        sa.ForeignKeyConstraint(
            ["payer_account_id"], ["account.id"], name=op.f("fk_fee_receipt_payer_account_id_account")
        ),
        sa.ForeignKeyConstraint(
            ["payer_organisation_id"],
            ["organisation.id"],
            name=op.f("fk_fee_receipt_payer_organisation_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fee_receipt")),
        sa.UniqueConstraint("number", name=op.f("uq_fee_receipt_number")),
        sa.UniqueConstraint("source_kind", "source_ref", name="uq_fee_receipt_source"),
    )
    with op.batch_alter_table("fee_receipt", schema=None) as batch_op:
        batch_op.create_index("ix_fee_receipt_payer_account", ["payer_account_id", "id"], unique=False)
        batch_op.create_index(
            "ix_fee_receipt_payer_organisation", ["payer_organisation_id", "id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("fee_receipt", schema=None) as batch_op:
        batch_op.drop_index("ix_fee_receipt_payer_organisation")
        batch_op.drop_index("ix_fee_receipt_payer_account")

    op.drop_table("fee_receipt")
    with op.batch_alter_table("fee_rate", schema=None) as batch_op:
        batch_op.drop_index("ix_fee_rate_product")

    op.drop_table("fee_rate")
    op.drop_table("fee_receipt_counter")
