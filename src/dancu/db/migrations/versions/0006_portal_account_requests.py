"""Portal account requests of k2/k3 organisations, asked for by their legal representative; the
OIDC signing keys' private half as PKCS#8 PEM, encrypted with DANCU_OIDC_KEY_PASSPHRASE when set.

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import dancu.db.base

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


KEYS = sa.table(
    "oidc_signing_key",
    sa.column("id", sa.Integer),
    sa.column("kid", sa.String),
    sa.column("private_jwk", sa.JSON),
    sa.column("private_pem", sa.Text),
)


def _encrypt_existing_keys() -> None:
    from joserfc.jwk import ECKey

    from dancu.identity.oidc.keys import private_pem

    bind = op.get_bind()
    rows = bind.execute(sa.select(KEYS.c.id, KEYS.c.private_jwk).where(KEYS.c.private_jwk.is_not(None))).all()
    for key_id, jwk in rows:
        pem = private_pem(ECKey.import_key(jwk))
        bind.execute(sa.update(KEYS).where(KEYS.c.id == key_id).values(private_pem=pem, private_jwk=None))


def _decrypt_keys() -> None:
    from joserfc.jwk import ECKey

    from dancu.identity.oidc.keys import passphrase

    bind = op.get_bind()
    rows = bind.execute(
        sa.select(KEYS.c.id, KEYS.c.kid, KEYS.c.private_pem).where(KEYS.c.private_pem.is_not(None))
    ).all()
    for key_id, kid, pem in rows:
        jwk = dict(ECKey.import_key(pem, {"kid": kid}, password=passphrase()).as_dict(private=True))
        bind.execute(sa.update(KEYS).where(KEYS.c.id == key_id).values(private_jwk=jwk))


def upgrade() -> None:
    with op.batch_alter_table("oidc_signing_key", schema=None) as batch_op:
        batch_op.add_column(sa.Column("private_pem", sa.Text(), nullable=True))
        batch_op.alter_column("private_jwk", existing_type=sa.JSON(), nullable=True)
    _encrypt_existing_keys()
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
    _decrypt_keys()
    with op.batch_alter_table("oidc_signing_key", schema=None) as batch_op:
        batch_op.drop_column("private_pem")
        batch_op.alter_column("private_jwk", existing_type=sa.JSON(), nullable=False)
    with op.batch_alter_table("portal_account_request", schema=None) as batch_op:
        batch_op.drop_index("ix_portal_account_request_status")

    op.drop_table("portal_account_request")
