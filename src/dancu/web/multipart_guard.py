"""The control-character rule for multipart forms, checked as the body streams past.

A multipart body may be a large upload, so it is never held whole: a python-multipart parser is
fed each chunk the route reads, and checks every part's field name and file name and the value of
every part that is not a file (files are checked by their own parsers). The first problem found
stops the route's read; dancu.web.input_guard then answers 422 naming the field.
"""

from __future__ import annotations

from collections.abc import Callable

from python_multipart.multipart import MultipartParser, parse_options_header

# A text field longer than this is not a field a person typed; the body limit bounds it anyway.
MAX_FIELD_BYTES = 1024 * 1024


class MultipartScan:
    def __init__(self, content_type: str, has_control: Callable[[str], bool]) -> None:
        self.problem: str | None = None
        self._has_control = has_control
        self._header_field = b""
        self._header_value = b""
        self._disposition = b""
        self._field = ""
        self._text: bytearray | None = None
        _, params = parse_options_header(content_type)
        boundary = params.get(b"boundary")
        self._parser: MultipartParser | None = None
        if boundary:
            self._parser = MultipartParser(
                boundary,
                {
                    "on_part_begin": self._begin,
                    "on_header_field": lambda data, start, end: self._add_field(data[start:end]),
                    "on_header_value": lambda data, start, end: self._add_value(data[start:end]),
                    "on_header_end": self._header_end,
                    "on_headers_finished": self._headers_finished,
                    "on_part_data": lambda data, start, end: self._data(data[start:end]),
                    "on_part_end": self._part_end,
                },
            )

    def feed(self, chunk: bytes) -> None:
        if self._parser is None or self.problem is not None or not chunk:
            return
        try:
            self._parser.write(chunk)
        except Exception:  # malformed: the route's own parser answers for it
            self._parser = None

    def _begin(self) -> None:
        self._header_field = self._header_value = self._disposition = b""
        self._field, self._text = "", None

    def _add_field(self, data: bytes) -> None:
        self._header_field += data

    def _add_value(self, data: bytes) -> None:
        self._header_value += data

    def _header_end(self) -> None:
        if self._header_field.strip().lower() == b"content-disposition":
            self._disposition = self._header_value
        self._header_field = self._header_value = b""

    def _headers_finished(self) -> None:
        _, params = parse_options_header(self._disposition)
        name = params.get(b"name", b"").decode("utf-8", "replace")
        if self._has_control(name):
            self.problem = "body"
            return
        self._field = name or "body"
        filename = params.get(b"filename")
        if filename is not None and self._has_control(filename.decode("utf-8", "replace")):
            self.problem = self._field
        elif filename is None:
            self._text = bytearray()

    def _data(self, data: bytes) -> None:
        if self._text is not None and len(self._text) < MAX_FIELD_BYTES:
            self._text += data

    def _part_end(self) -> None:
        text = self._text
        if self.problem is None and text is not None and self._has_control(text.decode("utf-8", "replace")):
            self.problem = self._field
        self._text = None
