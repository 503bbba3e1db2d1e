"""No personal data in plain application logs: PINs and query-string values are masked in every record.

A record factory (not a filter) is used because filters on a logger do not see records propagated
from its children, and handlers are added by whoever configures logging (uvicorn, pytest, systemd).
Libraries that would log SQL parameters (names, dates of birth) are held at WARNING unless the
operator asked for SQL echo.
"""

from __future__ import annotations

import logging
import re
from typing import Any

# Twelve digits or more: a PIN, also when typed with an extra digit or glued to another number.
PIN_PATTERN = re.compile(r"[0-9]{12,}")
# Query-string values (``?name=…&dob=…``): searches by name or date of birth travel in URLs.
QUERY_VALUE = re.compile(r"([?&][A-Za-z0-9_.\-\[\]]+=)[^&\s\"'#]+")
MASK = "************"
QUIET_LOGGERS = ("sqlalchemy.engine", "sqlalchemy.pool", "aiosqlite", "asyncpg")

_installed = False


# Either pattern's start: most records (an access log line for a path without a query) hold
# neither, and one search tells so where two substitutions would each scan the text.
_EITHER = re.compile(r"[0-9]{12}|[?&][A-Za-z0-9_.\-\[\]]+=")


def mask(text: str) -> str:
    if _EITHER.search(text) is None:
        return text
    return PIN_PATTERN.sub(MASK, QUERY_VALUE.sub(r"\1***", text))


def _masked(value: Any) -> Any:
    """Strings and objects that render as text (URLs) are masked; numbers keep their type for %d."""
    if value is None or isinstance(value, int | float):
        return value
    text = str(value)
    masked = mask(text)
    return value if masked == text else masked


def _wrap(factory: Any) -> Any:
    def make_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record: logging.LogRecord = factory(*args, **kwargs)
        # Mask the template and each string argument, keeping the arguments' shape: formatters
        # such as uvicorn's access log unpack ``record.args`` themselves.
        if isinstance(record.msg, str):
            record.msg = mask(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_masked(arg) for arg in record.args)
        elif isinstance(record.args, dict):
            record.args = {key: _masked(value) for key, value in record.args.items()}
        return record

    return make_record


def install(*, sql_echo: bool = False) -> None:
    """Idempotent: mask PINs in every record from now on; quieten parameter-logging libraries."""
    global _installed
    if not _installed:
        logging.setLogRecordFactory(_wrap(logging.getLogRecordFactory()))
        _installed = True
    if not sql_echo:
        for name in QUIET_LOGGERS:
            logging.getLogger(name).setLevel(logging.WARNING)
