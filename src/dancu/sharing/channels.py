"""Exploitation channels as registered adapters (Luật Căn cước Điều 10 khoản 5 điểm e).

Point e lets the Prime Minister add "other methods" of exploiting the register. Each method is an
adapter that says which :class:`~dancu.access.groups.Channel` it is, under which legal point, and
how a caller is authorised: a permission, the actor groups it serves, and the channel matrix
(``access/data/channel_matrix.json``). The procedure around it — authorise, then act as the
caller *through that channel* so the access log names it — is the same for every adapter, so a
new method is added by registering an adapter, without touching the procedure.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from dancu.access.actor import Actor
from dancu.access.groups import ActorGroup, Channel, ensure_channel
from dancu.access.permissions import Permission
from dancu.errors import Forbidden


@dataclass(frozen=True)
class ExploitationChannel:
    """One method of exploitation; ``authorise`` is the whole of its access rule."""

    name: str
    channel: Channel
    legal_point: str
    permission: Permission
    groups: frozenset[ActorGroup]
    description: str
    # The message code a caller of another group is refused with (it names the legal rule).
    group_refusal: str = "access.group_not_allowed"

    def authorise(self, actor: Actor) -> Actor:
        """The caller acting through this channel, or Forbidden naming the rule it broke."""
        if not actor.can(self.permission):
            raise Forbidden("auth.permission_denied", permission=self.permission.value)
        if actor.group not in self.groups:
            raise Forbidden(self.group_refusal, group=actor.group.value)
        ensure_channel(actor.group, self.channel)
        return dataclasses.replace(actor, channel=self.channel)


_REGISTRY: dict[str, ExploitationChannel] = {}


def register(adapter: ExploitationChannel) -> ExploitationChannel:
    existing = _REGISTRY.get(adapter.name)
    if existing is not None and existing != adapter:
        raise ValueError(f"another exploitation channel is already registered as {adapter.name!r}")
    _REGISTRY[adapter.name] = adapter
    return adapter


def get(name: str) -> ExploitationChannel:
    return _REGISTRY[name]


def registered() -> list[ExploitationChannel]:
    """Every registered adapter, by name."""
    return [_REGISTRY[name] for name in sorted(_REGISTRY)]


def authorise(name: str, actor: Actor) -> Actor:
    """The one procedure: look the adapter up and let it authorise the caller."""
    return get(name).authorise(actor)
