from datetime import date, timedelta

import holidays
import pytest
from hypothesis import given
from hypothesis import strategies as st

from chalicelib.domain.business_days import add_business_days, is_business_day

# England and Wales bank holidays as published by GOV.UK. If a `holidays` upgrade changes a
# pinned year, this test fails and the change gets reviewed (it moves SLA and retention dates).
PINNED = {
    2023: ["2023-01-02", "2023-04-07", "2023-04-10", "2023-05-01", "2023-05-08", "2023-05-29",
           "2023-08-28", "2023-12-25", "2023-12-26"],
    2024: ["2024-01-01", "2024-03-29", "2024-04-01", "2024-05-06", "2024-05-27", "2024-08-26",
           "2024-12-25", "2024-12-26"],
    2025: ["2025-01-01", "2025-04-18", "2025-04-21", "2025-05-05", "2025-05-26", "2025-08-25",
           "2025-12-25", "2025-12-26"],
}


@pytest.mark.parametrize("year", sorted(PINNED))
def test_pinned_years_match_the_published_bank_holidays(year: int) -> None:
    for subdivision in ("ENG", "WLS"):
        calendar = holidays.country_holidays("GB", subdiv=subdivision, years=year)
        # `holidays` also lists a holiday that falls on a weekend next to its weekday
        # substitute; only weekdays off matter for business time.
        actual = sorted(d.isoformat() for d in calendar if d.weekday() < 5)
        assert actual == PINNED[year], subdivision


def test_weekends_and_bank_holidays_are_not_business_days() -> None:
    assert is_business_day(date(2023, 5, 5))        # Friday
    assert not is_business_day(date(2023, 5, 6))    # Saturday
    assert not is_business_day(date(2023, 5, 8))    # coronation bank holiday (Monday)
    assert is_business_day(date(2023, 5, 9))


@pytest.mark.parametrize(("start", "count", "expected"), [
    (date(2023, 5, 5), 1, date(2023, 5, 9)),         # over a weekend and the coronation holiday
    (date(2023, 12, 22), 1, date(2023, 12, 27)),     # Christmas and Boxing Day
    (date(2024, 1, 2), 0, date(2024, 1, 2)),
    (date(2024, 1, 1), 90, date(2024, 5, 9)),        # 90 business days: Easter and May Day skipped
])
def test_add_business_days(start: date, count: int, expected: date) -> None:
    assert add_business_days(start, count) == expected


@given(st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)), st.integers(0, 120))
def test_adding_business_days_lands_on_a_business_day_after_exactly_n_of_them(start: date, count: int) -> None:
    end = add_business_days(start, count)
    assert end >= start
    between = sum(is_business_day(start + timedelta(days=i)) for i in range(1, (end - start).days + 1))
    assert between == count
    if count:
        assert is_business_day(end)
