"""The refusal for an account that cannot be used names its status in words, in Vietnamese and
English, never as a raw value (house rules: "messages via the catalogue (messages.py per package,
Vietnamese first + English)"; NĐ 69/2024 Điều 14: an account "chờ kích hoạt" is activated within
7 days; Luật Căn cước Điều 34: a locked account)."""

from __future__ import annotations

import pytest

import dancu.app  # noqa: F401  (every package installs its messages)
from dancu.errors import Forbidden
from dancu.i18n import Lang, t
from dancu.identity.models import Account, AccountKind, AccountStatus
from dancu.identity.principals import actor_for_account


@pytest.mark.parametrize(
    ("status", "vi", "en"),
    [
        (AccountStatus.PENDING_ACTIVATION, "chưa được kích hoạt", "not been activated"),
        (AccountStatus.LOCKED, "đang bị khóa", "locked"),
        (AccountStatus.EXPIRED, "quá thời hạn kích hoạt", "activation period has expired"),
    ],
)
async def test_an_unusable_account_is_refused_with_its_status_in_words(
    status: AccountStatus, vi: str, en: str
) -> None:
    account = Account(
        id=7, username="nguoi.dung", display_name="Người dùng", kind=AccountKind.CITIZEN, status=status
    )
    with pytest.raises(Forbidden) as refused:
        await actor_for_account(None, account)  # type: ignore[arg-type]  (refused before any read)
    assert refused.value.code == "auth.account_not_active"
    title_vi = t(refused.value.code, Lang.VI, **refused.value.params)
    title_en = t(refused.value.code, Lang.EN, **refused.value.params)
    assert vi in title_vi and en in title_en
    for title in (title_vi, title_en):
        assert f"({status.value})" not in title and "_" not in title and "{" not in title
