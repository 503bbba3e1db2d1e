"""name search: re-key the register's search column with dancu.names.search_key

Revision ID: 0023_name_search_rekey
Revises: 0022_undetermined_nationality
Create Date: 2026-12-05

Search now folds a name with the one normalisation that lookup and matching share
(dancu.names.search_key); the keys written before folded apostrophes and dashes differently (a
phone's "H’Hen", "Nguyễn-Văn"). Only names holding one of those characters can change, so only they
are read and rewritten: on a register of millions this touches a few rows, not the table.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023_name_search_rekey"
down_revision: str | None = "0022_undetermined_nationality"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The characters whose folding changed: apostrophes and dashes of every style.
CHANGED = (
    "'",
    "\u2019",
    "\u2018",
    "`",
    "\u02bc",
    "-",
    "\u2010",
    "\u2011",
    "\u2012",
    "\u2013",
    "\u2014",
    "\u2015",
)


def upgrade() -> None:
    from dancu.names import search_key

    citizen = sa.table(
        "citizen", sa.column("id", sa.Integer), sa.column("full_name"), sa.column("name_search")
    )
    bind = op.get_bind()
    holds = sa.or_(*(citizen.c.full_name.contains(ch, autoescape=True) for ch in CHANGED))
    for row in bind.execute(sa.select(citizen).where(holds)).all():
        key = search_key(row.full_name)
        if key != row.name_search:
            bind.execute(sa.update(citizen).where(citizen.c.id == row.id).values(name_search=key))


def downgrade() -> None:
    # The old keys are not restored: they found fewer spellings, and search reads the new ones.
    pass
