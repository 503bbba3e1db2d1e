"""How an entry's enum columns read on a page, in the reader's language."""

from __future__ import annotations

from dancu.audit.models import StoredChannel, StoredEventType
from dancu.db.base import UnknownValue
from dancu.i18n import Lang, t


def _label(stored: StoredEventType | StoredChannel, kind: str, lang: Lang | str) -> str:
    """A known word's name from the catalogue (``enum.<kind>.<word>``); a word this version does not
    know (a later version's) is called unknown and shown as stored (``audit.unknown_<kind>``), so
    the reader can still tell such entries apart and look the word up."""
    if isinstance(stored, UnknownValue):
        return t(f"audit.unknown_{kind}", lang, raw=stored.value)
    return t(f"enum.{kind}.{stored.value}", lang)


def event_type_label(event_type: StoredEventType, lang: Lang | str) -> str:
    return _label(event_type, "event_type", lang)


def channel_label(channel: StoredChannel, lang: Lang | str) -> str:
    return _label(channel, "channel", lang)
