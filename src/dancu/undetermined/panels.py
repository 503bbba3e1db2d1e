"""The identity certificate on a person's record in the officer console (registered as a person-page
panel by dancu.wiring: the register sits below this package)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.access.permissions import Permission
from dancu.i18n import Lang, t
from dancu.registry.models import Citizen
from dancu.registry.pages_display import Row, Section
from dancu.undetermined import use_cases


async def certificate_panel(
    session: AsyncSession, citizen: Citizen, actor: Actor, lang: Lang
) -> list[Section]:
    """One section per certificate, newest first, when the person holds any (the read is logged)."""
    found = await use_cases.person_certificates(session, citizen, actor=actor)
    link = (
        f"/officer/citizens/{citizen.pin}/identity-certificate"
        if actor.can(Permission.CERTIFICATE_RENEW)
        else None
    )
    sections = []
    for c in found:
        rows = [
            Row(t("undetermined_text.number", lang), c.number, link),
            Row(t("undetermined_text.pin", lang), c.pin),
            Row(t("undetermined_text.issued_on", lang), c.issued_on.strftime("%d/%m/%Y")),
            Row(t("undetermined_text.issuing_body", lang), c.issuing_body),
            Row(t("field.status", lang), t(f"enum.certificate_status.{c.status.value}", lang)),
        ]
        if c.handed_over_on is not None:
            rows.append(
                Row(t("undetermined_text.handed_over_on", lang), c.handed_over_on.strftime("%d/%m/%Y"))
            )
        sections.append(Section(t("undetermined_text.certificate", lang), rows))
    return sections
