"""Service credits of the SLA (S4, S5, S11): one test per rule, then properties with hypothesis."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chalicelib.domain.sla_availability import Month, MonthReport, availability_of
from chalicelib.domain.sla_credits import (
    AccountMonth,
    Plan,
    TopUpRecord,
    availability_credit,
    credit_base,
    credit_percent,
    entitlement,
    first_response_credit,
    show_amount,
)

OCT = Month(2026, 10)
MID_OCT = datetime(2026, 10, 15, 12, 0, tzinfo=UTC)


def report(downtime: int, month: Month = OCT) -> MonthReport:
    return MonthReport(month, month.minutes, downtime, availability_of(month.minutes, downtime), (), ())


def downtime_for(percent: str, month: Month = OCT) -> int:
    """The fewest downtime minutes that bring the month's availability under `percent`."""
    limit = Fraction(percent)
    down = 0
    while availability_of(month.minutes, down) >= limit:
        down += 1
    return down


def paid(*amounts: str, breaches: int = 0, at: datetime = MID_OCT) -> AccountMonth:
    return AccountMonth("u1", Plan.PAID, tuple(TopUpRecord(Decimal(a), at) for a in amounts), breaches)


@pytest.mark.promise("S4")
@pytest.mark.parametrize(("availability", "percent"), [
    ("100", 0), ("99", 0), ("98.99999", 1), ("98.995", 1), ("98", 1), ("97.99999", 2), ("95", 2), ("94.99999", 3),
    ("0", 3),
])
def test_the_credit_percentage_follows_the_table_exactly(availability: str, percent: int) -> None:
    assert credit_percent(Fraction(availability)) == percent


@pytest.mark.promise("S4")
def test_the_step_is_decided_on_exact_availability_not_the_rounded_display() -> None:
    down = downtime_for("99")  # one minute more than 99.0% allows
    assert down == 447 and report(down).availability_percent == "98.999"
    assert entitlement(paid("100.00"), report(down)).availability == Decimal("1.00")
    assert entitlement(paid("100.00"), report(down - 1)).availability == Decimal("0.00")


@pytest.mark.promise("S4")
@pytest.mark.parametrize(("limit", "percent"), [("99", 1), ("98", 2), ("95", 3)])
def test_each_step_starts_one_minute_of_downtime_past_its_boundary(limit: str, percent: int) -> None:
    down = downtime_for(limit)
    assert entitlement(paid("100.00"), report(down)).percent == percent
    assert entitlement(paid("100.00"), report(down - 1)).percent == percent - 1


@pytest.mark.promise("S4")
def test_the_credit_is_capped_at_ten_dollars_and_rounded_down_to_the_cent() -> None:
    assert availability_credit(Decimal("120.00"), 1) == Decimal("1.20")
    assert availability_credit(Decimal("33.33"), 3) == Decimal("0.99")     # 0.9999 -> 0.99, never up
    assert availability_credit(Decimal("0.33"), 3) == Decimal("0.00")      # 0.0099
    assert availability_credit(Decimal("1000.00"), 1) == Decimal("10.00")  # exactly the cap
    assert availability_credit(Decimal("5000.00"), 3) == Decimal("10.00")  # 150.00 capped
    assert availability_credit(Decimal("333.34"), 3) == Decimal("10.00")   # 10.0002 capped
    assert availability_credit(Decimal("120.00"), 0) == Decimal("0.00")


@pytest.mark.promise("S4", "S5")
def test_the_base_is_only_the_top_ups_paid_within_the_month() -> None:
    top_ups = [
        TopUpRecord(Decimal("50.00"), OCT.start),                               # first instant: counts
        TopUpRecord(Decimal("70.00"), OCT.end - timedelta(microseconds=1)),     # last instant: counts
        TopUpRecord(Decimal("900.00"), OCT.end),                                # November
        TopUpRecord(Decimal("800.00"), OCT.start - timedelta(microseconds=1)),  # September
        TopUpRecord(Decimal("600.00"), MID_OCT, bonus_funds=True),              # bonus funds
    ]
    assert credit_base(top_ups, OCT) == Decimal("120.00")
    account = AccountMonth("u1", Plan.PAID, tuple(top_ups), 0)
    assert entitlement(account, report(downtime_for("99"))).availability == Decimal("1.20")


