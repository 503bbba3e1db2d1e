"""Text of a PDF for tests, read with pyHanko's reader (no text-extraction library is installed).

WeasyPrint writes Type0 fonts with 2-byte glyph ids in hex strings and a ToUnicode CMap per font;
this maps the ids of ``Tj``/``TJ`` strings back to Unicode. Enough for documents we render.
"""

from __future__ import annotations

import io
import re
from typing import Any

from pyhanko.pdf_utils.reader import PdfFileReader

_BFCHAR = re.compile(r"beginbfchar(.*?)endbfchar", re.S)
_BFRANGE = re.compile(r"beginbfrange(.*?)endbfrange", re.S)
_HEX = re.compile(r"<([0-9a-fA-F]+)>")
_OPS = re.compile(rb"/([^\s/\[\]<>()]+)\s+[-\d.]+\s+Tf|\[((?:[^\]])*)\]\s*TJ|<([0-9a-fA-F]+)>\s*Tj")


def _utf16(hex_text: str) -> str:
    return bytes.fromhex(hex_text).decode("utf-16-be", errors="replace")


def _cmap(data: bytes) -> dict[int, str]:
    text = data.decode("latin-1")
    mapping: dict[int, str] = {}
    for block in _BFCHAR.findall(text):
        for line in block.strip().splitlines():
            codes = _HEX.findall(line)
            if len(codes) == 2:
                mapping[int(codes[0], 16)] = _utf16(codes[1])
    for block in _BFRANGE.findall(text):
        for line in block.strip().splitlines():
            codes = _HEX.findall(line)
            if len(codes) < 3:
                continue
            start, end = int(codes[0], 16), int(codes[1], 16)
            if "[" in line:
                for offset, dest in enumerate(codes[2:]):
                    mapping[start + offset] = _utf16(dest)
            else:
                first = int(codes[2], 16)
                for offset in range(end - start + 1):
                    mapping[start + offset] = chr(first + offset)
    return mapping


def _resolved(node: Any) -> Any:
    return node.get_object() if hasattr(node, "get_object") else node


def _pages(node: Any) -> list[Any]:
    node = _resolved(node)
    if node.get("/Type") == "/Page":
        return [node]
    return [page for kid in node["/Kids"] for page in _pages(kid)]


def _contents(page: Any) -> bytes:
    contents = page["/Contents"]
    if hasattr(contents, "data"):
        return bytes(contents.data)
    return b"\n".join(bytes(_resolved(part).data) for part in contents)


def _decode(hex_text: bytes, cmap: dict[int, str]) -> str:
    raw = bytes.fromhex(hex_text.decode())
    return "".join(cmap.get(int.from_bytes(raw[i : i + 2], "big"), "") for i in range(0, len(raw) - 1, 2))


def page_texts(data: bytes) -> list[str]:
    """The text runs of each page, one run per line."""
    reader = PdfFileReader(io.BytesIO(data), strict=False)
    pages: list[str] = []
    for page in _pages(reader.root["/Pages"]):
        lines: list[str] = []
        fonts = _resolved(_resolved(page["/Resources"]).get("/Font", {}))
        cmaps = {
            str(name).lstrip("/"): _cmap(_resolved(font["/ToUnicode"]).data)
            for name, font in ((n, _resolved(f)) for n, f in fonts.items())
            if "/ToUnicode" in font
        }
        current: dict[int, str] = {}
        for match in _OPS.finditer(_contents(page)):
            if match.group(1):
                current = cmaps.get(match.group(1).decode(), {})
            elif match.group(2) is not None:
                lines.append(
                    "".join(_decode(h, current) for h in re.findall(rb"<([0-9a-fA-F]+)>", match.group(2)))
                )
            else:
                lines.append(_decode(match.group(3), current))
        pages.append("\n".join(lines))
    return pages


def pdf_text(data: bytes) -> str:
    """All text runs of all pages, one run per line."""
    return "\n".join(page_texts(data))
