"""The fee rules of TT 48/2022/TT-BTC: rates by date, exemptions, the collector's share, money format."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dancu.access.groups import ActorGroup, Channel
from dancu.errors import DomainError
from dancu.exploitation.fees.enums import ExemptionReason, ProductCode, RateSource
from dancu.exploitation.fees.rules import Rate, RateTable, assess, format_vnd, product_for, shipped_table

TABLE = shipped_table()
HALF_START = dt.date(2022, 9, 17)
HALF_END = dt.date(2023, 12, 31)
FULL_START = dt.date(2024, 1, 1)
PAYING = [ActorGroup.K2, ActorGroup.K3, ActorGroup.K4]
DAYS = st.dates(min_value=HALF_START, max_value=dt.date(2100, 12, 31))


def _fee(product: ProductCode, fields: int, group: ActorGroup, on: dt.date, own: bool = False) -> int:
    return assess(
        product, fields_delivered=fields, actor_group=group, own_data=own, on=on, rates=TABLE
    ).amount


def test_three_fields_by_portal_for_a_bank_cost_three_thousand() -> None:
    result = assess(
        ProductCode.SPDC03,
        fields_delivered=3,
        actor_group=ActorGroup.K2,
        own_data=False,
        on=dt.date(2026, 11, 29),
        rates=TABLE,
    )
    assert (result.amount, result.unit_price, result.exemption) == (3000, 1000, None)
    assert result.rate_source is RateSource.SHIPPED
    assert format_vnd(result.amount) == "3.000 đồng"


@pytest.mark.parametrize(
    ("day", "unit"),
    [
        (HALF_START, 500),
        (HALF_END, 500),
        (FULL_START, 1000),
        (dt.date(2023, 6, 1), 500),
        (dt.date(2030, 1, 1), 1000),
    ],
)
def test_half_rate_from_17_september_2022_to_end_of_2023(day: dt.date, unit: int) -> None:
    for product in ProductCode:
        assert (
            assess(
                product, fields_delivered=1, actor_group=ActorGroup.K3, own_data=False, on=day, rates=TABLE
            ).unit_price
            == unit
        )


def test_no_rate_before_the_circular_is_refused_not_free() -> None:
    with pytest.raises(DomainError) as caught:
        _fee(ProductCode.SPDC04, 2, ActorGroup.K2, HALF_START - dt.timedelta(days=1))
    assert caught.value.code == "fees.no_rate"
    assert caught.value.status == 422


def test_negative_fields_are_refused() -> None:
    with pytest.raises(DomainError) as caught:
        _fee(ProductCode.SPDC04, -1, ActorGroup.K2, FULL_START)
    assert caught.value.code == "fees.negative_fields"


def test_k1_bodies_and_own_data_pay_nothing_but_keep_the_unit_price() -> None:
    k1 = assess(
        ProductCode.SPDC04,
        fields_delivered=5,
        actor_group=ActorGroup.K1,
        own_data=False,
        on=FULL_START,
        rates=TABLE,
    )
    assert (k1.amount, k1.unit_price, k1.exemption) == (0, 1000, ExemptionReason.STATE_BODY)
    own = assess(
        ProductCode.SPDC02,
        fields_delivered=5,
        actor_group=ActorGroup.K4,
        own_data=True,
        on=FULL_START,
        rates=TABLE,
    )
    assert (own.amount, own.exemption) == (0, ExemptionReason.OWN_DATA)


@given(
    product=st.sampled_from(list(ProductCode)),
    fields=st.integers(min_value=0, max_value=10_000),
    group=st.sampled_from(PAYING),
    day=DAYS,
)
def test_amount_is_fields_times_the_rate_of_the_day(
    product: ProductCode, fields: int, group: ActorGroup, day: dt.date
) -> None:
    result = assess(product, fields_delivered=fields, actor_group=group, own_data=False, on=day, rates=TABLE)
    expected_unit = 500 if day <= HALF_END else 1000
    assert result.unit_price == expected_unit
    assert result.amount == fields * expected_unit
    assert result.exemption is None


@given(
    product=st.sampled_from(list(ProductCode)),
    fields=st.integers(min_value=0, max_value=10_000),
    group=st.sampled_from(list(ActorGroup)),
    own=st.booleans(),
    day=DAYS,
)
def test_exempt_means_zero_and_only_for_k1_officers_citizens_or_own_data(
    product: ProductCode, fields: int, group: ActorGroup, own: bool, day: dt.date
) -> None:
    result = assess(product, fields_delivered=fields, actor_group=group, own_data=own, on=day, rates=TABLE)
    exempt = own or group in (ActorGroup.K1, ActorGroup.OFFICER, ActorGroup.CITIZEN)
    assert (result.exemption is not None) == exempt
    if exempt:
        assert result.amount == 0


@given(amount=st.integers(min_value=0, max_value=10**12))
def test_collector_share_and_remittance_add_up(amount: int) -> None:
    kept, remitted = TABLE.share.split(amount)
    assert kept + remitted == amount
    assert kept == amount * 30 // 100
    assert TABLE.share.collector_percent + TABLE.share.remitted_percent == 100


def _operator(product: ProductCode, amount: int, start: dt.date, end: dt.date | None, rate_id: int) -> Rate:
    return Rate(product, amount, start, end, "Thông tư mới", RateSource.OPERATOR, rate_id)


def test_operator_rate_supersedes_shipped_data_only_on_its_dates() -> None:
    table = TABLE.with_rates((_operator(ProductCode.SPDC03, 1500, dt.date(2027, 1, 1), None, 7),))
    before = table.rate_for(ProductCode.SPDC03, dt.date(2026, 12, 31))
    after = table.rate_for(ProductCode.SPDC03, dt.date(2027, 1, 1))
    other_product = table.rate_for(ProductCode.SPDC04, dt.date(2027, 1, 1))
    assert before is not None and before.source is RateSource.SHIPPED
    assert after is not None and (after.amount_per_field, after.rate_id) == (1500, 7)
    assert other_product is not None and other_product.source is RateSource.SHIPPED


def test_a_bounded_operator_rate_gives_way_to_the_shipped_rate_after_it_ends() -> None:
    table = TABLE.with_rates(
        (_operator(ProductCode.SPDC05, 0, dt.date(2027, 1, 1), dt.date(2027, 3, 31), 8),)
    )
    assert _amount(table, dt.date(2027, 3, 31)) == 0
    assert _amount(table, dt.date(2027, 4, 1)) == 4000


def _amount(table: RateTable, day: dt.date) -> int:
    return assess(
        ProductCode.SPDC05, fields_delivered=4, actor_group=ActorGroup.K3, own_data=False, on=day, rates=table
    ).amount


@pytest.mark.parametrize(
    ("channel", "product"),
    [
        (Channel.PORTAL, ProductCode.SPDC03),
        (Channel.DIRECT, ProductCode.SPDC04),
        (Channel.WRITTEN, ProductCode.SPDC05),
    ],
)
def test_channel_decides_the_product(channel: Channel, product: ProductCode) -> None:
    assert product_for(channel) is product


def test_verification_and_sms_are_products_of_their_own() -> None:
    assert product_for(Channel.DIRECT, verification=True) is ProductCode.SPDC01
    assert product_for(Channel.PORTAL, sms=True) is ProductCode.SPDC02
    with pytest.raises(DomainError):
        product_for(Channel.OFFICER_CONSOLE)


@pytest.mark.parametrize(
    ("amount", "text"), [(0, "0 đồng"), (500, "500 đồng"), (3000, "3.000 đồng"), (1234567, "1.234.567 đồng")]
)
def test_money_is_written_the_vietnamese_way(amount: int, text: str) -> None:
    assert format_vnd(amount) == text
