"""Message catalogue: Vietnamese first, English second.

Messages are looked up by a stable key (an error code or a validation rule) so that the API, the
pages and the CLI say the same thing. A missing translation falls back to the other language, and
a missing key to the key itself, so an error is never swallowed for want of a sentence.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

# Filled once by the entry point (``dancu.app``, the CLI) from the aggregator ``dancu.messages``,
# which imports every feature package's messages: importing it here would put this module, which
# every package uses, above all of them.
_catalogue: dict[str, dict[str, str]] | None = None


def install(catalogue: dict[str, dict[str, str]]) -> None:
    global _catalogue
    _catalogue = catalogue


def _entries() -> dict[str, dict[str, str]]:
    if _catalogue is None:
        raise RuntimeError("the message catalogue is not installed: the entry point calls dancu.wiring.wire")
    return _catalogue


class Lang(StrEnum):
    VI = "vi"
    EN = "en"


def negotiate(accept_language: str | None, cookie: str | None = None, default: str = "vi") -> Lang:
    """Pick vi or en from a cookie or an Accept-Language header (quality values respected)."""
    if cookie in (Lang.VI, Lang.EN):
        return Lang(cookie)
    best: tuple[float, Lang] | None = None
    for part in (accept_language or "").split(","):
        tag, _, q = part.strip().partition(";q=")
        primary = tag.split("-")[0].strip().lower()
        if primary not in ("vi", "en"):
            continue
        try:
            quality = float(q) if q else 1.0
        except ValueError:
            quality = 0.0
        if best is None or quality > best[0]:
            best = (quality, Lang(primary))
    return best[1] if best else Lang(default)


def known(key: str) -> bool:
    """Whether the catalogue has a message for ``key`` (form labels fall back when it has none)."""
    return key in _entries()


def t(key: str, lang: Lang | str = Lang.VI, /, **params: Any) -> str:
    entry = _entries().get(key)
    if entry is None:
        return key
    text = entry.get(str(lang)) or entry.get("vi") or entry.get("en") or key
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        return text


def both(key: str, /, **params: Any) -> dict[str, str]:
    return {"vi": t(key, Lang.VI, **params), "en": t(key, Lang.EN, **params)}
