"""How an entry's type reads on a page, in the reader's language."""

from __future__ import annotations

from dancu.audit.models import StoredEventType, UnknownEventType
from dancu.i18n import Lang, t


def event_type_label(event_type: StoredEventType, lang: Lang | str) -> str:
    """The type's name; a type this version does not know (a later version's) is called unknown and
    shown as stored, so the reader can still tell such entries apart and look the word up."""
    if isinstance(event_type, UnknownEventType):
        return t("audit.unknown_event_type", lang, raw=event_type.value)
    return t(f"enum.event_type.{event_type.value}", lang)
