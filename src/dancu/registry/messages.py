"""Messages of the register (error codes and validation rules), Vietnamese first."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "citizen.not_found": {"vi": "Không tìm thấy công dân", "en": "Citizen not found"},
}
