"""Who is asking, and through which channel (Luật Căn cước Điều 10 khoản 5–8; NĐ 70/2024 Điều 8)."""

from __future__ import annotations

import json
from enum import StrEnum
from functools import cache
from pathlib import Path

from dancu.errors import Forbidden

CHANNEL_MATRIX_FILE = Path(__file__).parent / "data" / "channel_matrix.json"


class ActorGroup(StrEnum):
    K1 = "k1"  # Điều 8 khoản 1: cơ quan nhà nước, tổ chức chính trị, tổ chức chính trị - xã hội
    K2 = "k2"  # khoản 2: tổ chức tín dụng, trung gian thanh toán, viễn thông, xác thực điện tử, công chứng…
    K3 = "k3"  # khoản 3: tổ chức khác
    K4 = "k4"  # khoản 4: cá nhân
    CITIZEN = "citizen"  # công dân khai thác thông tin của mình (Luật Điều 10 khoản 7)
    OFFICER = "officer"  # cán bộ của cơ quan quản lý căn cước (NĐ 70 Điều 5, 6)

    @property
    def label_vi(self) -> str:
        return _GROUP_LABELS[self]

    @property
    def needs_consent(self) -> bool:
        """Third parties outside khoản 1 need the data subject's consent (Luật Điều 10 khoản 8)."""
        return self in (ActorGroup.K2, ActorGroup.K3, ActorGroup.K4)


_GROUP_LABELS = {
    ActorGroup.K1: "Cơ quan nhà nước, tổ chức chính trị, tổ chức chính trị - xã hội",
    ActorGroup.K2: "Tổ chức được giao cung cấp dịch vụ (tín dụng, thanh toán, viễn thông, xác thực…)",
    ActorGroup.K3: "Tổ chức khác",
    ActorGroup.K4: "Cá nhân",
    ActorGroup.CITIZEN: "Công dân (thông tin của mình)",
    ActorGroup.OFFICER: "Cán bộ quản lý căn cước",
}


class Channel(StrEnum):
    """Phương thức khai thác thông tin (Luật Điều 10 khoản 5), plus the register's own consoles."""

    DIRECT = "direct"  # a) kết nối, chia sẻ trực tiếp
    PORTAL = "portal"  # b) Cổng dịch vụ công quốc gia
    WRITTEN = "written"  # c) văn bản cung cấp thông tin
    IDENTITY_APP = "identity_app"  # d) ứng dụng định danh quốc gia
    EID_PLATFORM = "eid_platform"  # đ) nền tảng định danh và xác thực điện tử
    OTHER = "other"  # e) phương thức khác do Thủ tướng Chính phủ quyết định
    OFFICER_CONSOLE = "officer_console"  # the register's officers at work (not an exploitation channel)
    CLI = "cli"  # an operator on the server


@cache
def channel_matrix() -> dict[ActorGroup, frozenset[Channel]]:
    """Which group may use which channel: data (domain.md §3.2 and §10.1; [M] where unverified)."""
    raw = json.loads(CHANNEL_MATRIX_FILE.read_text(encoding="utf-8"))
    return {
        ActorGroup(group): frozenset(Channel(c) for c in channels)
        for group, channels in raw["matrix"].items()
    }


def channel_allowed(group: ActorGroup, channel: Channel) -> bool:
    return channel in channel_matrix().get(group, frozenset())


def ensure_channel(group: ActorGroup, channel: Channel) -> None:
    if not channel_allowed(group, channel):
        raise Forbidden("access.channel_not_allowed", group=group.value, channel=channel.value)
