"""Reconciliation is the first "other method" adapter (Luật Căn cước Điều 10 khoản 5 điểm e)."""

from __future__ import annotations

from dancu.access.groups import ActorGroup, Channel
from dancu.access.permissions import Permission
from dancu.sharing import channels

RECONCILIATION = channels.register(
    channels.ExploitationChannel(
        name="reconciliation",
        channel=Channel.OTHER,
        legal_point="Luật Căn cước 2023 Điều 10 khoản 5 điểm e; Điều 8 khoản 4",
        permission=Permission.RECONCILE,
        # Only Điều 8 khoản 1 bodies connect their databases for comparison; a k2 service
        # provider (a bank) may use point e for other methods, but not this one.
        groups=frozenset({ActorGroup.K1}),
        group_refusal="reconcile.group_not_allowed",
        description="Đối soát theo lô: so sánh dữ liệu của cơ sở dữ liệu khác với CSDLQG về dân cư",
    )
)
