"""Preservation holds (promise L7, Section 8 of the law-enforcement guidelines), as pure rules.

A hold belongs to one accepted preservation request and names one account. It lasts
`business_days` England and Wales business days from the day it was placed (90 by Section 8): its
last day is `add_business_days(placed_on, business_days)`, and it is released the day after. A
later request may extend it: the extension is recorded and the new last day counts from the
extension's day (never earlier than the last day it had). A user may have several holds; any of
them keeps the user's data from being purged or erased.

Pure: no clock, no I/O; the caller passes `today`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from chalicelib.domain.business_days import add_business_days
from chalicelib.domain.errors import InvalidInput

REQUEST_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")
MAX_BUSINESS_DAYS = 260   # a year of business days: anything longer is a typo, not a request


class Status(StrEnum):
    ACTIVE = "active"
    RELEASING = "releasing"   # the release job claimed it; its copy is being deleted


@dataclass(frozen=True)
class Extension:
    request_id: str
    staff_id: str
    at: datetime
    business_days: int
    expires_on: date          # the hold's last day after this extension


@dataclass(frozen=True)
class Hold:
    request_id: str
    user_id: str
    categories: tuple[str, ...]
    period: tuple[date, date]
    placed_by: str
    placed_at: datetime
    business_days: int
    expires_on: date          # the last day the hold stands
    copy_key: str             # the frozen copy's object key (legal/holds/...)
    copy_sha256: str
    counts: dict[str, int]
    status: Status = Status.ACTIVE
    extensions: tuple[Extension, ...] = ()
    version: int = 1


def check_request_id(request_id: str) -> str:
    if not isinstance(request_id, str) or not REQUEST_ID.match(request_id):
        raise InvalidInput("A legal request id is 1 to 40 letters, digits, '-', '_' or '.'.",
                           fields={"request_id": "invalid"})
    return request_id


def check_business_days(business_days: int) -> int:
    if isinstance(business_days, bool) or not isinstance(business_days, int) \
            or not 1 <= business_days <= MAX_BUSINESS_DAYS:
        raise InvalidInput(f"A hold lasts 1 to {MAX_BUSINESS_DAYS} business days.",
                           fields={"business_days": "invalid"})
    return business_days


def expiry(from_day: date, business_days: int) -> date:
    """The last day of a hold placed (or extended) on `from_day`."""
    return add_business_days(from_day, check_business_days(business_days))


def extended_expiry(hold: Hold, on: date, business_days: int) -> date:
    """The last day after an extension on `on`: counted from that day, never shortening the hold."""
    return max(hold.expires_on, expiry(on, business_days))


def is_expired(hold: Hold, today: date) -> bool:
    """True from the day after the hold's last day."""
    return today > hold.expires_on
