"""The support SLA's first-response clock (SLA sections 2 and 3.2; promises S6-S9), as pure maths.

Why each rule is the way it is:

* Business hours are Monday to Friday 10:00-17:00 **GMT**, and the SLA names GMT, not UK civil
  time, so they are 10:00-17:00 UTC all year: there is no shift during British Summer Time.
* Days off are the England and Wales bank holidays from the pinned `holidays` package (via
  `business_days.is_business_day`), so every part of the panel agrees on one calendar; a unit
  test pins the published lists so a package upgrade that changes them cannot slip in unseen.
* A target of N "business days" is N x 7 business hours of elapsed business time, not "N calendar
  business days later": a ticket opened at 16:00 has used one business hour of its target by
  17:00, and a ticket answered within 21 business hours of a fair clock met a 3-day target.
* The deadline is the first instant at which the target is used up. That instant is always inside
  business hours, so a deadline that lands on 17:00 stays 17:00 of that day (it is not moved to
  10:00 of the next business day, which would grant a night for free).
* The clock starts at creation inside business hours, and at the next opening (10:00 GMT on the
  next business day) outside them (S9).
* Pauses (staff waiting for information from the customer) do not count; while a pause is still
  open the clock is frozen and no deadline exists yet.
* All arithmetic walks day by day over at most `MAX_SCAN_DAYS` days, never second by second, so it
  is cheap and always terminates.

Every function takes timezone-aware datetimes only (a naive one raises `ValueError`: guessing its
zone would silently move deadlines) and returns UTC-aware datetimes.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from types import MappingProxyType
from typing import NamedTuple

from chalicelib.domain.business_days import is_business_day

OPENING = time(10, 0)
CLOSING = time(17, 0)
BUSINESS_DAY = timedelta(hours=7)
"""One business day of a target: the length of one day's business hours, 10:00-17:00."""
BUSINESS_DAY_SECONDS = int(BUSINESS_DAY.total_seconds())

MAX_SCAN_DAYS = 3660
"""About ten years: no ticket legitimately needs more, and the bound keeps every loop finite."""

_SECOND = timedelta(seconds=1)


class Priority(StrEnum):
    """Ticket priority; high is only for balance top-up problems (S8, S10)."""

    HIGH = "high"
    STANDARD = "standard"


