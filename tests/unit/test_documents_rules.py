"""Documents without a database: numbers, the context schemas, Vietnamese dates, the as-of rules,
and the rendered HTML (escaped, with the national motto and the verification line)."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from dancu import clock
from dancu.enums.documents import SYMBOLS, DocumentKind
from dancu.enums.registry import Item
from dancu.errors import DomainError
from dancu.exploitation.documents import render
from dancu.exploitation.documents.numbering import format_number, parse_number
from dancu.exploitation.documents.register_documents import check_as_of_inputs
from dancu.exploitation.documents.schemas import (
    CONTEXTS,
    ProvidedInfoContext,
    RefusalContext,
    ReleasedField,
)

SUBJECT = {
    "pin": "001090000001",
    "full_name": "Nguyễn Thị Hoa",
    "fields": [{"label": "Nơi thường trú", "value": "Hà Nội"}],
}
PROVIDED = {
    "requester_name": "Ngân hàng Thương mại cổ phần Á Châu",
    "requester_group": "k2",
    "request_ref": "YC-2026-000017",
    "permit_ref": "GP-2026-0003",
    "purpose": "Xác minh khách hàng mở tài khoản",
    "subjects": [SUBJECT],
}


def test_numbers_are_zero_padded_per_kind_and_year_and_parse_back() -> None:
    assert format_number(123, 2026, DocumentKind.PROVIDED_INFO) == "000123/2026/CCTT"
    assert format_number(1_234_567, 2027, DocumentKind.REFUSAL) == "1234567/2027/TCCC"
    for kind in DocumentKind:
        assert parse_number(format_number(42, 2026, kind)) == (42, 2026, kind)
    assert len(set(SYMBOLS.values())) == len(DocumentKind)  # a number names its kind
    with pytest.raises(ValueError):
        format_number(0, 2026, DocumentKind.CONFIRMATION)
    for bad in ("123/2026/CCTT", "000123/26/CCTT", "000123/2026/XXXX", "000123-2026-CCTT"):
        with pytest.raises(ValueError):
            parse_number(bad)


def test_every_kind_has_a_context_schema_and_vietnamese_label() -> None:
    assert set(CONTEXTS) == set(DocumentKind)
    assert DocumentKind.REFUSAL.label_vi == "Văn bản trả lời từ chối, nêu rõ lý do"
    assert DocumentKind.AS_OF_CERTIFICATE.label_vi == "Chứng nhận thông tin theo thời điểm"


def test_provided_info_context_validates_its_fields() -> None:
    context = ProvidedInfoContext.model_validate(PROVIDED)
    assert context.subjects[0].fields[0] == ReleasedField(label="Nơi thường trú", value="Hà Nội")
    for broken in (
        {**PROVIDED, "subjects": []},
        {**PROVIDED, "requester_group": "k9"},
        {**PROVIDED, "subjects": [{**SUBJECT, "pin": "12345"}]},
        {**PROVIDED, "subjects": [{**SUBJECT, "fields": []}]},
        {**PROVIDED, "unexpected": "x"},
        {k: v for k, v in PROVIDED.items() if k != "request_ref"},
    ):
        with pytest.raises(ValidationError):
            ProvidedInfoContext.model_validate(broken)


def test_refusal_context_needs_grounds_and_reasons() -> None:
    good = {
        "requester_name": "Công ty TNHH Dịch vụ Bảo vệ An Bình",
        "request_ref": "YC-2026-000018",
        "received_on": "2026-03-02",
        "grounds": ["Không thuộc đối tượng được khai thác (NĐ 70/2024 Điều 8)"],
        "reasons": "Tổ chức không có văn bản đồng ý của công dân.",
        "officer": "Trần Văn An",
    }
    assert RefusalContext.model_validate(good).received_on == dt.date(2026, 3, 2)
    for broken in ({**good, "grounds": []}, {**good, "reasons": "  "}, {**good, "received_on": "02/03/2026"}):
        with pytest.raises(ValidationError):
            RefusalContext.model_validate(broken)


def test_place_and_date_are_written_in_viet_nam_time() -> None:
    # 20:00 UTC on 31 December is already 1 January in Hà Nội.
    moment = dt.datetime(2025, 12, 31, 20, 0, tzinfo=dt.UTC)
    assert render.place_date_vi("Hà Nội", moment) == "Hà Nội, ngày 01 tháng 01 năm 2026"


def test_as_of_inputs_default_to_permanent_residence_and_refuse_the_rest() -> None:
    today = dt.date(2026, 5, 1)
    with clock.freeze(dt.datetime(2026, 5, 1, 3, tzinfo=dt.UTC)):
        assert check_as_of_inputs(dt.date(2019, 5, 1), today, []) == [Item.PERMANENT_RESIDENCE]
        items = [Item.CURRENT_PLACE, Item.CURRENT_PLACE, Item.FULL_NAME]
        assert check_as_of_inputs(dt.date(2019, 5, 1), today, items) == [Item.CURRENT_PLACE, Item.FULL_NAME]
        cases = [
            ((dt.date(2019, 5, 1), dt.date(2026, 5, 2), []), "known_at", "documents_known_at_future"),
            ((dt.date(1899, 12, 31), today, []), "valid_on", "documents_date_too_early"),
            ((dt.date(2019, 5, 1), today, [Item.RELIGION]), "items", "documents_item_not_certifiable"),
            ((dt.date(2019, 5, 1), today, [Item.CARD]), "items", "documents_item_not_certifiable"),
        ]
        for args, field, rule in cases:
            with pytest.raises(DomainError) as caught:
                check_as_of_inputs(*args)
            assert (caught.value.problems[0].field, caught.value.problems[0].rule) == (field, rule)


def test_rendered_html_has_the_motto_the_qr_and_escapes_values() -> None:
    header = render.Header(
        number="000001/2026/CCTT",
        kind=DocumentKind.PROVIDED_INFO,
        issued_at=dt.datetime(2026, 3, 5, 2, tzinfo=dt.UTC),
        issuing_unit_label="Cơ quan quản lý căn cước - Bộ Công an",
        issuer_label="Lê Văn Bình",
        recipient_label="Ngân hàng <b>Á Châu</b>",
        place="Hà Nội",
        public_id="pub-123",
        verify_url=render.verify_url("https://dancu.example/", "pub-123"),
    )
    context = ProvidedInfoContext.model_validate(PROVIDED)
    html = render.render_html(header, {**dict(context), "requester_group_label": "k2"})
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in html and "Độc lập - Tự do - Hạnh phúc" in html
    assert "Hà Nội, ngày 05 tháng 03 năm 2026" in html
    assert "Tra cứu tính xác thực tại https://dancu.example/xac-minh/pub-123" in html
    assert 'src="data:image/svg+xml' in html
    assert "Ngân hàng &lt;b&gt;Á Châu&lt;/b&gt;" in html and "<b>Á Châu</b>" not in html
    assert "001090000001" in html and "YC-2026-000017" in html and "GP-2026-0003" in html
    with pytest.raises(Exception, match="requester_group_label"):
        render.render_html(header, dict(context))  # a missing value fails instead of printing nothing
