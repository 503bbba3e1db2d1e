"""The event log: every change to the register and every read of personal data, hash-chained.

Each entry belongs to one of several chains (``chain``/``seq``) and links to the previous entry of its
chain (``prev_hash``) and to the previous entry about the same person (``subject_prev_hash``); see
docs/adr/0004-verifiable-access-log.md. Checkpoints seal the chain heads with an Ed25519 signature.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from dancu.access.groups import ActorGroup, Channel
from dancu.db.base import Base, LenientEnum, UnknownValue, known


class EventType(StrEnum):
    BIRTH_REGISTERED = "registry.birth_registered"
    CITIZEN_COLLECTED = "registry.citizen_collected"
    ITEM_UPDATED = "registry.item_updated"
    ITEM_ADJUSTED = "registry.item_adjusted"
    DEATH_RECORDED = "registry.death_recorded"
    MISSING_RECORDED = "registry.missing_recorded"
    RESIDENCE_CHANGED = "registry.residence_changed"
    HOUSEHOLD_CHANGED = "registry.household_changed"
    RELATION_CHANGED = "registry.relation_changed"
    CARD_RECORDED = "registry.card_recorded"
    PIN_ASSIGNED = "pin.assigned"
    PIN_CANCELLED = "pin.cancelled"
    PIN_REESTABLISHED = "pin.reestablished"
    ACCOUNT_CREATED = "identity.account_created"
    LOGIN_SUCCEEDED = "identity.login_succeeded"
    LOGIN_FAILED = "identity.login_failed"
    LOGOUT = "identity.logout"
    POPULATION_SEEDED = "registry.population_seeded"
    CITIZEN_VIEWED = "registry.citizen_viewed"
    EID_REGISTRATION_STARTED = "identity.eid_registration_started"
    EID_REGISTRATION_REFUSED = "identity.eid_registration_refused"
    EID_ACTIVATED = "identity.eid_activated"
    EID_ACTIVATION_EXPIRED = "identity.eid_activation_expired"
    SECOND_FACTOR_PASSED = "identity.second_factor_passed"
    SECOND_FACTOR_FAILED = "identity.second_factor_failed"
    TOTP_ENROLLED = "identity.totp_enrolled"
    EID_UPGRADED = "identity.eid_upgraded"
    EID_LOCKED = "identity.eid_locked"
    EID_UNLOCKED = "identity.eid_unlocked"
    # Exploitation requests (exploitation/requests): the procedure of NĐ 70 Điều 9, 10.
    REQUEST_SUBMITTED = "request.submitted"
    REQUEST_WRITTEN_REGISTERED = "request.written_registered"
    REQUEST_CONSENT_DECIDED = "request.consent_decided"
    REQUEST_CONSENT_WITHDRAWN = "request.consent_withdrawn"
    # One-off consent of the subject to a single yes/no question (domain.md §3.7).
    VERIFY_CONSENT_GIVEN = "verify.consent_given"
    VERIFY_CONSENT_DECLINED = "verify.consent_declined"
    REQUEST_ROUTED = "request.routed"
    REQUEST_CLARIFICATION_ASKED = "request.clarification_asked"
    REQUEST_CLARIFICATION_ANSWERED = "request.clarification_answered"
    REQUEST_APPROVED = "request.approved"
    REQUEST_REFUSED = "request.refused"
    REQUEST_WITHDRAWN = "request.withdrawn"
    REQUEST_ESCALATED = "request.escalated"
    REQUEST_ASSIGNED = "request.assigned"  # province police assign the commune (domain.md §1.5)
    REQUEST_EXPIRED = "request.expired"
    REQUEST_DELIVERED = "request.delivered"
    # A missing or deceased subject's representative or heir outside the register consents on paper.
    REQUEST_PAPER_CONSENT_RECORDED = "request.paper_consent_recorded"
    # Fees (TT 48/2022/TT-BTC): operator rates, receipts, payments.
    FEE_RATE_CREATED = "fees.rate_created"
    FEE_RATE_CHANGED = "fees.rate_changed"
    FEE_RATE_WITHDRAWN = "fees.rate_withdrawn"
    FEE_RECEIPT_ISSUED = "fees.receipt_issued"
    FEE_PAYMENT_RECORDED = "fees.payment_recorded"
    FEE_RECEIPT_ADJUSTED = "fees.receipt_adjusted"  # the release was smaller than the receipt charged
    # Corrections requested by the citizen (DC02) and notifications to the citizen.
    CORRECTION_FILED = "correction.filed"
    CORRECTION_APPROVED = "correction.approved"
    CORRECTION_REFUSED = "correction.refused"
    CORRECTION_WITHDRAWN = "correction.withdrawn"
    CORRECTION_ASSIGNED = "correction.assigned"  # province police assign the commune (domain.md §1.5)
    # The data subject's rights, breaches and retention (privacy; Luật 91/2025, NĐ 356/2025).
    PRIVACY_REQUEST_FILED = "privacy.request_filed"
    PRIVACY_REQUEST_ACKNOWLEDGED = "privacy.request_acknowledged"
    PRIVACY_REQUEST_EXTENDED = "privacy.request_extended"
    PRIVACY_REQUEST_GRANTED = "privacy.request_granted"
    PRIVACY_REQUEST_REFUSED = "privacy.request_refused"
    PRIVACY_REQUEST_WITHDRAWN = "privacy.request_withdrawn"
    PROCESSING_RESTRICTED = "privacy.processing_restricted"
    PROCESSING_RESTRICTION_LIFTED = "privacy.processing_restriction_lifted"
    PRIVACY_DATA_DELETED = "privacy.data_deleted"
    BREACH_RECORDED = "privacy.breach_recorded"
    BREACH_MEASURES_UPDATED = "privacy.breach_measures_updated"
    BREACH_NOTIFIED = "privacy.breach_notified"
    BREACH_CLOSED = "privacy.breach_closed"
    RETENTION_SWEPT = "privacy.retention_swept"
    CORRECTION_ESCALATED = "correction.escalated"
    # People of Vietnamese origin with undetermined nationality (NĐ 70 Điều 24 as amended by NĐ 58/2026):
    # the dossier's verification and decision, and the identity certificate.
    UNDETERMINED_DOSSIER_OPENED = "undetermined.dossier_opened"
    UNDETERMINED_VERIFICATION_STARTED = "undetermined.verification_started"
    UNDETERMINED_RESIDENCE_CHECKED = "undetermined.residence_checked"
    UNDETERMINED_VERIFICATION_EXTENDED = "undetermined.verification_extended"
    UNDETERMINED_ACCEPTED = "undetermined.accepted"
    UNDETERMINED_REFUSED = "undetermined.refused"
    UNDETERMINED_ESCALATED = "undetermined.escalated"
    UNDETERMINED_COMPARISON_SENT = "undetermined.comparison_sent"
    UNDETERMINED_COMPARISON_ANSWERED = "undetermined.comparison_answered"
    UNDETERMINED_REPLY_HANDED_OVER = "undetermined.reply_handed_over"
    IDENTITY_CERTIFICATE_ISSUED = "identity_certificate.issued"
    IDENTITY_CERTIFICATE_SENT = "identity_certificate.sent"
    IDENTITY_CERTIFICATE_HANDED_OVER = "identity_certificate.handed_over"
    IDENTITY_CERTIFICATE_RENEWED = "identity_certificate.renewed"
    # Documents (exploitation/documents): issuance, revocation and the signing keys.
    DOCUMENT_ISSUED = "documents.issued"
    DOCUMENT_REVOKED = "documents.revoked"
    DOCUMENT_KEYS_CREATED = "documents.keys_created"
    DOCUMENT_KEY_ROTATED = "documents.key_rotated"
    # Sharing: change feed, webhooks and connected systems (dancu.sharing.feed).
    FEED_SUBSCRIBED = "sharing.feed_subscribed"
    FEED_UNSUBSCRIBED = "sharing.feed_unsubscribed"
    SYSTEM_KEY_ROTATED = "sharing.system_key_rotated"
    SYSTEM_SECURITY_CHECK_RECORDED = "sharing.system_security_check_recorded"
    WEBHOOK_REQUEUED = "sharing.webhook_requeued"
    # Reconciliation (sharing.reconcile): a batch submitted, a chunk of rows compared, results taken.
    RECONCILIATION_SUBMITTED = "sharing.reconcile_submitted"
    RECONCILIATION_COMPARED = "sharing.reconcile_compared"
    RECONCILIATION_RESULTS_DOWNLOADED = "sharing.reconcile_results_taken"
    # Identity and access by function (issue 3): organisations, mandates, sub-accounts, OIDC
    # clients and consents, and portal accounts of k2/k3 organisations.
    ORGANISATION_REGISTERED = "access.organisation_registered"
    MANDATE_CHANGED = "access.mandate_changed"
    MEMBER_CREATED = "access.member_created"
    MEMBER_DISABLED = "access.member_disabled"
    MACHINE_CLIENT_REGISTERED = "access.machine_client_registered"
    RELYING_PARTY_REGISTERED = "access.relying_party_registered"
    OIDC_CONSENT_GRANTED = "identity.oidc_consent_granted"
    OIDC_CONSENT_WITHDRAWN = "identity.oidc_consent_withdrawn"
    PORTAL_ACCOUNT_REQUESTED = "access.portal_account_requested"
    PORTAL_ACCOUNT_APPROVED = "access.portal_account_approved"
    PORTAL_ACCOUNT_REFUSED = "access.portal_account_refused"
    # The competent person (TT 117/2026 Điều 3 khoản 6, Điều 17 khoản 3–4): written delegations to a
    # deputy and staff proposals to the head.
    DELEGATION_CREATED = "competence.delegation_created"
    DELEGATION_REVOKED = "competence.delegation_revoked"
    DECISION_PROPOSED = "competence.proposed"
    OFFICER_POSITION_SET = "identity.officer_position_set"
    # A connected system's token request was refused (the operator sees its errors).
    CLIENT_AUTH_FAILED = "access.client_auth_failed"
    # A sealed month of the log moved to an archive file (docs/adr/0018).
    LOG_ARCHIVED = "audit.log_archived"


@dataclass(frozen=True, slots=True)
class UnknownEventType(UnknownValue):
    """A stored event type this version does not know: a later version appended the entry and the
    installation was then rolled back. ``value`` is the stored string, which the entry's hash covers
    (:func:`dancu.audit.chain.plain` reads it as it reads an enum's); readers show it as unknown.
    Never equal to an :class:`EventType`, so no set of known types holds it."""


@dataclass(frozen=True, slots=True)
class UnknownActorGroup(UnknownValue):
    """A stored actor group this version does not know (a later version's), as for event types:
    hashed by ``value``, shown as unknown, never equal to an :class:`ActorGroup`, so never counted
    or filtered as a known group."""


@dataclass(frozen=True, slots=True)
class UnknownChannel(UnknownValue):
    """A stored channel this version does not know (a later version's), as for event types: hashed
    by ``value``, shown as unknown, never equal to a :class:`Channel`."""


# The log's enum columns as read back: the member when this version knows the stored word.
StoredEventType = EventType | UnknownEventType
StoredActorGroup = ActorGroup | UnknownActorGroup
StoredChannel = Channel | UnknownChannel


def known_type(event_type: StoredEventType) -> EventType | None:
    return known(event_type)


# The log's enum columns are read leniently (docs/adr/0002, addendum): a word a later version stored
# reads as its Unknown… value instead of failing every reader of the log (verification, the Data
# Tracker, proofs, archives). Same VARCHARs as str_enum made (no migration); writes take members only.
EventTypeColumn = LenientEnum(EventType, UnknownEventType, 40)
ActorGroupColumn = LenientEnum(ActorGroup, UnknownActorGroup, 20)
ChannelColumn = LenientEnum(Channel, UnknownChannel, 20)


# An entry id: 64-bit (at 1,000 entries a second a 32-bit id is exhausted in 25 days); SQLite's INTEGER
# is 64-bit already and stays the rowid.
EntryId = BigInteger().with_variant(Integer(), "sqlite")


# Event types that only read personal data (the Data Tracker may hide a citizen's reads of themself).
READ_TYPES = frozenset({EventType.CITIZEN_VIEWED, EventType.RECONCILIATION_COMPARED})


class Event(Base):
    """One entry of the log. On PostgreSQL the table is partitioned by month of ``occurred_at``
    (docs/adr/0018): its primary key there is (id, occurred_at) and every unique constraint names
    ``occurred_at`` too, so uniqueness is checked within a month and ``verify`` checks the chains
    across months. The ORM identifies an entry by its id alone (ids come from one sequence)."""

    __tablename__ = "event"
    __table_args__ = (
        # The Data Tracker: a person's entries newest first, in each month (keyset on time, id).
        Index("ix_event_subject_citizen_id", "subject_citizen_id", "occurred_at", "id"),
        Index("ix_event_occurred_at", "occurred_at"),
        # Each append's read of a person's latest entry (by id, the person's chain order), on SQLite
        # only: PostgreSQL keeps that entry in audit_person_head (migrations 0043, 0044;
        # dancu.db.base.ONE_ENGINE_INDEXES).
        Index("ix_event_subject_latest", "subject_citizen_id", "id"),
        UniqueConstraint("chain", "seq", "occurred_at", name="uq_event_chain_seq"),
        {"postgresql_partition_by": "RANGE (occurred_at)"},
    )

    id: Mapped[int] = mapped_column(EntryId, primary_key=True)
    occurred_at: Mapped[dt.datetime]
    event_type: Mapped[StoredEventType] = mapped_column(EventTypeColumn)
    actor_account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    # A readable actor label survives account renames; "system" or "cli:<user>" for non-web actors.
    actor_label: Mapped[str] = mapped_column(String(200))
    # The person read or changed; no foreign key (migration 0030): its check locked the person's row
    # for every entry, and people are never deleted (the database refuses it).
    subject_citizen_id: Mapped[int | None]
    reason: Mapped[str | None] = mapped_column(Text)
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # The access log (Luật Căn cước Điều 8 khoản 3; product M10): who, for whom, how, why, what.
    actor_group: Mapped[StoredActorGroup | None] = mapped_column(ActorGroupColumn)
    channel: Mapped[StoredChannel | None] = mapped_column(ChannelColumn)
    # Copied, not only referenced: the log must still say who it was if the organisation is renamed.
    organisation_id: Mapped[int | None]
    organisation_label: Mapped[str | None] = mapped_column(String(300))
    legal_basis: Mapped[str | None] = mapped_column(String(300))
    purpose: Mapped[str | None] = mapped_column(String(300))
    fields: Mapped[list[str] | None] = mapped_column(JSON)
    request_ref: Mapped[str | None] = mapped_column(String(100))
    permit_ref: Mapped[str | None] = mapped_column(String(100))
    consent_ref: Mapped[str | None] = mapped_column(String(100))
    # Deferred disclosure (B4): hidden from the person's Data Tracker before this legal date.
    disclosure_after: Mapped[dt.date | None]
    # The hash chain.
    chain: Mapped[int]
    seq: Mapped[int]
    prev_hash: Mapped[str] = mapped_column(String(64))
    subject_prev_hash: Mapped[str | None] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64))
    # The keyed MAC of entry_hash and the id of its key (docs/adr/0015; the key is not in the
    # database). NULL only on entries written before the installation had a key.
    mac_key: Mapped[str | None] = mapped_column(String(32))
    entry_mac: Mapped[str | None] = mapped_column(String(64))


class EventSubject(Base):
    """The people an entry is about when it is about many at once (a reconciliation chunk).

    The Data Tracker finds such an entry through this table; the entry's own ``data`` holds the
    count and SHA-256 of the sorted subject ids, so the chained hash commits to the list (see
    docs/adr/0007-reconciliation-logging.md). The key starts with the person, which is how the
    tracker reads it. No foreign keys: the ids come from the entry just appended and from a join
    with ``citizen`` in the same transaction, and a million per-row key checks would cost a
    reconciliation batch more than writing the rows.
    """

    __tablename__ = "event_subject"

    citizen_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    event_id: Mapped[int] = mapped_column(EntryId, primary_key=True, autoincrement=False)


class AuditChain(Base):
    """The head of one chain; writers lock it (UPDATE … RETURNING) so a chain grows one entry at a time."""

    __tablename__ = "audit_chain"

    chain: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    seq: Mapped[int]
    head_hash: Mapped[str] = mapped_column(String(64))


class AuditSigningKey(Base):
    """Ed25519 checkpoint keys. Public keys are kept forever; a retired key's private half is erased."""

    __tablename__ = "audit_signing_key"

    key_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    created_at: Mapped[dt.datetime]
    retired_at: Mapped[dt.datetime | None]
    public_key: Mapped[str] = mapped_column(String(64))  # raw 32 bytes, hex
    # PKCS#8 PEM, encrypted with DANCU_AUDIT_KEY_PASSPHRASE when that is set; NULL once retired.
    private_key: Mapped[str | None] = mapped_column(Text)


class AuditCheckpoint(Base):
    """A signed seal over every chain head and over the per-person heads (a Merkle root)."""

    __tablename__ = "audit_checkpoint"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[dt.datetime]
    key_id: Mapped[str] = mapped_column(String(32), ForeignKey("audit_signing_key.key_id"))
    last_event_id: Mapped[int] = mapped_column(EntryId)
    heads: Mapped[dict[str, Any]]
    subject_root: Mapped[str] = mapped_column(String(64))
    subject_count: Mapped[int]
    prev_checkpoint_hash: Mapped[str] = mapped_column(String(64))
    checkpoint_hash: Mapped[str] = mapped_column(String(64), unique=True)
    signature: Mapped[str] = mapped_column(String(128))


class AuditArchive(Base):
    """A sealed month of the log moved out of the database into a file (docs/adr/0018).

    What the file held is kept here, so ``verify`` can walk the live log without the file (each chain
    resumes after the positions archived) and, given the file, knows it is the one written: the
    SHA-256 of its lines is ``sha256``. ``chains["runs"]`` maps each chain to the ranges of positions
    the month held ([[first, last], …]: there is a hole where an entry stamped just before the month's
    end took its position after one stamped in the next month), ``chains["heads"]`` to its last
    (position, hash) there."""

    __tablename__ = "audit_archive"

    id: Mapped[int] = mapped_column(primary_key=True)
    partition: Mapped[str] = mapped_column(String(40), unique=True)
    starts_at: Mapped[dt.datetime]
    ends_at: Mapped[dt.datetime]
    file_name: Mapped[str] = mapped_column(String(300))
    entries: Mapped[int] = mapped_column(EntryId)
    first_event_id: Mapped[int] = mapped_column(EntryId)
    last_event_id: Mapped[int] = mapped_column(EntryId)
    listed: Mapped[int] = mapped_column(EntryId)  # event_subject rows moved with the entries
    chains: Mapped[dict[str, Any]]
    checkpoint_id: Mapped[int] = mapped_column(ForeignKey("audit_checkpoint.id"))
    sha256: Mapped[str] = mapped_column(String(64))
    archived_at: Mapped[dt.datetime]
