"""What a page must not say: the Vietnamese sentences of the interface on an English page, and raw
codes (message keys, enum values) in either language.

Taken from the catalogue's page texts (labels, headings, buttons, hints, the frame and the menus),
long enough not to be a person's name or a place, plus the short words the issue names. Data shown
on purpose (names, addresses, the agency's name) is not in the catalogue and is not flagged."""

from __future__ import annotations

import html
import re
import sys
from enum import StrEnum

from dancu.messages import CATALOGUE

_PAGE_KEYS = ("_text.", "portal_page.", "portal_timeline.", "frame.", "nav.", "registry_section.")
# Short enough to be part of a name or an address, so flagged only when they are a whole line.
SHORT = {"Đăng nhập", "Mật khẩu", "Họ và tên", "Ngày sinh", "Tìm kiếm", "Tra cứu công dân"}
LONG = {
    entry["vi"]
    for key, entry in CATALOGUE.items()
    if any(part in key for part in _PAGE_KEYS)
    and "{" not in entry["vi"]
    and len(entry["vi"]) >= 12
    and entry["vi"] != entry.get("en")
}


def visible_text(page: str) -> str:
    """The text of an HTML page, one line per element (scripts and styles left out)."""
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    body = re.sub(r"<[^>]+>", "\n", body)
    return html.unescape(body)


def vietnamese_interface(text: str) -> list[str]:
    """The Vietnamese interface phrases in a page's visible text (one line per element)."""
    lines = {line.strip() for line in text.splitlines() if line.strip()}
    return sorted({p for p in LONG if p in text} | {p for p in SHORT if p in lines})


def _enum_values() -> set[str]:
    """The value of every word dancu stores as an enum (statuses, channels, event types, items…)."""
    values: set[str] = set()
    for name, module in list(sys.modules.items()):
        if not name.startswith("dancu.") or module is None:
            continue
        for thing in vars(module).values():
            if isinstance(thing, type) and issubclass(thing, StrEnum) and thing.__module__ == name:
                values |= {str(member.value) for member in thing}
    return values


# Words that are also plain words of a sentence, a unit, or a format shown on purpose.
ALLOWED = {
    "dd/mm/yyyy",
    "mm/yyyy",
    "yyyy",
    "dancu",
    "k1",
    "k2",
    "k3",
    "vi",
    "en",
    "pdf",
    "json",
    "totp",
    "private_key_jwt",  # the OAuth client authentication method, named as the standard names it
}


def raw_codes(text: str, lang: str) -> list[str]:
    """Message keys and dotted event types, snake_case identifiers, and (on Vietnamese pages)
    English enum values: what a page shows when it forgot to translate a code."""
    codes = set(CATALOGUE) | _enum_values()
    # A key the catalogue lacks comes back as itself ("nav.nav-privacy"): any dotted word under one of
    # the catalogue's prefixes is a key shown raw, whether or not the catalogue has it.
    prefixes = {key.split(".")[0] for key in CATALOGUE}
    found = [
        token
        for token in re.findall(r"(?<![\w/@-])[a-z][a-z0-9_]*(?:\.[a-z0-9_-]+)+", text)
        if token in codes or token.split(".")[0] in prefixes
    ]
    found += [
        token
        for token in re.findall(r"(?<![\w/@.-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w/@-])", text)
        if token not in ALLOWED
    ]
    if lang == "vi":
        words = set(re.findall(r"(?<![\w/.@:-])[a-z]{4,}(?![\w/@:-])", text))
        found += sorted((words & _enum_values()) - ALLOWED)
    return found
