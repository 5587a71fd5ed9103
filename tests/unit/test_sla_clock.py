"""The support SLA first-response clock (promises S6-S9): hand-computed tables, then properties.

Every expected deadline below was worked out by hand, day by day, counting 7 business hours
(10:00-17:00 UTC) per England and Wales business day; the working is in the comments.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import holidays
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from chalicelib.domain import sla_clock
from chalicelib.domain.business_days import is_business_day
from chalicelib.domain.sla_clock import (
    TARGET_BUSINESS_HOURS,
    Pause,
    Priority,
    add_business_seconds,
    breached,
    business_seconds_between,
    clock_blockers,
    clock_start,
    elapsed_business_seconds,
    first_response_deadline,
)
from chalicelib.domain.tickets.model import CATEGORY_IDS
from tests.support.business_time import HOUR, in_business_hours, utc

HIGH_SECONDS = 21 * HOUR
STANDARD_SECONDS = 49 * HOUR
LONDON = ZoneInfo("Europe/London")


# --- the calendar -------------------------------------------------------------------------------

# Every date `holidays` gives for GB subdivision ENG, in full: the weekday bank holidays published
# on GOV.UK plus, in years where Christmas or New Year falls on a weekend, the weekend date itself
# (marked "weekend" below; its weekday substitute is listed too). If an upgrade of the package
# changes any of these, this fails and the change gets reviewed: it moves SLA deadlines.
PINNED_ENG_HOLIDAYS = {
    2021: ["2021-01-01", "2021-04-02", "2021-04-05", "2021-05-03", "2021-05-31", "2021-08-30",
           "2021-12-25", "2021-12-26",  # weekend
           "2021-12-27", "2021-12-28"],  # Christmas and Boxing Day substitutes
    2022: ["2022-01-01",  # weekend
           "2022-01-03", "2022-04-15", "2022-04-18", "2022-05-02",
           "2022-06-02", "2022-06-03",  # spring bank holiday moved, Platinum Jubilee
           "2022-08-29",
           "2022-09-19",  # state funeral of Queen Elizabeth II
           "2022-12-25",  # weekend
           "2022-12-26", "2022-12-27"],  # Boxing Day, Christmas substitute
    2023: ["2023-01-01",  # weekend
           "2023-01-02", "2023-04-07", "2023-04-10", "2023-05-01",
           "2023-05-08",  # coronation of King Charles III
           "2023-05-29", "2023-08-28", "2023-12-25", "2023-12-26"],
    2024: ["2024-01-01", "2024-03-29", "2024-04-01", "2024-05-06", "2024-05-27", "2024-08-26",
           "2024-12-25", "2024-12-26"],
    2025: ["2025-01-01", "2025-04-18", "2025-04-21", "2025-05-05", "2025-05-26", "2025-08-25",
           "2025-12-25", "2025-12-26"],
}
WEEKEND_DATED = {"2021-12-25", "2021-12-26", "2022-01-01", "2022-12-25", "2023-01-01"}


@pytest.mark.promise("S6")
@pytest.mark.parametrize("year", sorted(PINNED_ENG_HOLIDAYS))
def test_the_holidays_package_still_gives_the_pinned_england_and_wales_bank_holidays(year: int) -> None:
    calendar = holidays.country_holidays("GB", subdiv="ENG", years=year)
    assert sorted(d.isoformat() for d in calendar) == PINNED_ENG_HOLIDAYS[year]
    # and every weekday among them is a day off for the SLA clock, every weekend one is a weekend
    for text in PINNED_ENG_HOLIDAYS[year]:
        day = date.fromisoformat(text)
        assert not is_business_day(day)
        assert (day.weekday() >= 5) == (text in WEEKEND_DATED), text


# --- clock start ----------------------------------------------------------------------------------

@pytest.mark.promise("S9")
@pytest.mark.parametrize(("created", "expected"), [
    ("2023-05-05 18:30", "2023-05-09 10:00"),   # Friday evening; Mon 8 May coronation holiday
    ("2023-05-05 16:59:59", "2023-05-05 16:59:59"),  # last second of business hours
    ("2023-05-05 17:00", "2023-05-09 10:00"),   # closing time is already outside
    ("2023-05-05 10:00", "2023-05-05 10:00"),   # opening time is inside
    ("2023-05-05 09:00", "2023-05-05 10:00"),   # morning before opening: same day
    ("2023-05-06 12:00", "2023-05-09 10:00"),   # Saturday
    ("2022-09-19 12:00", "2022-09-20 10:00"),   # state funeral bank holiday
    ("2022-09-16 20:00", "2022-09-20 10:00"),   # the Friday night before it
    ("2022-12-24 12:00", "2022-12-28 10:00"),   # Sat; Sun 25, Mon 26 and Tue 27 (substitute) off
    ("2021-12-24 17:00", "2021-12-29 10:00"),   # Fri; Mon 27 and Tue 28 substitutes off
    ("2023-04-06 17:30", "2023-04-11 10:00"),   # Thursday evening; Good Friday, Easter Monday off
    ("2023-03-26 09:30", "2023-03-27 10:00"),   # Sunday BST starts: still 10:00 UTC on Monday
])
def test_clock_start(created: str, expected: str) -> None:
    assert clock_start(utc(created)) == utc(expected)


@pytest.mark.promise("S6", "S9")
def test_clock_start_works_in_gmt_even_for_times_given_in_british_summer_time() -> None:
    # 10:30 BST is 09:30 GMT: before opening, so the clock starts at 10:00 GMT (11:00 BST)
    start = clock_start(datetime(2023, 7, 3, 10, 30, tzinfo=LONDON))
    assert start == utc("2023-07-03 10:00")
    assert start.utcoffset() == timedelta(0)
    # 17:30 BST is 16:30 GMT: still inside business hours
    assert clock_start(datetime(2023, 7, 3, 17, 30, tzinfo=LONDON)) == utc("2023-07-03 16:30")


# --- deadlines, hand-computed ---------------------------------------------------------------------

@pytest.mark.promise("S6", "S8", "S9")
@pytest.mark.parametrize(("created", "priority", "expected"), [
    # Fri 18:30 -> starts Tue 9 May 10:00 (Mon 8 coronation); Tue, Wed, Thu = 21 h -> Thu 17:00.
    # `panel sla due --created 2023-05-05T18:30:00Z --priority high` prints this one.
    ("2023-05-05 18:30", Priority.HIGH, "2023-05-11 17:00"),
    # same start; Tue 9, Wed 10, Thu 11, Fri 12, Mon 15, Tue 16, Wed 17 = 49 h
    ("2023-05-05 18:30", Priority.STANDARD, "2023-05-17 17:00"),
    # Fri 16 Sep 12:00: Fri 5 h (16 left); Mon 19 funeral; Tue 7 (9); Wed 7 (2); Thu 10:00 + 2 h
    ("2022-09-16 12:00", Priority.HIGH, "2022-09-22 12:00"),
    # created on the funeral holiday: starts Tue 20 10:00; Tue, Wed, Thu
    ("2022-09-19 09:00", Priority.HIGH, "2022-09-22 17:00"),
    # Fri 24 Dec 2021 15:00: 2 h (19 left); 25-28 off; Wed 29 (12); Thu 30 (5); Fri 31 10:00 + 5 h
    ("2021-12-24 15:00", Priority.HIGH, "2021-12-31 15:00"),
    # Thu 23 Dec 2021 16:00: 1 h (48); Fri 24 (41); Wed 29 (34); Thu 30 (27); Fri 31 (20);
    # Mon 3 Jan 2022 New Year substitute; Tue 4 (13); Wed 5 (6); Thu 6 10:00 + 6 h
    ("2021-12-23 16:00", Priority.STANDARD, "2022-01-06 16:00"),
    # Fri 23 Dec 2022 18:00: Sun 25, Mon 26, Tue 27 off; starts Wed 28; Wed, Thu, Fri
    ("2022-12-23 18:00", Priority.HIGH, "2022-12-30 17:00"),
    ("2022-12-24 11:00", Priority.HIGH, "2022-12-30 17:00"),
    # Thu 6 Apr 2023 14:30: 2.5 h (18.5); Good Friday, weekend, Easter Monday; Tue 11 (11.5);
    # Wed 12 (4.5); Thu 13 10:00 + 4.5 h
    ("2023-04-06 14:30", Priority.HIGH, "2023-04-13 14:30"),
    # Wed 1 Jun 2022 13:00: 4 h (17); Thu 2, Fri 3 jubilee holidays; Mon 6 (10); Tue 7 (3); Wed 8 13:00
    ("2022-06-01 13:00", Priority.HIGH, "2022-06-08 13:00"),
    # BST starts Sun 26 Mar 2023. Fri 24 16:00: 1 h (20); Mon 27 (13); Tue 28 (6); Wed 29 16:00 UTC
    ("2023-03-24 16:00", Priority.HIGH, "2023-03-29 16:00"),
    # BST ends Sun 29 Oct 2023. Fri 27 15:30 UTC: 1.5 h (19.5); Mon 30 (12.5); Tue 31 (5.5); Wed 1 Nov
    ("2023-10-27 15:30", Priority.HIGH, "2023-11-01 15:30"),
    # exactly at opening, Mon 5 Jun 2023: Mon, Tue, Wed whole days
    ("2023-06-05 10:00", Priority.HIGH, "2023-06-07 17:00"),
    # one second before closing: 1 s Mon, Tue, Wed, then Thu 10:00 + 7 h - 1 s
    ("2023-06-05 16:59:59", Priority.HIGH, "2023-06-08 16:59:59"),
    # exactly at closing: starts Tue 10:00; Tue, Wed, Thu
    ("2023-06-05 17:00", Priority.HIGH, "2023-06-08 17:00"),
    ("2023-06-05 09:59:59", Priority.HIGH, "2023-06-07 17:00"),
    # standard from Mon 10:00: Mon 5 .. Fri 9, Mon 12, Tue 13 = 7 days
    ("2023-06-05 10:00", Priority.STANDARD, "2023-06-13 17:00"),
])
def test_first_response_deadline(created: str, priority: Priority, expected: str) -> None:
    deadline = first_response_deadline(utc(created), priority)
    assert deadline == utc(expected)
    assert deadline is not None and deadline.tzinfo is UTC


@pytest.mark.promise("S6", "S8")
@pytest.mark.parametrize(("created", "expected"), [
    # 17:30 BST on Mon 27 Mar 2023 is 16:30 UTC: 0.5 h (20.5); Tue (13.5); Wed (6.5); Thu 16:30 UTC
    (datetime(2023, 3, 27, 17, 30, tzinfo=LONDON), "2023-03-30 16:30"),
    # 10:30 BST = 09:30 UTC, before opening: starts 10:00 UTC; Mon, Tue, Wed
    (datetime(2023, 3, 27, 10, 30, tzinfo=LONDON), "2023-03-29 17:00"),
    # 16:30 BST on Fri 27 Oct 2023 = 15:30 UTC; the clocks go back on Sunday: same as 15:30 UTC
    (datetime(2023, 10, 27, 16, 30, tzinfo=LONDON), "2023-11-01 15:30"),
    # an offset far from GMT: 23:00 -05:00 on Fri 5 May 2023 is 04:00 UTC Sat 6 May
    (datetime(2023, 5, 5, 23, 0, tzinfo=timezone(timedelta(hours=-5))), "2023-05-11 17:00"),
])
def test_deadlines_are_in_gmt_whatever_the_zone_of_the_input(created: datetime, expected: str) -> None:
    assert first_response_deadline(created, Priority.HIGH) == utc(expected)


@pytest.mark.promise("S8")
def test_targets_are_3_and_7_business_days_of_7_hours() -> None:
    assert TARGET_BUSINESS_HOURS == {Priority.HIGH: 21, Priority.STANDARD: 49}
    assert first_response_deadline(utc("2023-06-05 10:00"), "high") == utc("2023-06-07 17:00")
    with pytest.raises(ValueError):
        first_response_deadline(utc("2023-06-05 10:00"), "urgent")


# --- business-time arithmetic ---------------------------------------------------------------------

@pytest.mark.promise("S6")
@pytest.mark.parametrize(("start", "end", "seconds"), [
    ("2023-06-05 10:00", "2023-06-05 17:00", 7 * HOUR),
    ("2023-06-05 08:00", "2023-06-05 20:00", 7 * HOUR),
    ("2023-06-05 16:00", "2023-06-06 11:00", 2 * HOUR),     # across a night
    ("2023-06-09 15:00", "2023-06-12 11:00", 3 * HOUR),     # Fri to Mon, across a weekend
    ("2023-05-05 15:00", "2023-05-09 11:00", 3 * HOUR),     # ... and the coronation Monday
    ("2023-06-10 10:00", "2023-06-11 17:00", 0),            # a weekend only
    ("2023-06-05 12:00", "2023-06-05 12:00", 0),
    ("2023-06-05 13:00", "2023-06-05 12:00", 0),            # end before start
    ("2023-06-05 10:00", "2023-06-05 10:00:00.999999", 0),  # sub-second: floored
])
def test_business_seconds_between(start: str, end: str, seconds: int) -> None:
    assert business_seconds_between(utc(start), utc(end)) == seconds


@pytest.mark.promise("S6")
@pytest.mark.parametrize(("start", "seconds", "expected"), [
    ("2023-06-05 10:00", 7 * HOUR, "2023-06-05 17:00"),    # ends at closing: stays 17:00
    ("2023-06-05 10:00", 7 * HOUR + 1, "2023-06-06 10:00:01"),
    ("2023-06-09 16:00", 2 * HOUR, "2023-06-12 11:00"),    # Fri to Mon
    ("2023-06-10 03:00", 1, "2023-06-12 10:00:01"),        # from a Saturday
    ("2023-06-10 03:00", 0, "2023-06-10 03:00"),           # nothing to add: the start itself
    ("2023-05-05 16:00", 2 * HOUR, "2023-05-09 11:00"),    # over the coronation holiday
])
def test_add_business_seconds(start: str, seconds: int, expected: str) -> None:
    assert add_business_seconds(utc(start), seconds) == utc(expected)


def test_adding_negative_business_time_is_refused() -> None:
    with pytest.raises(ValueError):
        add_business_seconds(utc("2023-06-05 10:00"), -1)


def test_adding_more_than_ten_years_of_business_time_is_refused() -> None:
    with pytest.raises(ValueError, match="3660 days"):
        add_business_seconds(utc("2023-06-05 10:00"), 7 * HOUR * 3000)


# --- pauses ---------------------------------------------------------------------------------------

# HIGH ticket created Wed 7 Jun 2023 10:00; without pauses Wed, Thu, Fri -> due Fri 9 Jun 17:00.
PAUSE_CREATED = utc("2023-06-07 10:00")


@pytest.mark.promise("S9")
@pytest.mark.parametrize(("pauses", "expected"), [
    ([], "2023-06-09 17:00"),
    # Fri 15:00 -> Mon 11:00 removes 2 h (Fri) + 1 h (Mon): 3 h later, Mon 12 Jun 13:00
    ([("2023-06-09 15:00", "2023-06-12 11:00")], "2023-06-12 13:00"),
    # over a night: Wed 16:00 -> Thu 11:00 removes 1 h + 1 h
    ([("2023-06-07 16:00", "2023-06-08 11:00")], "2023-06-12 12:00"),
    # entirely outside business hours (a night): nothing removed
    ([("2023-06-07 18:00", "2023-06-08 09:00")], "2023-06-09 17:00"),
    # overlapping pauses count once: Thu 10:00-13:00 = 3 h, not 2 + 2
    ([("2023-06-08 10:00", "2023-06-08 12:00"), ("2023-06-08 11:00", "2023-06-08 13:00")], "2023-06-12 13:00"),
    # two separate pauses, given out of order: 1 h Wed + 1 h Thu
    ([("2023-06-08 12:00", "2023-06-08 13:00"), ("2023-06-07 11:00", "2023-06-07 12:00")], "2023-06-12 12:00"),
    # a pause that began before the ticket and ended Wed 12:00 removes Wed 10:00-12:00
    ([("2023-06-07 08:00", "2023-06-07 12:00")], "2023-06-12 12:00"),
    # a pause after the deadline changes nothing
    ([("2023-06-12 10:00", "2023-06-13 10:00")], "2023-06-09 17:00"),
])
def test_pauses_move_the_deadline_by_the_business_time_they_cover(
    pauses: list[tuple[str, str]], expected: str
) -> None:
    parsed = [Pause(utc(a), utc(b)) for a, b in pauses]
    assert first_response_deadline(PAUSE_CREATED, Priority.HIGH, parsed) == utc(expected)
    deadline = utc(expected)
    assert elapsed_business_seconds(PAUSE_CREATED, deadline, parsed) == HIGH_SECONDS


@pytest.mark.promise("S9")
def test_an_open_pause_freezes_the_clock() -> None:
    pauses = [(utc("2023-06-08 12:00"), None)]
    assert first_response_deadline(PAUSE_CREATED, Priority.HIGH, pauses) is None
    # Wed 7 h + Thu 10:00-12:00 = 9 h, however long the pause stays open
    assert elapsed_business_seconds(PAUSE_CREATED, utc("2023-06-08 11:00"), pauses) == 8 * HOUR
    assert elapsed_business_seconds(PAUSE_CREATED, utc("2023-06-20 12:00"), pauses) == 9 * HOUR
    assert not breached(PAUSE_CREATED, Priority.HIGH, None, utc("2024-01-01 12:00"), pauses)
    # a pause closed before the open one still counts as a pause
    both = [(utc("2023-06-07 11:00"), utc("2023-06-07 12:00")), *pauses]
    assert elapsed_business_seconds(PAUSE_CREATED, utc("2023-06-20 12:00"), both) == 8 * HOUR


@pytest.mark.promise("S9")
def test_an_open_pause_after_the_deadline_does_not_undo_it() -> None:
    pauses = [(utc("2023-06-12 10:00"), None)]
    assert first_response_deadline(PAUSE_CREATED, Priority.HIGH, pauses) == utc("2023-06-09 17:00")
    assert breached(PAUSE_CREATED, Priority.HIGH, None, utc("2023-06-12 11:00"), pauses)


def test_a_pause_that_resumes_before_it_began_is_refused() -> None:
    with pytest.raises(ValueError, match="before it began"):
        first_response_deadline(PAUSE_CREATED, Priority.HIGH, [(utc("2023-06-08 12:00"), utc("2023-06-08 11:00"))])


@pytest.mark.promise("S9")
def test_elapsed_business_time() -> None:
    # created Fri 5 May 2023 18:30, starts Tue 9 May 10:00
    created = utc("2023-05-05 18:30")
    assert elapsed_business_seconds(created, utc("2023-05-08 16:00")) == 0
    assert elapsed_business_seconds(created, utc("2023-05-09 12:30")) == int(2.5 * HOUR)
    assert elapsed_business_seconds(created, utc("2023-05-11 17:00")) == HIGH_SECONDS
    assert elapsed_business_seconds(created, utc("2023-05-01 12:00")) == 0  # before creation


# --- breaches -------------------------------------------------------------------------------------

@pytest.mark.promise("S7", "S8")
@pytest.mark.parametrize(("first_response", "now", "expected"), [
    ("2023-05-11 17:00", "2023-06-01 12:00", False),     # answered exactly at the deadline
    ("2023-05-11 17:00:01", "2023-06-01 12:00", True),   # one second late stays late
    ("2023-05-05 18:31", "2023-06-01 12:00", False),     # an automatic acknowledgement at once
    (None, "2023-05-11 17:00", False),                   # unanswered, deadline not yet passed
    (None, "2023-05-11 17:00:01", True),
    (None, "2023-05-10 12:00", False),
])
def test_breached(first_response: str | None, now: str, expected: bool) -> None:
    responded = None if first_response is None else utc(first_response)
    assert breached(utc("2023-05-05 18:30"), Priority.HIGH, responded, utc(now)) is expected


@pytest.mark.promise("S9")
def test_a_pause_can_save_a_ticket_from_breach() -> None:
    pauses = [(utc("2023-06-09 15:00"), utc("2023-06-12 11:00"))]
    assert breached(PAUSE_CREATED, Priority.HIGH, utc("2023-06-12 12:00"), utc("2023-06-12 12:00"))
    assert not breached(PAUSE_CREATED, Priority.HIGH, utc("2023-06-12 12:00"), utc("2023-06-12 12:00"), pauses)


# --- naive datetimes ------------------------------------------------------------------------------

NAIVE = datetime(2023, 5, 5, 18, 30)
AWARE = utc("2023-05-05 18:30")


@pytest.mark.parametrize("call", [
    lambda: clock_start(NAIVE),
    lambda: business_seconds_between(NAIVE, AWARE),
    lambda: business_seconds_between(AWARE, NAIVE),
    lambda: add_business_seconds(NAIVE, 10),
    lambda: first_response_deadline(NAIVE, Priority.HIGH),
    lambda: first_response_deadline(AWARE, Priority.HIGH, [(NAIVE, AWARE)]),
    lambda: first_response_deadline(AWARE, Priority.HIGH, [(AWARE, NAIVE)]),
    lambda: elapsed_business_seconds(AWARE, NAIVE),
    lambda: breached(AWARE, Priority.HIGH, NAIVE, AWARE),
    lambda: breached(AWARE, Priority.HIGH, None, NAIVE),
])
def test_naive_datetimes_are_refused(call: Callable[[], Any]) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        call()


# --- whether the clock starts (S9) ----------------------------------------------------------------

ABUSE = ["ass", "idiot"]
PRODUCT = CATEGORY_IDS  # the categories the product files tickets under (the only list)


@pytest.mark.promise("S9")
def test_a_correct_ticket_has_no_blockers() -> None:
    message = "My top-up of $20 has not arrived; screenshot attached."
    assert clock_blockers("balance_top_up", True, False, message, ABUSE, categories=PRODUCT) == []
    assert clock_blockers(" Orders ", True, False, "Order 123 is stuck.", ABUSE, categories=PRODUCT) == []


@pytest.mark.promise("S9")
@pytest.mark.parametrize(("kwargs", "fragment"), [
    ({"category": "lottery"}, "category"),
    ({"category": ""}, "category"),
    ({"needed_info_present": False}, "information"),
    ({"is_duplicate": True}, "duplicate"),
    ({"message": "you are an IDIOT"}, "abusive"),
    ({"message": "Ass."}, "abusive"),
    ({"message": "what an ass!"}, "abusive"),
])
def test_each_blocker_has_a_reason(kwargs: dict[str, Any], fragment: str) -> None:
    ticket: dict[str, Any] = {"category": "orders", "needed_info_present": True, "is_duplicate": False,
                              "message": "Order 1 is stuck", "abusive_words": ABUSE, "categories": PRODUCT,
                              **kwargs}
    reasons = clock_blockers(**ticket)
    assert len(reasons) == 1
    assert fragment in reasons[0]


@pytest.mark.promise("S9")
@pytest.mark.parametrize("message", [
    "I passed the class assessment", "Massive delay, please assist", "classic idiotic-sounding? no: idiots",
    "bass guitar followers", "",
])
def test_abusive_words_match_whole_words_only(message: str) -> None:
    assert clock_blockers("orders", True, False, message, ABUSE, categories=PRODUCT) == []


@pytest.mark.promise("S9")
def test_all_blockers_are_reported_together_and_categories_can_be_supplied() -> None:
    reasons = clock_blockers("misc", False, True, "idiot", ABUSE, categories=PRODUCT)
    assert len(reasons) == 4
    assert clock_blockers("misc", True, False, "hello", ABUSE, categories={"Misc"}) == []
    assert clock_blockers("orders", True, False, "f*ck this", ["f*ck", "  "], categories=PRODUCT) != []


def test_the_clock_keeps_no_category_list_of_its_own() -> None:
    """The caller hands the clock the tickets model's categories: a second list went stale once
    (it named "payments" and "account" and lacked balance top-ups, refills and cancellations)."""
    assert not hasattr(sla_clock, "TICKET_CATEGORIES")
    with pytest.raises(TypeError):
        clock_blockers("orders", True, False, "Order 1 is stuck", ABUSE)  # no default list to fall back on
    for category in PRODUCT:
        assert clock_blockers(category, True, False, "Order 1 is stuck", ABUSE, categories=PRODUCT) == []


# --- properties -----------------------------------------------------------------------------------

ZONES = st.sampled_from([UTC, LONDON, timezone(timedelta(hours=-5)), timezone(timedelta(hours=5, minutes=30))])
moments = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 12, 31), timezones=ZONES)
priorities = st.sampled_from(list(Priority))
PROPERTY_SETTINGS = settings(max_examples=150, deadline=None)


@pytest.mark.promise("S6", "S8")
@PROPERTY_SETTINGS
@given(moments, priorities)
def test_the_deadline_is_exactly_the_target_of_business_time_after_the_start(created: datetime, p: Priority) -> None:
    deadline = first_response_deadline(created, p)
    assert deadline is not None
    assert deadline.tzinfo is UTC
    target = TARGET_BUSINESS_HOURS[p] * HOUR
    assert business_seconds_between(clock_start(created), deadline) == target
    assert elapsed_business_seconds(created, deadline) == target
    assert in_business_hours(deadline)
    # and it is the first such instant: a second earlier the target was not yet used up
    assert elapsed_business_seconds(created, deadline - timedelta(seconds=1)) == target - 1


@pytest.mark.promise("S9")
@PROPERTY_SETTINGS
@given(moments)
def test_the_clock_starts_at_creation_or_the_next_opening(created: datetime) -> None:
    start = clock_start(created)
    assert start >= created
    assert start.tzinfo is UTC
    assert is_business_day(start.date())
    assert time(10) <= start.time() < time(17)
    assert business_seconds_between(created, start) == 0


@pytest.mark.promise("S9")
@PROPERTY_SETTINGS
@given(moments, priorities, st.floats(0, 1))
def test_the_deadline_is_the_same_anywhere_in_one_out_of_hours_stretch(
    created: datetime, p: Priority, fraction: float
) -> None:
    start = clock_start(created)
    instant = created.astimezone(UTC)  # absolute arithmetic, not wall-clock time across a DST change
    later = instant + (start - instant) * fraction
    assert clock_start(later) == start
    assert first_response_deadline(later, p) == first_response_deadline(created, p)


@pytest.mark.promise("S6")
@PROPERTY_SETTINGS
@given(moments, st.integers(0, 200 * HOUR), st.integers(0, 200 * HOUR))
def test_adding_business_time_is_monotonic_and_inverse_to_measuring_it(start: datetime, a: int, b: int) -> None:
    small, large = sorted((a, b))
    assert add_business_seconds(start, small) <= add_business_seconds(start, large)
    for origin in (start, clock_start(start)):
        end = add_business_seconds(origin, large)
        assert business_seconds_between(origin, end) == large
        if large:
            assert in_business_hours(end)


@pytest.mark.promise("S6")
@PROPERTY_SETTINGS
@given(moments, moments, moments)
def test_business_time_adds_up_over_consecutive_intervals(a: datetime, b: datetime, c: datetime) -> None:
    a, b, c = sorted((a, b, c))
    assume((c - a) < timedelta(days=3000))
    whole = business_seconds_between(a, c)
    parts = business_seconds_between(a, b) + business_seconds_between(b, c)
    assert parts in (whole, whole - 1)  # each part is floored to whole seconds separately


pause_offsets = st.lists(
    st.tuples(st.integers(-3 * 24 * HOUR, 30 * 24 * HOUR), st.one_of(st.none(), st.integers(0, 5 * 24 * HOUR))),
    max_size=4,
)


@pytest.mark.promise("S9")
@PROPERTY_SETTINGS
@given(moments, priorities, pause_offsets)
def test_pauses_never_bring_the_deadline_forward(
    created: datetime, p: Priority, offsets: list[tuple[int, int | None]]
) -> None:
    # Offsets are elapsed seconds: add them in UTC, since arithmetic in a local zone is wall-clock
    # arithmetic and steps backwards across a DST change.
    base = created.astimezone(UTC)
    pauses = [
        (base + timedelta(seconds=begin), None if length is None else base + timedelta(seconds=begin + length))
        for begin, length in offsets
    ]
    without = first_response_deadline(created, p)
    with_pauses = first_response_deadline(created, p, pauses)
    assert without is not None
    if with_pauses is None:
        assert any(resumed is None for _, resumed in pauses)
        assert not breached(created, p, None, datetime(2040, 1, 1, tzinfo=UTC), pauses)
        return
    target = TARGET_BUSINESS_HOURS[p] * HOUR
    assert with_pauses >= without
    assert in_business_hours(with_pauses)
    assert elapsed_business_seconds(created, with_pauses, pauses) == target
    assert elapsed_business_seconds(created, with_pauses - timedelta(hours=1), pauses) <= target
    assert not breached(created, p, with_pauses, with_pauses + timedelta(days=400), pauses)
