"""Read-only API over the shared code lists. Code lists are public information."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Response

from dancu.codes import queries
from dancu.codes.enums import CodeList
from dancu.codes.schemas import CodeEntryOut, CodeListOut, CodeListSummaryOut
from dancu.errors import NotFound
from dancu.web.deps import Public
from dancu.web.transaction import UnitOfWorkRoute

router = APIRouter(route_class=UnitOfWorkRoute, prefix="/api/v1/codes", tags=["codes"])

PUBLIC = [Depends(Public("code lists are public"))]
# Code lists change only with a release; the app's API-wide "no-store" is meant for personal data.
CACHE_CONTROL = "public, max-age=3600"

ListPath = Annotated[CodeList, Path(description="ethnicities, religions, countries or blood-groups")]
CodePath = Annotated[str, Path(min_length=1, max_length=10, examples=["01", "VN", "O+"])]


@router.get("", response_model=list[CodeListSummaryOut], dependencies=PUBLIC)
async def list_code_lists(response: Response) -> list[CodeListSummaryOut]:
    response.headers["Cache-Control"] = CACHE_CONTROL
    summaries = []
    for code_list in CodeList:
        meta = queries.metadata(code_list)
        size = len(queries.entries(code_list))
        summaries.append(
            CodeListSummaryOut(
                code_list=code_list, title_vi=meta["title_vi"], title_en=meta["title_en"], size=size
            )
        )
    return summaries


@router.get("/{code_list}", response_model=CodeListOut, dependencies=PUBLIC)
async def get_code_list(code_list: ListPath, response: Response) -> CodeListOut:
    response.headers["Cache-Control"] = CACHE_CONTROL
    return CodeListOut.of(code_list)


@router.get("/{code_list}/{code}", response_model=CodeEntryOut, dependencies=PUBLIC)
async def get_code(code_list: ListPath, code: CodePath, response: Response) -> CodeEntryOut:
    entry = queries.get(code_list, code)
    if entry is None:
        raise NotFound("codes.unknown_code", code_list=code_list.value, value=code)
    response.headers["Cache-Control"] = CACHE_CONTROL
    return CodeEntryOut.of(entry)
