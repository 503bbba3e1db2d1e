"""Domain errors: a stable code, an HTTP status, and parameters for the message catalogue.

Raised by rules, queries and actions; mapped once to problem+json (API) or inline messages (pages).
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any


@dataclass(frozen=True)
class FieldProblem:
    """One invalid input: where it is (dotted path) and which rule it broke (a catalogue key)."""

    field: str
    rule: str
    params: dict[str, Any] = dataclass_field(default_factory=dict)


class DomainError(Exception):
    """An error a client can cause and must be told about; never a 500."""

    status: int = 400

    def __init__(
        self,
        code: str,
        *,
        status: int | None = None,
        problems: list[FieldProblem] | None = None,
        **params: Any,
    ) -> None:
        super().__init__(code)
        self.code = code
        self.params = params
        self.problems = problems or []
        if status is not None:
            self.status = status


class NotFound(DomainError):
    status = 404


class Forbidden(DomainError):
    status = 403


class Conflict(DomainError):
    status = 409


class Unauthenticated(DomainError):
    status = 401


def invalid(field_name: str, rule: str, **params: Any) -> DomainError:
    """A 422 for one bad field, naming the field and the rule."""
    return DomainError("validation.failed", status=422, problems=[FieldProblem(field_name, rule, params)])
