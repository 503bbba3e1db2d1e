"""access log: a row type of its own for the group commit's insert

Revision ID: 0037_audit_entry_type
Revises: 0036_feed_holds_unknown_types
Create Date: 2026-12-06 18:20:00

docs/adr/0017, amendment "session 15". The group commit inserts its entries from one array of rows
(``unnest($1::…[])``), which asyncpg encodes from each row's mapping of column to value. asyncpg
keeps a composite type's attributes per connection: were the array typed as ``event``'s own row
type, a column added to ``event`` while a server runs would make every later group of that
connection fail ("wrong number of columns") until the process restarted. ``audit_entry_v1`` has
the columns an entry is written with, and changes only by a new type of another name with the code
that uses it; the insert names its columns, so a column ``event`` gains takes its default.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0037_audit_entry_type"
down_revision: str | None = "0036_feed_holds_unknown_types"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The columns of ``event`` as migration 0036 leaves them, in their order and with their types.
ENTRY_TYPE = """
CREATE TYPE audit_entry_v1 AS (
    id bigint,
    occurred_at timestamp with time zone,
    event_type character varying(40),
    actor_account_id integer,
    actor_label character varying(200),
    subject_citizen_id integer,
    reason text,
    data jsonb,
    actor_group character varying(20),
    channel character varying(20),
    organisation_id integer,
    organisation_label character varying(300),
    legal_basis character varying(300),
    purpose character varying(300),
    fields json,
    request_ref character varying(100),
    permit_ref character varying(100),
    consent_ref character varying(100),
    disclosure_after date,
    chain integer,
    seq integer,
    prev_hash character varying(64),
    subject_prev_hash character varying(64),
    entry_hash character varying(64),
    mac_key character varying(32),
    entry_mac character varying(64)
)
"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(ENTRY_TYPE)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TYPE IF EXISTS audit_entry_v1")
