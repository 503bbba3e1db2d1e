"""Each user's start page, by what the actor is: the page a login lands on and an error page's way home."""

from __future__ import annotations

from urllib.parse import urlsplit

from fastapi import Request

from dancu.access.actor import Actor
from dancu.access.permissions import OfficerRole

# Deciding officers start on their queue of requests by deadline (overdue first), auditors on the
# log, operators on the connected systems.
OFFICER_HOME: dict[OfficerRole, str] = {
    OfficerRole.COMMUNE_POLICE: "/officer/requests",
    OfficerRole.PROVINCIAL_POLICE: "/officer/requests",
    OfficerRole.IDENTITY_AGENCY: "/officer/requests",
    OfficerRole.AUDITOR: "/officer/audit",
    OfficerRole.OPERATOR: "/officer/systems",
}


def home_for(actor: Actor | None) -> str | None:
    if actor is None:
        return None
    if actor.role is not None:
        return OFFICER_HOME[actor.role]
    if actor.organisation_id is not None:
        return "/portal"
    if actor.citizen_id is not None:
        return "/app"
    return None


def back_link(request: Request) -> str | None:
    """The page the browser came from, when it is one of ours (a real link: the CSP blocks
    ``javascript:history.back()``)."""
    referer = urlsplit(request.headers.get("referer", ""))
    if not referer.path or referer.netloc != request.url.netloc or referer.path == request.url.path:
        return None
    return referer.path + (f"?{referer.query}" if referer.query else "")
