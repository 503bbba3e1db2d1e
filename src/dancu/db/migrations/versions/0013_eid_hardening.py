"""e-ID hardening: second-factor counters per account, TOTP step replay, a login throttle by
username, and the OIDC client's ID-token algorithm and post-logout redirect URIs

Revision ID: 0013_eid
Revises: 0012_law_a
Create Date: 2026-12-05

Password failures move from the account to ``login_throttle`` (keyed by a hash of the username
typed, so unknown usernames are throttled alike); the account keeps the second-factor failures,
which a right password no longer resets. Transient lock-out counters are not carried over.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import dancu.db.base

revision: str = "0013_eid"
down_revision: str | None = "0012_law_a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "login_throttle",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("lockouts", sa.Integer(), nullable=False),
        sa.Column("locked_until", dancu.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("updated_at", dancu.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_throttle")),
        sa.UniqueConstraint("key_hash", name=op.f("uq_login_throttle_key_hash")),
    )
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.add_column(sa.Column("totp_last_step", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("factor_failures", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("factor_lockouts", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(
            sa.Column("factor_locked_until", dancu.db.base.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.drop_column("failed_logins")
        batch_op.drop_column("lockouts")
        batch_op.drop_column("locked_until")
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.alter_column("factor_failures", server_default=None)
        batch_op.alter_column("factor_lockouts", server_default=None)

    with op.batch_alter_table("oidc_client", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "id_token_signed_response_alg", sa.String(length=10), nullable=False, server_default="RS256"
            )
        )
        batch_op.add_column(
            sa.Column("post_logout_redirect_uris", sa.JSON(), nullable=False, server_default="[]")
        )
    with op.batch_alter_table("oidc_client", schema=None) as batch_op:
        batch_op.alter_column("id_token_signed_response_alg", server_default=None)
        batch_op.alter_column("post_logout_redirect_uris", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("oidc_client", schema=None) as batch_op:
        batch_op.drop_column("post_logout_redirect_uris")
        batch_op.drop_column("id_token_signed_response_alg")

    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("locked_until", dancu.db.base.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("lockouts", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("failed_logins", sa.Integer(), nullable=False, server_default="0"))
        batch_op.drop_column("factor_locked_until")
        batch_op.drop_column("factor_lockouts")
        batch_op.drop_column("factor_failures")
        batch_op.drop_column("totp_last_step")
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.alter_column("lockouts", server_default=None)
        batch_op.alter_column("failed_logins", server_default=None)

    op.drop_table("login_throttle")
