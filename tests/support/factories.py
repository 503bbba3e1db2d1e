"""Request bodies for officer procedures, with sensible defaults for Phường Hoàn Kiếm (Hà Nội)."""

from __future__ import annotations

from typing import Any

HOAN_KIEM = {"unit_code": "00070", "unit_version": "2025"}
BA_DINH = {"unit_code": "00004", "unit_version": "2025"}


def address(unit: dict[str, str] = HOAN_KIEM, detail: str = "số 5 phố Tràng Tiền") -> dict[str, str]:
    return {**unit, "detail": detail}


def birth_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "full_name": {"family": "Nguyễn", "middle": "Minh", "given": "Khang"},
        "date_of_birth": "2026-10-02",
        "sex": "1",
        "place_of_birth": address(detail="Bệnh viện Phụ sản Hà Nội"),
        "birth_registration_place": HOAN_KIEM,
        "hometown": address(detail=""),
        "ethnicity": "01",
        "father": {"full_name": "Nguyễn Văn Hùng"},
        "mother": {"full_name": "Trần Thị Lan"},
        "permanent_residence": address(),
        "legal_basis": "Luật Hộ tịch 2014; NĐ 70/2024 Điều 11 khoản 2",
        "dossier_number": "KS-2026-000123",
    }
    body.update(overrides)
    return body


def dossier(**extra: Any) -> dict[str, Any]:
    return {"legal_basis": "NĐ 70/2024/NĐ-CP Điều 6", "dossier_number": "HS-0001", **extra}


HCM = {"unit_code": "26506", "unit_version": "2025"}  # Phường Vũng Tàu, Hồ Chí Minh
STRANGER_NAME = "Võ Thị Sáu"


def stranger_birth(**overrides: Any) -> dict[str, Any]:
    """A woman born, registered and living in Hồ Chí Minh: outside every Hà Nội officer's territory."""
    return birth_body(
        full_name={"family": "Võ", "middle": "Thị", "given": "Sáu"},
        date_of_birth="1985-07-07",
        sex="2",
        religion="01",
        birth_registration_place=HCM,
        place_of_birth=address(HCM, "Bệnh viện Vũng Tàu"),
        hometown=address(HCM, ""),
        permanent_residence=address(HCM, "số 1 đường Hạ Long"),
        **overrides,
    )