@pytest.mark.promise("S5")
def test_top_ups_made_with_bonus_funds_never_count() -> None:
    account = AccountMonth("u1", Plan.PAID, (TopUpRecord(Decimal("500.00"), MID_OCT, bonus_funds=True),), 0)
    result = entitlement(account, report(downtime_for("95")))
    assert (result.base, result.availability) == (Decimal("0"), Decimal("0.00"))


@pytest.mark.promise("S11")
@pytest.mark.parametrize(("breaches", "credit"), [(0, "0.00"), (9, "0.00"), (10, "1.00"), (11, "1.00"), (500, "1.00")])
def test_ten_or_more_first_response_breaches_give_one_dollar_once(breaches: int, credit: str) -> None:
    assert first_response_credit(breaches) == Decimal(credit)
    result = entitlement(paid(breaches=breaches), report(0))
    assert result.first_response == Decimal(credit) and result.total == Decimal(credit)


def test_a_negative_count_or_base_is_refused() -> None:
    with pytest.raises(ValueError):
        first_response_credit(-1)
    with pytest.raises(ValueError):
        availability_credit(Decimal("-1"), 1)
    with pytest.raises(ValueError):
        availability_credit(Decimal("1"), 4)


@pytest.mark.promise("S5", "S11")
def test_trial_accounts_get_neither_credit() -> None:
    trial = AccountMonth("t1", Plan.TRIAL, (TopUpRecord(Decimal("100.00"), MID_OCT, bonus_funds=True),), 25)
    result = entitlement(trial, report(downtime_for("95")))
    assert not result.eligible
    assert (result.availability, result.first_response, result.total) == (Decimal("0.00"),) * 3
    assert show_amount(result.total) == "0.00"


@pytest.mark.promise("S4", "S11")
def test_both_credits_add_up() -> None:
    result = entitlement(paid("120.00", breaches=10), report(downtime_for("99")))
    shown = [show_amount(v) for v in (result.availability, result.first_response, result.total)]
    assert shown == ["1.20", "1.00", "2.20"]


@pytest.mark.promise("S4", "S3")
def test_credits_follow_each_months_own_length() -> None:
    # 432 minutes down: 99.0% exactly in a 30-day month (no credit), under 99.0% in February (1%)
    assert entitlement(paid("100.00", at=datetime(2026, 4, 2, tzinfo=UTC)), report(432, Month(2026, 4))).percent == 0
    feb = Month(2028, 2)
    assert entitlement(paid("100.00", at=datetime(2028, 2, 29, tzinfo=UTC)), report(432, feb)).availability == Decimal(
        "1.00")


AMOUNTS = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("100000"), places=2)


@pytest.mark.promise("S4")
@given(st.lists(AMOUNTS, max_size=10), st.integers(0, OCT.minutes))
def test_property_the_credit_never_exceeds_ten_dollars_nor_three_percent(amounts: list[Decimal], down: int) -> None:
    account = AccountMonth("u1", Plan.PAID, tuple(TopUpRecord(a, MID_OCT) for a in amounts), 0)
    result = entitlement(account, report(down))
    assert result.availability <= Decimal("10.00")
    assert result.availability <= result.base * 3 / 100
    assert result.availability == result.availability.quantize(Decimal("0.01"))
    # ...and it is the full amount the rule gives, not less than one cent below it
    assert min(result.base * result.percent / 100, Decimal("10")) - result.availability < Decimal("0.01")


@given(st.integers(0, OCT.minutes), st.integers(0, OCT.minutes), AMOUNTS)
def test_property_more_downtime_never_means_less_credit(a: int, b: int, amount: Decimal) -> None:
    low, high = sorted((a, b))
    assert entitlement(paid(str(amount)), report(low)).total <= entitlement(paid(str(amount)), report(high)).total
