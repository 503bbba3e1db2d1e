"""access log: the heads' call keeps one plan per connection instead of planning every group

Revision ID: 0040_audit_heads_plan_kept
Revises: 0039_audit_ids_sequence_once
Create Date: 2026-12-07 02:00:00

docs/adr/0017, amendment "session 19". ``audit_take_heads`` (migrations 0028, 0031, 0039) locks and
advances the chains of a group with one statement whose parameters are the arrays of chains and
counts. PL/pgSQL keeps that statement in the connection's plan cache, but the server compares a
custom plan (made for the arrays of the call, a few chains) with a generic one (made for arrays of
unknown length, estimated at a hundred elements) and, finding the generic one dearer, planned the
statement anew for every group. Timed in a loop on the 10 M register, rolled back each time: 171 µs
a call for seven chains, 91 µs on the generic plan; under ``bench/append.py --group 8`` the
database's CPU an entry went 119 -> 108 and 144 -> 126 µs in alternating runs.

The generic plan is the custom plan's shape (the chains unnested, each head found by its primary
key, sorted by chain before the rows are locked), and the locks are taken in ascending chain order
whatever the plan, by the statement's ORDER BY. ``audit_person_heads`` has kept its plan the same way
since migration 0032. Nothing else about the function changes: same signature, body, locks and rows.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0040_audit_heads_plan_kept"
down_revision: str | None = "0039_audit_ids_sequence_once"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FUNCTION = "audit_take_heads(integer[], integer[], integer[])"


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"ALTER FUNCTION {FUNCTION} SET plan_cache_mode = force_generic_plan")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"ALTER FUNCTION {FUNCTION} RESET plan_cache_mode")
