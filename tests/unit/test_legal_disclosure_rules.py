"""What a disclosure package may contain (domain/legal_disclosure.py, domain/legal_package.py):
each category, each end of the period, the emergency limit, and no other field, ever."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chalicelib.domain import legal_package
from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.legal_disclosure import (
    ALLOWED_FIELDS,
    AccountRecords,
    Login,
    Order,
    TopUp,
    counts,
    select,
)

PERIOD = (date(2026, 6, 1), date(2026, 6, 30))
START = datetime(2026, 6, 1, 0, 0, tzinfo=UTC)                   # first moment in the period
END = datetime(2026, 6, 30, 23, 59, 59, 999999, tzinfo=UTC)      # last moment in the period
BEFORE, AFTER = START - timedelta(microseconds=1), END + timedelta(microseconds=1)


def _records(*moments: datetime) -> AccountRecords:
    return AccountRecords(
        email="someone@example.com", created_at=datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC), username="someone",
        logins=[Login(at, f"198.51.100.{i + 1}") for i, at in enumerate(moments)],
        top_ups=[TopUp(at, Decimal("12.50000"), "succeeded", i + 1, f"pi_{i}", "card") for i, at in enumerate(moments)],
        orders=[Order(at, 100 + i, f"https://example.com/p/{i}", 1000, Decimal("1.5")) for i, at in enumerate(moments)],
    )


@pytest.mark.promise("L4")
def test_basic_subscriber_data_is_the_email_and_creation_time_only() -> None:
    assert select(_records(START), ["basic_subscriber"], PERIOD) == {
        "basic_subscriber": {"email": "someone@example.com", "account_created_at": "2025-01-02T03:04:05+00:00"}}


@pytest.mark.promise("L4")
def test_login_ips_are_those_still_held_within_the_period() -> None:
    records = _records(BEFORE, START, END, AFTER)
    purged = AccountRecords(**{**records.__dict__, "logins": [*records.logins, Login(START, None)]})
    assert select(purged, ["login_ips"], PERIOD) == {"login_ips": [
        {"at": "2026-06-01T00:00:00+00:00", "ip": "198.51.100.2"},
        {"at": "2026-06-30T23:59:59.999999+00:00", "ip": "198.51.100.3"}]}


@pytest.mark.promise("L4")
def test_top_ups_are_amount_date_and_transaction_id_of_credited_ones_within_the_period() -> None:
    records = _records(BEFORE, START, END, AFTER)
    failed = TopUp(START, Decimal("5"), "failed", 9, "pi_failed", "card")
    manual = TopUp(END, Decimal("3.1"), "succeeded", 10, None, "bank_transfer")
    records = AccountRecords(**{**records.__dict__, "top_ups": [*records.top_ups, failed, manual]})
    assert select(records, ["top_ups"], PERIOD) == {"top_ups": [
        {"date": "2026-06-01T00:00:00+00:00", "amount": "12.50", "transaction_id": "pi_1"},
        {"date": "2026-06-30T23:59:59.999999+00:00", "amount": "12.50", "transaction_id": "pi_2"},
        {"date": "2026-06-30T23:59:59.999999+00:00", "amount": "3.10", "transaction_id": "TU-10"}]}


@pytest.mark.promise("L4")
def test_orders_are_date_service_id_and_target_link_within_the_period() -> None:
    assert select(_records(BEFORE, START, END, AFTER), ["orders"], PERIOD) == {"orders": [
        {"date": "2026-06-01T00:00:00+00:00", "service_id": 101, "target_link": "https://example.com/p/1"},
        {"date": "2026-06-30T23:59:59.999999+00:00", "service_id": 102, "target_link": "https://example.com/p/2"}]}


def test_a_one_day_period_and_a_period_read_in_utc() -> None:
    late_in_london_summer = datetime(2026, 6, 2, 0, 30, tzinfo=UTC).astimezone()   # any local zone
    picked = select(_records(late_in_london_summer), ["orders"], (date(2026, 6, 2), date(2026, 6, 2)))
    assert counts(picked) == {"orders": 1}
    assert counts(select(_records(late_in_london_summer), ["orders"], (date(2026, 6, 1), date(2026, 6, 1)))) \
        == {"orders": 0}


def test_unknown_categories_reversed_periods_and_empty_lists_are_refused() -> None:
    for categories, period in ((["all"], PERIOD), (["username"], PERIOD), ([], PERIOD),
                               (["orders"], (PERIOD[1], PERIOD[0]))):
        with pytest.raises(InvalidInput):
            select(_records(START), categories, period)


@pytest.mark.promise("L8")
def test_an_emergency_discloses_only_subscriber_data_and_login_ips() -> None:
    allowed = select(_records(START), ["login_ips", "basic_subscriber"], PERIOD, emergency=True)
    assert set(allowed) == {"basic_subscriber", "login_ips"}
    for wider in (["top_ups"], ["basic_subscriber", "orders"]):
        with pytest.raises(InvalidInput, match="emergency"):
            select(_records(START), wider, PERIOD, emergency=True)


moments = st.datetimes(min_value=datetime(2026, 5, 1), max_value=datetime(2026, 8, 1), timezones=st.just(UTC))
text = st.text(min_size=1, max_size=20)


@st.composite
def accounts(draw: Any) -> AccountRecords:
    return AccountRecords(
        # The username carries a marker no other value can contain, so finding it in the package
        # means it leaked; a bare "0" would also be found inside any number or date.
        email=draw(text), created_at=draw(moments), username="username-marker:" + draw(text),
        logins=draw(st.lists(st.builds(Login, moments, st.one_of(st.none(), text)), max_size=5)),
        top_ups=draw(st.lists(st.builds(TopUp, moments, st.decimals(0, 10_000, places=5),
                                        st.sampled_from(["succeeded", "failed", "processing"]),
                                        st.integers(1, 10**6), st.one_of(st.none(), text), text), max_size=5)),
        orders=draw(st.lists(st.builds(Order, moments, st.integers(1, 10**6), text, st.integers(0, 10**6),
                                       st.decimals(0, 10_000, places=5)), max_size=5)),
    )


@pytest.mark.promise("L4")
@settings(max_examples=150, deadline=None)
@given(records=accounts(), categories=st.lists(st.sampled_from(sorted(ALLOWED_FIELDS)), min_size=1),
       start=st.dates(date(2026, 5, 1), date(2026, 8, 1)), days=st.integers(0, 60))
def test_property_no_field_outside_the_allowed_set_ever_appears(records: AccountRecords, categories: list[str],
                                                                start: date, days: int) -> None:
    period = (start, start + timedelta(days=days))
    picked = select(records, categories, period)
    assert set(picked) == set(categories)
    for name, value in picked.items():
        for row in value if isinstance(value, list) else [value]:
            assert set(row) == ALLOWED_FIELDS[name]
        if isinstance(value, list):
            for row in value:
                moment = datetime.fromisoformat(row.get("at") or row["date"])
                assert period[0] <= moment.date() <= period[1]
    document = legal_package.document("PKG-1", "LR-1", period, START, picked, emergency=False)
    as_text = json.dumps(document)
    assert records.username not in as_text or records.username in json.dumps(picked)   # only via an allowed field


def test_the_html_report_escapes_every_value() -> None:
    hostile = AccountRecords(email="<script>alert(1)</script>@example.com", created_at=START,
                             orders=[Order(START, 7, 'https://e.com/"><img src=x onerror=alert(1)>')])
    data = select(hostile, ["basic_subscriber", "orders"], PERIOD)
    page = legal_package.to_html(legal_package.document("PKG-LR-1", "LR-1", PERIOD, START, data,
                                                        emergency=False)).decode()
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;@example.com" in page
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in page
