"""Who may subscribe to which changes (Luật Căn cước Điều 10 khoản 5 điểm a; NĐ 70 Điều 10 khoản 1).

Pure rules over values, tested without a database.
"""

from __future__ import annotations

from collections.abc import Iterable

from dancu.access.actor import Actor
from dancu.access.groups import ActorGroup, Channel
from dancu.enums.registry import Item
from dancu.errors import Forbidden, invalid
from dancu.sharing.feed import egress
from dancu.sharing.feed.models import FeedKind

# Kinds whose changes always concern these items: subscribing to one with none of them in the
# mandate could never deliver anything, so it is refused instead of silently staying empty.
# Births, collections and corrections may touch any item and are filtered per event.
KIND_ITEMS: dict[FeedKind, frozenset[str]] = {
    FeedKind.DEATH: frozenset({Item.DEATH.value}),
    FeedKind.MISSING: frozenset({Item.DEATH.value}),
    FeedKind.RESIDENCE: frozenset(
        {
            Item.PERMANENT_RESIDENCE.value,
            Item.TEMPORARY_RESIDENCE.value,
            Item.CURRENT_PLACE.value,
            Item.TEMPORARY_ABSENCE.value,
        }
    ),
    FeedKind.PIN_REESTABLISHED: frozenset({Item.PIN.value}),
    FeedKind.HOUSEHOLD: frozenset({Item.HOUSEHOLD.value}),
    FeedKind.RELATION: frozenset({Item.RELATION.value}),
    FeedKind.CARD: frozenset({Item.CARD.value}),
}


def ensure_connected_system(actor: Actor) -> int:
    """The feed is a direct connection: a k1 body's machine client, never a person at a portal."""
    if actor.organisation_id is None or actor.group is not ActorGroup.K1:
        raise Forbidden("sharing.not_a_connected_system")
    if actor.channel is not Channel.DIRECT:
        raise Forbidden("sharing.direct_channel_only")
    return actor.organisation_id


def check_kinds(kinds: Iterable[FeedKind], mandate: Iterable[str]) -> None:
    """The PIN identifies every event, so it must be mandated; each kind must be able to deliver."""
    allowed = frozenset(mandate)
    if Item.PIN.value not in allowed:
        raise Forbidden("sharing.pin_not_in_mandate")
    outside = sorted(kind.value for kind in kinds if kind in KIND_ITEMS and not KIND_ITEMS[kind] & allowed)
    if outside:
        raise invalid("kinds", "sharing.kind_outside_mandate", kinds=", ".join(outside))


def check_webhook_url(url: str | None) -> None:
    """Webhooks carry personal data: only over TLS, to a host name or public address, without
    credentials (private and local addresses: :mod:`dancu.sharing.feed.egress`)."""
    if url is None:
        return
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        raise invalid("webhook_url", "sharing.webhook_https_required")
    if parts.username or parts.password or parts.fragment:
        raise invalid("webhook_url", "sharing.webhook_url_plain")
    egress.check_url(url)
