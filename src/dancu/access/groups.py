"""Who is asking, and through which channel (Luật Căn cước Điều 10 khoản 5–8; NĐ 70/2024 Điều 8)."""

from __future__ import annotations

from enum import StrEnum
from functools import cache
from pathlib import Path

from dancu import configdir
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


class OrganisationType(StrEnum):
    """The kind of a khoản 2 organisation (NĐ 70 Điều 8 khoản 2): it picks the competent tier
    (Điều 9 khoản 1 for the first five, khoản 2 for the rest; routing.json)."""

    CREDIT_INSTITUTION = "credit_institution"  # tổ chức tín dụng
    PAYMENT_INTERMEDIARY = "payment_intermediary"  # trung gian thanh toán
    TELECOM = "telecom"  # doanh nghiệp viễn thông, di động
    E_AUTHENTICATION = "e_authentication"  # tổ chức cung cấp dịch vụ xác thực điện tử
    TRUST_SERVICE = "trust_service"  # tổ chức cung cấp dịch vụ tin cậy
    NOTARY = "notary"  # tổ chức hành nghề công chứng
    BAILIFF = "bailiff"  # văn phòng thừa phát lại
    PUBLIC_SERVICE = "public_service"  # tổ chức khác được giao cung cấp dịch vụ công


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


def _matrix(raw: dict[str, object]) -> dict[ActorGroup, frozenset[Channel]]:
    matrix = raw.get("matrix")
    if not isinstance(matrix, dict):
        raise configdir.ConfigProblem("matrix", "must be an object of group: [channels]")
    out: dict[ActorGroup, frozenset[Channel]] = {}
    for group, channels in matrix.items():
        if group not in ActorGroup.__members__.values():
            raise configdir.ConfigProblem(f"matrix.{group}", f"unknown group (one of {_values(ActorGroup)})")
        if not isinstance(channels, list) or any(c not in Channel.__members__.values() for c in channels):
            raise configdir.ConfigProblem(f"matrix.{group}", f"a list of channels ({_values(Channel)})")
        out[ActorGroup(group)] = frozenset(Channel(c) for c in channels)
    return out


def _values(enum: type[StrEnum]) -> str:
    return ", ".join(member.value for member in enum)


configdir.register("channel_matrix.json", CHANNEL_MATRIX_FILE, _matrix)


@cache
def channel_matrix() -> dict[ActorGroup, frozenset[Channel]]:
    """Which group may use which channel: data (domain.md §3.2 and §10.1; [M] where unverified)."""
    result: dict[ActorGroup, frozenset[Channel]] = configdir.parse("channel_matrix.json", _matrix)
    return result


def channel_allowed(group: ActorGroup, channel: Channel) -> bool:
    return channel in channel_matrix().get(group, frozenset())


def ensure_channel(group: ActorGroup, channel: Channel) -> None:
    if not channel_allowed(group, channel):
        raise Forbidden("access.channel_not_allowed", group=group.value, channel=channel.value)
