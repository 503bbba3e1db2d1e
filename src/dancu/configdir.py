"""Operator configuration files: the packaged defaults, overridden file by file from
``DANCU_CONFIG_DIR``.

Whatever domain.md marks as an assumption [M] is data (channels, routing, procedure, pauses, fees,
verification limits, delegations …). Each feature registers its file here with the packaged default
and a check; :func:`load` returns the operator's copy when the directory holds one, the packaged
file otherwise. :func:`check_all` loads and checks every registered file, so that ``dancu serve``
refuses to start on an invalid one and says which file, which key and which rule.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from dancu.settings import get_settings

M = TypeVar("M", bound=BaseModel)
Check = Callable[[dict[str, Any]], object]


class ConfigProblem(ValueError):
    """One broken rule in one configuration file: the file, the key (dotted path) and the rule."""

    def __init__(self, key: str, rule: str, *, file: str = "") -> None:
        super().__init__(f"{file}: {key}: {rule}" if file else f"{key}: {rule}")
        self.file, self.key, self.rule = file, key, rule

    def in_file(self, file: str) -> ConfigProblem:
        return ConfigProblem(self.key, self.rule, file=file)


@dataclass(frozen=True)
class ConfigFile:
    name: str
    default: Path
    check: Check | None


_FILES: dict[str, ConfigFile] = {}


def register(name: str, default: Path, check: Check | None = None) -> None:
    """Declare a configuration file (idempotent: modules may be imported more than once)."""
    _FILES[name] = ConfigFile(name, default, check)


def registered() -> dict[str, ConfigFile]:
    return dict(_FILES)


def config_dir() -> Path | None:
    return get_settings().config_dir


def path_of(name: str) -> Path:
    """The operator's file when ``DANCU_CONFIG_DIR`` holds one of that name, else the default."""
    directory = config_dir()
    if directory is not None and (directory / name).is_file():
        return directory / name
    return _FILES[name].default


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigProblem("(file)", f"cannot be read: {exc}", file=str(path)) from None
    except json.JSONDecodeError as exc:
        raise ConfigProblem(
            "(file)", f"not valid JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}", file=str(path)
        ) from None
    if not isinstance(data, dict):
        raise ConfigProblem("(file)", "must be a JSON object", file=str(path))
    return data


def load(name: str) -> dict[str, Any]:
    """The file's content (operator's copy or default); a JSON problem names the file."""
    return _read(path_of(name))


def parse(name: str, build: Callable[[dict[str, Any]], Any]) -> Any:
    """Load a file and build its value; any broken rule becomes a :class:`ConfigProblem` naming the
    file, so a loader and the start-up check report the same error."""
    path = path_of(name)
    data = _read(path)
    try:
        return build(data)
    except ConfigProblem as problem:
        raise problem.in_file(str(path)) from None


def validated(model: type[M], data: dict[str, Any]) -> M:
    """Validate ``data`` with a pydantic model; the first error as a :class:`ConfigProblem`."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        key = ".".join(str(part) for part in first["loc"]) or "(file)"
        raise ConfigProblem(key, first["msg"]) from None


def check_all() -> list[ConfigProblem]:
    """Every registered file loaded and checked; unknown files in the directory are problems too
    (a misspelt name would otherwise be ignored silently)."""
    problems: list[ConfigProblem] = []
    for name, entry in sorted(_FILES.items()):
        try:
            data = load(name)
            if entry.check is not None:
                entry.check(data)
        except ConfigProblem as problem:
            problems.append(problem if problem.file else problem.in_file(str(path_of(name))))
        except (KeyError, TypeError, ValueError) as exc:
            problems.append(ConfigProblem("(file)", f"invalid: {exc!r}", file=str(path_of(name))))
    directory = config_dir()
    if directory is not None:
        if not directory.is_dir():
            problems.append(
                ConfigProblem("(directory)", "DANCU_CONFIG_DIR is not a directory", file=str(directory))
            )
        else:
            for path in sorted(directory.glob("*.json")):
                if path.name not in _FILES:
                    known = ", ".join(sorted(_FILES))
                    problems.append(
                        ConfigProblem(
                            "(file)", f"unknown configuration file (known: {known})", file=str(path)
                        )
                    )
    return problems
