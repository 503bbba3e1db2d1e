"""Integer parameters bounded by the columns they are compared with.

Ids are 32-bit integer columns on PostgreSQL: a larger number in a path or query would reach the
driver and fail there (500). Bounding the parameter answers 422 naming it instead, on both engines
(SQLite's 64-bit integers would otherwise just find nothing). A test walks every route and fails
for an integer parameter without an upper bound.
"""

from __future__ import annotations

from typing import Annotated

from annotated_types import Ge, Le

INT32_MAX = 2**31 - 1
INT64_MAX = 2**63 - 1

# A row id (path or query): 1 … 2^31 − 1.
RowId = Annotated[int, Ge(1), Le(INT32_MAX)]
# A keyset cursor over row ids, where 0 means "from the start".
RowCursor = Annotated[int, Ge(0), Le(INT32_MAX)]
# A position in a 64-bit sequence (the change feed).
SeqCursor = Annotated[int, Ge(0), Le(INT64_MAX)]
# A page-level on/off switch sent as 0 or 1.
Flag = Annotated[int, Ge(0), Le(1)]
