"""API contract of the code lists."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from dancu.codes import queries
from dancu.codes.enums import CodeList


class CodeEntryOut(BaseModel):
    code: str
    name_vi: str
    name_en: str | None

    @classmethod
    def of(cls, entry: queries.CodeEntry) -> CodeEntryOut:
        return cls(code=entry.code, name_vi=entry.name_vi, name_en=entry.name_en)


class CodeListSummaryOut(BaseModel):
    code_list: CodeList
    title_vi: str
    title_en: str
    size: int


class CodeListOut(CodeListSummaryOut):
    meta: dict[str, Any]
    entries: list[CodeEntryOut]

    @classmethod
    def of(cls, code_list: CodeList) -> CodeListOut:
        meta = queries.metadata(code_list)
        items = queries.entries(code_list)
        return cls(
            code_list=code_list,
            title_vi=meta["title_vi"],
            title_en=meta["title_en"],
            size=len(items),
            meta=meta,
            entries=[CodeEntryOut.of(e) for e in items],
        )