TARGET_BUSINESS_DAYS: Mapping[Priority, int] = MappingProxyType({Priority.HIGH: 3, Priority.STANDARD: 7})
"""First-response targets in business days (SLA 3.2)."""
TARGET_BUSINESS_HOURS: Mapping[Priority, int] = MappingProxyType(
    {p: days * BUSINESS_DAY_SECONDS // 3600 for p, days in TARGET_BUSINESS_DAYS.items()}
)
"""The same targets in business hours: high 21, standard 49."""


class Pause(NamedTuple):
    """A stretch during which staff wait for information from the customer (`resumed_at` None: still waiting).

    Plain `(paused_at, resumed_at)` tuples are accepted wherever pauses are.
    """

    paused_at: datetime
    resumed_at: datetime | None


PauseLike = tuple[datetime, datetime | None]


# --- validation and the daily window ------------------------------------------------------------


def _utc(moment: datetime, name: str = "datetime") -> datetime:
    """The same instant in UTC; a naive datetime is refused, since its zone would only be a guess."""
    if not isinstance(moment, datetime):
        raise TypeError(f"{name} must be a datetime, not {type(moment).__name__}")
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware (got naive {moment.isoformat()})")
    return moment.astimezone(UTC)


def _window(day: date) -> tuple[datetime, datetime] | None:
    """The business hours of `day` in UTC (GMT is UTC+0 all year), or None on a weekend or holiday."""
    if not is_business_day(day):
        return None
    return datetime.combine(day, OPENING, UTC), datetime.combine(day, CLOSING, UTC)


def _too_far(what: str) -> ValueError:
    return ValueError(f"{what} spans more than {MAX_SCAN_DAYS} days")


def _business_time(start: datetime, end: datetime) -> timedelta:
    """Business time between two UTC instants, exact to the microsecond (zero if end <= start)."""
    if end <= start:
        return timedelta(0)
    if (end.date() - start.date()).days > MAX_SCAN_DAYS:
        raise _too_far("the interval")
    total = timedelta(0)
    day = start.date()
    while day <= end.date():
        window = _window(day)
        if window is not None:
            lo, hi = max(window[0], start), min(window[1], end)
            if hi > lo:
                total += hi - lo
        day += timedelta(days=1)
    return total


def _add_business_time(start: datetime, amount: timedelta) -> datetime:
    """The first instant at which `amount` of business time has elapsed after the UTC instant `start`.

    Being the *first* such instant, a positive result always lies in (opening, closing] of a
    business day: an amount that ends exactly at closing gives 17:00 of that day.
    """
    if amount < timedelta(0):
        raise ValueError("business time to add must not be negative")
    if not amount:
        return start
    remaining = amount
    day = start.date()
    for _ in range(MAX_SCAN_DAYS + 1):
        window = _window(day)
        if window is not None:
            lo, hi = max(window[0], start), window[1]
            if hi > lo:
                if remaining <= hi - lo:
                    return lo + remaining
                remaining -= hi - lo
        day += timedelta(days=1)
    raise _too_far("adding business time")


def _normalise_pauses(pauses: Iterable[PauseLike]) -> list[tuple[datetime, datetime | None]]:
    """Pauses in UTC, sorted and merged so none overlap; an open pause swallows everything after it."""
    parsed: list[tuple[datetime, datetime | None]] = []
    for paused_at, resumed_at in pauses:
        begin = _utc(paused_at, "paused_at")
        finish = None if resumed_at is None else _utc(resumed_at, "resumed_at")
        if finish is not None and finish < begin:
            raise ValueError(f"pause resumed ({finish.isoformat()}) before it began ({begin.isoformat()})")
        parsed.append((begin, finish))
    parsed.sort(key=lambda pause: pause[0])
    merged: list[tuple[datetime, datetime | None]] = []
    for begin, finish in parsed:
        if merged and (merged[-1][1] is None or begin <= merged[-1][1]):
            last_begin, last_finish = merged[-1]
            merged[-1] = (last_begin, None if finish is None or last_finish is None else max(last_finish, finish))
        else:
            merged.append((begin, finish))
        if merged[-1][1] is None:
            break  # the clock is frozen from here on; later pauses change nothing
    return merged


def _whole_seconds(amount: timedelta) -> int:
    return amount // _SECOND


# --- public API -----------------------------------------------------------------------------------


def clock_start(created: datetime) -> datetime:
    """When the first-response clock of a ticket created at `created` starts (S9).

    Inside business hours (10:00 inclusive to 17:00 exclusive, on a business day): at creation.
    Otherwise at the next opening: 10:00 GMT the same day if created before 10:00 on a business
    day, else 10:00 GMT on the next business day. A ticket created at exactly 17:00 starts at the
    next opening; either way no business time passes between the two, so its deadline is the same.
    """
    moment = _utc(created, "created")
    day = moment.date()
    for _ in range(MAX_SCAN_DAYS + 1):
        window = _window(day)
        if window is not None and moment < window[1]:
            return max(moment, window[0])
        day += timedelta(days=1)
    raise _too_far("finding the next business day")  # pragma: no cover - holidays never last ten years


def business_seconds_between(start: datetime, end: datetime) -> int:
    """Whole seconds of business hours between `start` and `end` (0 if `end` <= `start`).

    Counts only time inside 10:00-17:00 UTC on England and Wales business days; sub-second
    remainders are dropped (floor), since the SLA is never that precise.
    """
    return _whole_seconds(_business_time(_utc(start, "start"), _utc(end, "end")))


def add_business_seconds(start: datetime, seconds: int) -> datetime:
    """The first instant at which `seconds` of business time have elapsed after `start` (UTC).

    With `seconds` > 0 the result is inside business hours (after 10:00, at most 17:00). With 0 it
    is `start` itself. Negative `seconds` raise `ValueError`. Works a day at a time, so adding a
    standard target (49 business hours) costs a few dozen steps, not 176,400.
    """
    if seconds < 0:
        raise ValueError("seconds must not be negative")
    return _add_business_time(_utc(start, "start"), timedelta(seconds=seconds))


def first_response_deadline(
    created: datetime, priority: Priority | str, pauses: Iterable[PauseLike] = ()
) -> datetime | None:
    """When the first response is due: the target's business time, not counting pauses, after `clock_start`.

    Returns None while a pause that began before the deadline is still open: the clock is frozen
    and the due time depends on when the customer answers. (An open pause that begins only after
    the deadline was reached cannot save it, so the deadline is returned then.)
    """
    target = timedelta(hours=TARGET_BUSINESS_HOURS[Priority(priority)])
    cursor = clock_start(created)
    remaining = target
    for paused_at, resumed_at in _normalise_pauses(pauses):
        if resumed_at is not None and resumed_at <= cursor:
            continue  # the pause ended before the clock started
        if paused_at > cursor:
            available = _business_time(cursor, paused_at)
            if remaining <= available:
                return _add_business_time(cursor, remaining)
            remaining -= available
        if resumed_at is None:
            return None
        cursor = max(cursor, resumed_at)
    return _add_business_time(cursor, remaining)


def elapsed_business_seconds(created: datetime, until: datetime, pauses: Iterable[PauseLike] = ()) -> int:
    """Whole seconds of the target used up by `until`: business time since `clock_start`, minus pauses.

    Works with an open pause too: the clock simply stops at its start.
    """
    start = clock_start(created)
    end = _utc(until, "until")
    if end <= start:
        return 0
    total = _business_time(start, end)
    for paused_at, resumed_at in _normalise_pauses(pauses):
        total -= _business_time(max(paused_at, start), end if resumed_at is None else min(resumed_at, end))
    return _whole_seconds(total)


def breached(
    created: datetime,
    priority: Priority | str,
    first_response_at: datetime | None,
    now: datetime,
    pauses: Iterable[PauseLike] = (),
) -> bool:
    """Whether the first-response target was missed (one of the breaches counted by S11).

    Missed when the first response came strictly after the deadline, or when there is no response
    yet and `now` is strictly past the deadline. A frozen clock (open pause, no deadline) is not a
    breach. `now` is ignored once there is a response: a late response stays late.
    """
    deadline = first_response_deadline(created, priority, pauses)
    moment = _utc(now, "now") if first_response_at is None else _utc(first_response_at, "first_response_at")
    return deadline is not None and moment > deadline


# --- whether the clock starts at all (S9) --------------------------------------------------------

def _mentions(message: str, word: str) -> bool:
    """Whether `word` occurs in `message` as a whole word, ignoring case ("class" does not contain "ass").

    Look-arounds rather than `\\b` so that words starting or ending in a symbol still match whole.
    """
    return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", message, re.IGNORECASE) is not None


def clock_blockers(
    category: str,
    needed_info_present: bool,
    is_duplicate: bool,
    message: str,
    abusive_words: Iterable[str],
    *,
    categories: Collection[str],
) -> list[str]:
    """Why the first-response clock of a ticket does not start; an empty list means it starts (S9).

    The SLA only times correctly submitted tickets: filed in the right category, with the needed
    information (logs, screenshots, steps), not a duplicate, and without abusive language. The
    reasons are plain sentences so staff can show them to the customer as they are. `categories`
    are the valid support categories (matched ignoring case and spaces); the clock keeps no list of
    its own: the tickets model owns the only one (`domain.tickets.model.CATEGORY_IDS`).
    """
    reasons: list[str] = []
    valid = {c.strip().casefold() for c in categories}
    if category.strip().casefold() not in valid:
        reasons.append(f"the ticket is not in a support category ({', '.join(sorted(valid))})")
    if not needed_info_present:
        reasons.append("the ticket lacks the information needed (logs, screenshots, step-by-step description)")
    if is_duplicate:
        reasons.append("the ticket duplicates another open ticket")
    if any(_mentions(message, word.strip()) for word in abusive_words if word.strip()):
        reasons.append("the message contains abusive language")
    return reasons
