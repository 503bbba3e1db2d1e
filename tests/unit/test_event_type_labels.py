"""Every event type has a name in both languages: the log and the Data Tracker never show a code."""

from __future__ import annotations

import pytest

from dancu.audit.messages import MESSAGES
from dancu.audit.models import EventType


@pytest.mark.parametrize("event_type", list(EventType))
def test_each_event_type_is_named_in_vietnamese_and_english(event_type: EventType) -> None:
    entry = MESSAGES.get(f"enum.event_type.{event_type.value}")
    assert entry is not None, event_type
    assert entry["vi"] and entry["en"] and entry["vi"] != entry["en"]
    assert event_type.value not in (entry["vi"], entry["en"])


def test_a_type_this_version_does_not_know_is_named_unknown_with_its_stored_word() -> None:
    from dancu.audit.labels import event_type_label
    from dancu.audit.models import UnknownEventType
    from dancu.wiring import wire

    wire()
    later = UnknownEventType("registry.overseas_residence_recorded")
    assert (
        event_type_label(later, "vi") == "Loại sự kiện không xác định (registry.overseas_residence_recorded)"
    )
    assert event_type_label(later, "en") == "Unknown event type (registry.overseas_residence_recorded)"
    viewed = MESSAGES["enum.event_type.registry.citizen_viewed"]
    assert event_type_label(EventType.CITIZEN_VIEWED, "en") == viewed["en"]


def test_a_channel_this_version_does_not_know_is_named_unknown_with_its_stored_word() -> None:
    from dancu.access.groups import Channel
    from dancu.audit.labels import channel_label
    from dancu.audit.models import UnknownChannel
    from dancu.wiring import wire

    wire()
    later = UnknownChannel("commune_kiosk")
    assert channel_label(later, "vi") == "Phương thức không xác định (commune_kiosk)"
    assert channel_label(later, "en") == "Unknown channel (commune_kiosk)"
    assert channel_label(Channel.PORTAL, "vi") == "Cổng dịch vụ công"
    assert channel_label(Channel.PORTAL, "en") == "Public service portal"
