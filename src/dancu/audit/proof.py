"""Proof for a person (B5): their entries, linked, and sealed by the latest signed checkpoint.

Every entry about a person carries the hash of the previous entry about them, so the entries form
one list per person. A checkpoint signs the Merkle root of (person, count, latest hash) for everyone;
the proof gives the person's leaf and its Merkle path. :func:`verify_proof` needs nothing but the proof
and the public keys: if an entry about the person up to the checkpoint had been removed, changed or
reordered, the list would not end in the signed leaf.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.audit import chain as rules
from dancu.audit import signing
from dancu.audit.checkpoints import body_of, latest_checkpoint, leaf_hashes, subject_leaves
from dancu.audit.models import AuditArchive, Event
from dancu.audit.signing import signature_valid
from dancu.audit.verify import content_of
from dancu.errors import DomainError

PROOF_VERSION = "dancu-audit-proof-v1"


def _entry(event: Event, *, redact: bool) -> dict[str, Any]:
    links = {
        "subject_prev_hash": event.subject_prev_hash,
        "prev_hash": event.prev_hash,
        "entry_hash": event.entry_hash,
    }
    if redact:  # deferred disclosure: the entry is shown to exist, not what it says
        return {"redacted": True, "content_digest": rules.content_digest(content_of(event))} | links
    content = {k: rules._plain(v) for k, v in content_of(event).items()}
    return {"content": content} | links


async def build_proof(
    session: AsyncSession, citizen_id: int, *, redact_before: dt.date | None = None
) -> dict[str, Any]:
    """The person's entries (oldest first) and the latest checkpoint's evidence for them.

    ``redact_before``: entries whose disclosure_after is later than this date keep only their hashes.
    """
    rows = await session.scalars(
        select(Event).where(Event.subject_citizen_id == citizen_id).order_by(Event.id)
    )
    events = list(rows)
    checkpoint = await latest_checkpoint(session)
    proof: dict[str, Any] = {"version": PROOF_VERSION, "subject_citizen_id": citizen_id, "checkpoint": None}

    def hidden(event: Event) -> bool:
        return bool(redact_before and event.disclosure_after and event.disclosure_after > redact_before)

    proof["entries"] = [_entry(e, redact=hidden(e)) for e in events]
    # The person's earlier entries may have left the database with their month (docs/adr/0018):
    # the list then continues from the last of them, and says so.
    starts_later = events and events[0].subject_prev_hash not in (None, rules.GENESIS)
    if starts_later and await session.scalar(select(func.count()).select_from(AuditArchive)):
        proof["continues_from"] = events[0].subject_prev_hash
    if checkpoint is None:
        return proof
    sealed = [e for e in events if e.id <= checkpoint.last_event_id]
    leaves = await subject_leaves(session, checkpoint.last_event_id)
    index = next((i for i, leaf in enumerate(leaves) if leaf[0] == citizen_id), None)
    proof["sealed_count"] = len(sealed)
    proof["checkpoint"] = {
        "id": checkpoint.id,
        "body": body_of(checkpoint).decode(),
        "signature": checkpoint.signature,
        "key_id": checkpoint.key_id,
    }
    if index is not None:
        hashes = leaf_hashes(leaves)
        proof["leaf"] = {"index": index, "count": leaves[index][1], "head_hash": leaves[index][2]}
        proof["merkle_path"] = [list(step) for step in rules.merkle_path(hashes, index)]
    return proof


async def public_keys(session: AsyncSession) -> dict[str, str]:
    """The keys to check a proof with: the trusted-keys file's (docs/adr/0015), or, on an installation
    that has none yet, the database's."""
    trusted = await signing.trusted_public_keys(session)
    return trusted if trusted is not None else await signing.public_keys(session)


class ProofError(DomainError):
    status = 422


def _check_links(entries: list[dict[str, Any]], citizen_id: int, *, start: str = rules.GENESIS) -> None:
    previous = start
    for position, entry in enumerate(entries):
        if entry.get("subject_prev_hash") != previous:
            raise ProofError("audit.proof_broken_link", position=position)
        if "content" in entry:
            content = entry["content"]
            if content.get("subject_citizen_id") != citizen_id:
                raise ProofError("audit.proof_wrong_subject", position=position)
            digest = rules.content_digest(content)
        else:
            digest = entry["content_digest"]
        computed = rules.link_hash(digest, subject_prev_hash=previous, prev_hash=entry["prev_hash"])
        if computed != entry["entry_hash"]:
            raise ProofError("audit.proof_hash_mismatch", position=position)
        previous = computed


def _check_seal(proof: dict[str, Any], public_keys: dict[str, str]) -> None:
    import json

    seal = proof["checkpoint"]
    body = seal["body"].encode()
    key = public_keys.get(seal["key_id"])
    if key is None or not signature_valid(key, seal["signature"], body):
        raise ProofError("audit.proof_bad_signature", checkpoint=seal["id"])
    signed = json.loads(body)
    sealed = proof["entries"][: proof["sealed_count"]]
    if not sealed:
        if "leaf" in proof:
            raise ProofError("audit.proof_entries_missing")
        return  # no entry about the person was sealed (an absence proof is not given yet)
    leaf = proof.get("leaf")
    if leaf is None or leaf["count"] != len(sealed) or leaf["head_hash"] != sealed[-1]["entry_hash"]:
        raise ProofError("audit.proof_entries_missing")
    node = rules.leaf_hash(proof["subject_citizen_id"], leaf["count"], leaf["head_hash"])
    if rules.root_from_path(node, proof["merkle_path"]) != signed["subject_root"]:
        raise ProofError("audit.proof_not_in_checkpoint")


def verify_proof(proof: dict[str, Any], public_keys: dict[str, str]) -> dict[str, Any]:
    """Check a proof with nothing but the public keys (key id → raw Ed25519 public key, hex).

    Returns what it established; raises :class:`ProofError` naming the first failure.
    """
    if proof.get("version") != PROOF_VERSION:
        raise ProofError("audit.proof_unknown_version")
    start = proof.get("continues_from") or rules.GENESIS
    _check_links(proof["entries"], proof["subject_citizen_id"], start=start)
    # Said only when it is so: the earlier entries are in archives, not in this proof.
    archived = {"continues_from_archive": True} if start != rules.GENESIS else {}
    if proof["checkpoint"] is None:
        return {"sealed": False, "entries": len(proof["entries"])} | archived
    _check_seal(proof, public_keys)
    return archived | {
        "sealed": True,
        "checkpoint": proof["checkpoint"]["id"],
        "sealed_entries": proof["sealed_count"],
        "unsealed_entries": len(proof["entries"]) - proof["sealed_count"],
    }


__all__ = ["ProofError", "build_proof", "public_keys", "verify_proof"]
