"""Citizen data messages modelled on QCVN 109:2017/BTTTT: export, validation, import (both backends)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from lxml import etree
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.audit.models import Event, EventType
from dancu.enums.registry import Item
from dancu.registry.models import Citizen, Fact
from dancu.registry.queries import record_as_of
from dancu.sharing.qcvn109 import actions, mapping, xmlio
from tests.support.builders import BA_DINH, address, c06, dossier, person

NS = {"q": mapping.NAMESPACE}
XML = {"Content-Type": "application/xml"}


async def _enrich(client: httpx.AsyncClient, officer: dict[str, str], pin: str) -> None:
    """A record with items of the main body and of the extension, keyed items included."""
    url = f"/api/v1/registry/citizens/{pin}"
    updates: list[tuple[str, Any, str]] = [
        ("blood_group", "O+", ""),
        ("cmnd9", "012345678", ""),
        ("mobile", "0912345678", ""),
        ("email", "khang@example.vn", ""),
        ("other_names", ["Khang Út"], ""),
        ("residence_file_number", "HS-CT-0001", ""),
        ("extra", {"value": "Kỹ sư cầu đường", "source_system": "BHXH", "verified": True}, "occupation"),
        ("extra", {"value": True, "source_system": "Bộ Y tế", "verified": False}, "organ_donor"),
        ("extra", {"value": 2, "source_system": "Hộ tịch", "verified": True}, "number_of_children"),
    ]
    for item, value, key in updates:
        body = {"item": item, "value": value, "key": key, **dossier()}
        response = await client.post(f"{url}/updates", json=body, headers=officer)
        assert response.status_code == 204, (item, response.text)
    card = {
        "kind": "can_cuoc",
        "number": pin,
        "issued_on": "2024-07-01",
        "issued_by": "Cục Cảnh sát quản lý hành chính về trật tự xã hội",
        "expires_on": "2045-07-07",
    }
    response = await client.post(f"{url}/cards", json={"card": card, **dossier()}, headers=officer)
    assert response.status_code == 204, response.text
    temporary = {
        "address": address(BA_DINH, "ngõ 3"),
        "start": "2025-01-01",
        "end": "2027-12-31",
        **dossier(),
    }
    response = await client.post(f"{url}/residence/temporary", json=temporary, headers=officer)
    assert response.status_code == 204, response.text


@pytest.fixture
async def enriched(client: httpx.AsyncClient, session: AsyncSession) -> tuple[dict[str, str], str]:
    officer = await c06(client, session)
    pin = await person(client, officer)
    await _enrich(client, officer, pin)
    return officer, pin


async def _projection(session: AsyncSession, pin: str) -> dict[str, Any]:
    citizen = await session.scalar(select(Citizen).where(Citizen.pin == pin))
    assert citizen is not None
    return actions.projection(await record_as_of(session, citizen.id))


async def _export(client: httpx.AsyncClient, officer: dict[str, str], pin: str) -> bytes:
    response = await client.get(f"/api/v1/qcvn109/citizens/{pin}", headers=officer)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/xml")
    return response.content


def _import_url() -> str:
    return "/api/v1/qcvn109/imports?legal_basis=Th%C3%B4ng%20t%C6%B0%2046%2F2022&dossier_number=TD-1"


async def test_export_validates_and_carries_every_item_the_record_holds(
    client: httpx.AsyncClient, session: AsyncSession, enriched: tuple[dict[str, str], str]
) -> None:
    officer, pin = enriched
    content = await _export(client, officer, pin)
    tree = xmlio.parse_and_validate(content)  # raises on any schema error
    citizen = tree.getroot().find("q:NoiDung/q:CongDan", NS)
    assert citizen is not None
    assert citizen.findtext("q:SoDinhDanh", namespaces=NS) == pin
    assert citizen.findtext("q:HoVaTen/q:Ho", namespaces=NS) == "Nguyễn"
    assert citizen.findtext("q:GioiTinh", namespaces=NS) == "1"
    assert citizen.findtext("q:DanToc", namespaces=NS) == "01"
    assert citizen.findtext("q:NoiThuongTru/q:MaDonViHanhChinh", namespaces=NS) == "00070"
    assert len(citizen.findall("q:ThanNhan", NS)) == 2  # father and mother from the birth
    extension = citizen.find("q:MoRong", NS)
    assert extension is not None
    assert extension.findtext("q:SoDienThoai", namespaces=NS) == "0912345678"
    assert extension.findtext("q:TheCanCuoc/q:SoThe", namespaces=NS) == pin
    assert {e.findtext("q:Ma", namespaces=NS) for e in extension.findall("q:ThongTinKhac", NS)} == {
        "occupation",
        "organ_donor",
        "number_of_children",
    }
    header = tree.getroot().find("q:TieuDe", NS)
    assert header is not None and header.findtext("q:PhienBan", namespaces=NS) == mapping.VERSION
    # Every item of the record made it into the message (nothing silently left out).
    _, parsed = actions.read(content)
    resolved = await actions.resolve(session, parsed[0])
    projection = await _projection(session, pin)
    assert {i.value for i in resolved.single} == set(projection["single"])
    assert {i.value for i in resolved.keyed} == set(projection["keyed"])
    read = await session.scalar(
        select(Event).where(Event.event_type == EventType.CITIZEN_VIEWED).order_by(Event.id.desc()).limit(1)
    )
    assert read is not None and "card" in read.fields and "extra" in read.fields
    assert read.purpose == actions.EXPORT_PURPOSE


async def test_export_then_import_gives_the_identical_record(
    client: httpx.AsyncClient, session: AsyncSession, enriched: tuple[dict[str, str], str]
) -> None:
    officer, pin = enriched
    before = await _projection(session, pin)
    content = await _export(client, officer, pin)
    facts_before = len((await session.scalars(select(Fact.id))).all())
    response = await client.post(_import_url(), content=content, headers={**officer, **XML})
    assert response.status_code == 200, response.text
    assert response.json()["results"] == [{"index": 0, "pin": pin, "outcome": "unchanged", "items": []}]
    assert await _projection(session, pin) == before
    assert len((await session.scalars(select(Fact.id))).all()) == facts_before


async def test_collecting_from_a_message_rebuilds_the_same_record_under_a_new_pin(
    client: httpx.AsyncClient, session: AsyncSession, enriched: tuple[dict[str, str], str]
) -> None:
    """The other direction: a register that does not know the person yet (no PIN in the message)."""
    officer, pin = enriched
    original = await _projection(session, pin)
    root = etree.fromstring(await _export(client, officer, pin))
    citizen = root.find("q:NoiDung/q:CongDan", NS)
    assert citizen is not None
    for name in ("SoDinhDanh", "ThanNhan"):  # relatives have their own procedure
        for element in citizen.findall(f"q:{name}", NS):
            citizen.remove(element)
    response = await client.post(_import_url(), content=etree.tostring(root), headers={**officer, **XML})
    assert response.status_code == 200, response.text
    result = response.json()["results"][0]
    assert result["outcome"] == "collected" and result["pin"] != pin
    copy = await _projection(session, result["pin"])
    for projection in (original, copy):
        projection["single"].pop("pin")
        projection["keyed"].pop("relation", None)
    assert copy == original


async def test_an_import_that_changes_values_is_an_update_with_its_own_version(
    client: httpx.AsyncClient, session: AsyncSession, enriched: tuple[dict[str, str], str]
) -> None:
    officer, pin = enriched
    text = (await _export(client, officer, pin)).decode()
    changed = text.replace("<NhomMau>O+</NhomMau>", "<NhomMau>AB-</NhomMau>")
    assert changed != text
    response = await client.post(_import_url(), content=changed.encode(), headers={**officer, **XML})
    assert response.status_code == 200, response.text
    assert response.json()["results"][0]["outcome"] == "updated"
    assert response.json()["results"][0]["items"] == ["blood_group"]
    after = await _projection(session, pin)
    assert after["single"]["blood_group"] == "AB-"
    history = await client.get(f"/api/v1/registry/citizens/{pin}/history?item=blood_group", headers=officer)
    by_value = {f["value"]: f for f in history.json()}
    assert set(by_value) == {"O+", "AB-"}  # the earlier value stays in history
    assert by_value["AB-"]["source"] == "shared_database"
    assert by_value["AB-"]["dossier_number"] == "TD-1"
    assert by_value["AB-"]["change_kind"] == "update"


async def test_an_import_may_not_change_relatives(
    client: httpx.AsyncClient, enriched: tuple[dict[str, str], str]
) -> None:
    officer, pin = enriched
    text = (await _export(client, officer, pin)).decode()
    changed = text.replace("Nguyễn Văn Hùng", "Nguyễn Văn Hưng")
    response = await client.post(_import_url(), content=changed.encode(), headers={**officer, **XML})
    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert error["rule"] == "qcvn109.item_has_own_procedure"
    assert error["field"].endswith("/ThanNhan")


def _minimal(body: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<ThongDiep xmlns="{mapping.NAMESPACE}">'
        "<TieuDe><MaThongDiep>t-1</MaThongDiep><LoaiThongDiep>CongDan</LoaiThongDiep>"
        "<PhienBan>x</PhienBan><NoiGui>test</NoiGui><ThoiGianGui>2026-01-01T00:00:00Z</ThoiGianGui>"
        f"</TieuDe><NoiDung><CongDan>{body}</CongDan></NoiDung></ThongDiep>"
    ).encode()


NAME_XML = "<HoVaTen><Ho>Lê</Ho><Ten>An</Ten></HoVaTen>"
BORN = f"{NAME_XML}<NgaySinh>1990</NgaySinh><GioiTinh>1</GioiTinh>"


async def test_validate_accepts_a_minimal_message(client: httpx.AsyncClient, session: AsyncSession) -> None:
    officer = await c06(client, session)
    data = _minimal(f"{NAME_XML}<NgaySinh>1990</NgaySinh><GioiTinh>2</GioiTinh><DanToc>01</DanToc>")
    response = await client.post("/api/v1/qcvn109/validate", content=data, headers={**officer, **XML})
    assert response.status_code == 200, response.text
    assert response.json() == {
        "valid": True,
        "message_id": "t-1",
        "citizens": 1,
        "schema_version": mapping.VERSION,
    }


@pytest.mark.parametrize(
    ("body", "element", "rule"),
    [
        (f"{NAME_XML}<NgaySinh>1990</NgaySinh><GioiTinh>3</GioiTinh>", "GioiTinh", "qcvn109.schema"),
        (f"{NAME_XML}<NgaySinh>1990-13</NgaySinh><GioiTinh>1</GioiTinh>", "NgaySinh", None),
        (f"{BORN}<DanToc>99</DanToc>", "DanToc", None),
        (
            # ZZ: no country (XX is the register's code for an undetermined nationality).
            f"{BORN}<QuocTich>ZZ</QuocTich>",
            "QuocTich",
            None,
        ),
        ("<NgaySinh>1990</NgaySinh><GioiTinh>1</GioiTinh>", "NgaySinh", "qcvn109.schema"),
        (
            f"{BORN}<TinhTrangHonNhan>09</TinhTrangHonNhan>",
            "TinhTrangHonNhan",
            "qcvn109.unknown_code",
        ),
        (
            f"{BORN}<MoRong><ThongTinKhac><Ma>organ_donor</Ma>"
            "<GiaTri>maybe</GiaTri><HeThongNguon>x</HeThongNguon><DaXacThuc>true</DaXacThuc></ThongTinKhac></MoRong>",
            "GiaTri",
            "qcvn109.extra_type",
        ),
    ],
)
async def test_invalid_messages_are_refused_naming_the_element(
    client: httpx.AsyncClient, session: AsyncSession, body: str, element: str, rule: str | None
) -> None:
    officer = await c06(client, session)
    response = await client.post(
        "/api/v1/qcvn109/validate", content=_minimal(body), headers={**officer, **XML}
    )
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["code"] == "qcvn109.invalid_message"
    assert element in problem["errors"][0]["field"]
    if rule is not None:
        assert problem["errors"][0]["rule"] == rule


XXE = b"""<?xml version="1.0"?>
<!DOCTYPE ThongDiep [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<ThongDiep xmlns="urn:dancu:qcvn109-mo-hinh:2017">
<TieuDe><MaThongDiep>&xxe;</MaThongDiep></TieuDe></ThongDiep>"""

LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<lolz>&lol4;</lolz>"""


@pytest.mark.parametrize(
    ("data", "rule"),
    [
        (XXE, "qcvn109.doctype_forbidden"),
        (LAUGHS, "qcvn109.doctype_forbidden"),
        (b"<ThongDiep><TieuDe>", "qcvn109.not_well_formed"),
        (b"   ", "qcvn109.empty"),
        (b"<?xml version='1.0'?><Khac xmlns='urn:x'/>", "qcvn109.schema"),
    ],
)
async def test_hostile_or_broken_xml_is_a_clean_problem(
    client: httpx.AsyncClient, session: AsyncSession, data: bytes, rule: str
) -> None:
    officer = await c06(client, session)
    for url in ("/api/v1/qcvn109/validate", _import_url()):
        response = await client.post(url, content=data, headers={**officer, **XML})
        assert response.status_code == 422, response.text
        assert response.json()["errors"][0]["rule"] == rule
        assert "root:" not in response.text  # nothing of /etc/passwd came back


async def test_only_xml_is_accepted_and_only_by_officers(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    officer = await c06(client, session)
    data = _minimal(f"{NAME_XML}<NgaySinh>1990</NgaySinh><GioiTinh>2</GioiTinh>")
    wrong_type = await client.post(
        "/api/v1/qcvn109/validate", content=data, headers={**officer, "Content-Type": "text/plain"}
    )
    assert wrong_type.status_code == 415
    anonymous = await client.post("/api/v1/qcvn109/validate", content=data, headers=XML)
    assert anonymous.status_code == 401


def test_every_item_of_the_register_has_a_place_in_the_message() -> None:
    assert set(mapping.BY_ITEM) == set(Item)
    extension = {s.item for s in mapping.SPECS if s.extension}
    assert Item.MOBILE in extension and Item.CARD in extension and Item.FULL_NAME not in extension
