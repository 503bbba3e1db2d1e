"""Diacritic-insensitive search keys for Vietnamese names."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """ "Nguyễn Văn Đạt" → "nguyen van dat": strip tone and vowel marks, đ→d, lower case, single spaces."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())
