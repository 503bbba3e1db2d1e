"""secrets at rest: seal TOTP and webhook secrets, outbox bodies and attachments; key code digests

Revision ID: 0015_secrets
Revises: 0014_audit_keyed
Create Date: 2026-12-05

Existing rows are converted in place with the keys of dancu.sealing (DANCU_SEALING_KEYS_FILE, or the
development key in development mode): clear values are sealed, and the bare SHA-256 digests of
one-time codes and of PINs in registration attempts are keyed (HMAC over the old digest, which is
what dancu.identity computes now), so codes issued before the upgrade still verify.
"""

from collections.abc import Callable, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0015_secrets"
down_revision: str | None = "0014_audit_keyed"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, column, widened from): text secrets sealed under the purpose "<table>.<column>".
SEALED_TEXT = (
    ("account", "totp_secret", sa.String(length=64)),
    ("feed_subscription", "webhook_secret", sa.String(length=100)),
    ("outbox", "body", None),
)
SEALED_BYTES = ("request_attachment", "correction_attachment")
KEYED_DIGESTS = (("one_time_code", "code_hash"), ("eid_registration_attempt", "pin_hash"))


def _convert(table_name: str, column: str, change: Callable[[Any], object], *extra: str) -> None:
    bind = op.get_bind()
    table = sa.table(table_name, sa.column("id", sa.Integer), sa.column(column), *map(sa.column, extra))
    rows = bind.execute(sa.select(table).where(table.c[column].is_not(None))).all()
    for row in rows:
        value = change(row)
        if value is not None:
            bind.execute(sa.update(table).where(table.c.id == row.id).values({column: value}))


def _sealer(column: str, purpose: str) -> Callable[[Any], str | None]:
    from dancu import sealing

    def seal(row: Any) -> str | None:
        value = str(getattr(row, column))
        return None if sealing.is_sealed_text(value) else sealing.seal_text(value, purpose=purpose)

    return seal


def _opener(column: str, purpose: str) -> Callable[[Any], str]:
    from dancu import sealing

    return lambda row: sealing.open_text(getattr(row, column), purpose=purpose)


def _content_sealer(table: str) -> Callable[[Any], bytes | None]:
    from dancu import sealing

    def seal(row: Any) -> bytes | None:
        content = bytes(row.content)
        if content.startswith(sealing.BYTES_PREFIX):
            return None
        return sealing.seal_bytes(content, purpose=f"{table}.content", context=row.sha256)

    return seal


def _content_opener(table: str) -> Callable[[Any], bytes]:
    from dancu import sealing

    return lambda row: sealing.open_bytes(bytes(row.content), purpose=f"{table}.content", context=row.sha256)


def _keyer(column: str) -> Callable[[Any], str]:
    from dancu import sealing

    return lambda row: sealing.keyed_digest(getattr(row, column))


def upgrade() -> None:
    for table, column, widened_from in SEALED_TEXT:
        if widened_from is not None:
            with op.batch_alter_table(table, schema=None) as batch_op:
                batch_op.alter_column(column, existing_type=widened_from, type_=sa.Text())
        _convert(table, column, _sealer(column, f"{table}.{column}"))
    for table in SEALED_BYTES:
        _convert(table, "content", _content_sealer(table), "sha256")
    for table, column in KEYED_DIGESTS:
        _convert(table, column, _keyer(column))


def downgrade() -> None:
    for table, column, widened_from in SEALED_TEXT:
        _convert(table, column, _opener(column, f"{table}.{column}"))
        if widened_from is not None:
            with op.batch_alter_table(table, schema=None) as batch_op:
                batch_op.alter_column(column, existing_type=sa.Text(), type_=widened_from)
    for table in SEALED_BYTES:
        _convert(table, "content", _content_opener(table), "sha256")
    # Keyed digests cannot be unkeyed: outstanding one-time codes are voided instead.
    op.get_bind().execute(sa.text("UPDATE one_time_code SET failures = 1000000 WHERE used_at IS NULL"))
