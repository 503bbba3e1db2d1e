"""Tables of the change feed: subscriptions, the sequenced feed, its sequencer state, the webhook outbox.

The feed is a contiguous sequence (``feed_entry.seq``) assigned to committed register events by one
sequencer at a time; see docs/adr/0006-change-feed-ordering.md for why ids of ``event`` are not used.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from dancu.audit.models import EntryId, EventType
from dancu.db.base import Base, SealedText, str_enum


class FeedKind(StrEnum):
    """What happened to a person, as a connected system subscribes to it."""

    BIRTH = "birth"  # đăng ký khai sinh: a new person and PIN
    COLLECTED = "collected"  # thu thập (DC01): a person entered from existing records
    DEATH = "death"
    MISSING = "missing"  # tuyên bố mất tích
    RESIDENCE = "residence"  # thường trú, tạm trú, nơi ở hiện tại, tạm vắng
    CORRECTION = "correction"  # cập nhật (the world changed) or điều chỉnh (the register was wrong)
    PIN_REESTABLISHED = "pin_reestablished"  # NĐ 70 Điều 11 khoản 7: the old PIN is cancelled
    HOUSEHOLD = "household"
    RELATION = "relation"
    CARD = "card"


# The register events the feed carries; every other event type (reads, logins…) is not a change.
KIND_OF_EVENT: dict[EventType, FeedKind] = {
    EventType.BIRTH_REGISTERED: FeedKind.BIRTH,
    EventType.CITIZEN_COLLECTED: FeedKind.COLLECTED,
    EventType.DEATH_RECORDED: FeedKind.DEATH,
    EventType.MISSING_RECORDED: FeedKind.MISSING,
    EventType.RESIDENCE_CHANGED: FeedKind.RESIDENCE,
    EventType.ITEM_UPDATED: FeedKind.CORRECTION,
    EventType.ITEM_ADJUSTED: FeedKind.CORRECTION,
    EventType.PIN_REESTABLISHED: FeedKind.PIN_REESTABLISHED,
    EventType.HOUSEHOLD_CHANGED: FeedKind.HOUSEHOLD,
    EventType.RELATION_CHANGED: FeedKind.RELATION,
    EventType.CARD_RECORDED: FeedKind.CARD,
}


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    DEAD = "dead"  # gave up after the last attempt of the schedule; an operator may re-queue it
    DROPPED = "dropped"  # nothing left to send: the subscription was deleted or the mandate narrowed


class Subscription(Base):
    """A connected system's standing request for some kinds of change, within its mandate."""

    __tablename__ = "feed_subscription"
    __table_args__ = (Index("ix_feed_subscription_organisation_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    kinds: Mapped[list[str]] = mapped_column(JSON, default=list)
    webhook_url: Mapped[str | None] = mapped_column(String(500))
    # HMAC key of the webhook signature: shown once at creation, kept to sign (ADR 0006).
    webhook_secret: Mapped[str | None] = mapped_column(SealedText("feed_subscription.webhook_secret"))
    # The feed position when the subscription was made: it receives only what happens afterwards.
    start_seq: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[dt.datetime]
    deleted_at: Mapped[dt.datetime | None]


class FeedState(Base):
    """The sequencer's single row; locking it is what makes one sequencer run at a time."""

    __tablename__ = "feed_state"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    # Every event with an id at or below this has been seen, or is a recorded gap.
    scanned_event_id: Mapped[int] = mapped_column(BigInteger)
    last_seq: Mapped[int] = mapped_column(BigInteger)


class FeedGap(Base):
    """An event id below the scanned mark that was not visible yet: a transaction still in flight
    (it may commit later) or rolled back (it never will). Re-checked until its horizon passes."""

    __tablename__ = "feed_gap"

    event_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    # PostgreSQL: xmax of a snapshot taken after the gap was seen. Once the oldest running
    # transaction is younger (snapshot xmin >= horizon), the writer of this id has ended.
    horizon: Mapped[int | None] = mapped_column(BigInteger)
    found_at: Mapped[dt.datetime]
    # Set for a visible entry about a person whose type this version does not know (a later
    # version appended it, then the installation was rolled back): it may be a change to the
    # register, so it is held here, as stored, until a version that knows the type sequences it.
    held_type: Mapped[str | None] = mapped_column(String(40))


class FeedEntry(Base):
    """One register change in feed order. Values are not copied: they are the event's facts."""

    __tablename__ = "feed_entry"

    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    # The change's log entry; no foreign key since the log is partitioned by time (docs/adr/0018).
    event_id: Mapped[int] = mapped_column(EntryId, unique=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizen.id"))
    kind: Mapped[FeedKind] = mapped_column(str_enum(FeedKind))
    # The Điều 9 items the change wrote (from the event), to filter by mandate without the facts.
    items: Mapped[list[str]] = mapped_column(JSON, default=list)
    pin: Mapped[str] = mapped_column(String(12))
    previous_pin: Mapped[str | None] = mapped_column(String(12))
    occurred_at: Mapped[dt.datetime]
    sequenced_at: Mapped[dt.datetime]


class WebhookDelivery(Base):
    """The webhook outbox: one row per (subscription, feed entry), written by the sequencer."""

    __tablename__ = "feed_webhook_delivery"
    __table_args__ = (
        UniqueConstraint("subscription_id", "seq"),
        Index("ix_feed_webhook_delivery_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    subscription_id: Mapped[int] = mapped_column(ForeignKey("feed_subscription.id"))
    seq: Mapped[int] = mapped_column(BigInteger, ForeignKey("feed_entry.seq"))
    status: Mapped[DeliveryStatus] = mapped_column(str_enum(DeliveryStatus))
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[dt.datetime]
    last_attempt_at: Mapped[dt.datetime | None]
    last_status_code: Mapped[int | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime]
    delivered_at: Mapped[dt.datetime | None]
