"""Whole numbers and dates typed by people and programs: one strict reading for all of them.

`str.isdigit()` accepts "²" and "٣", which `int()` then refuses or reads as another
number; ids, counts and dates here are ASCII digits only, bounded in length, so hostile
text is a clear refusal, never a crash.
"""

from __future__ import annotations

from datetime import date

from chalicelib.domain.errors import InvalidInput

MAX_ID_DIGITS = 12
MONTH_MESSAGE = "'month' must look like 2026-11."


def whole_number(text: object, max_digits: int = MAX_ID_DIGITS) -> int | None:
    """The number in `text` (surrounding spaces allowed), or None if it is not 1 to
    `max_digits` ASCII digits."""
    if isinstance(text, bool) or not isinstance(text, str | int):
        return None
    value = str(text).strip()
    if not (value.isascii() and value.isdigit() and len(value) <= max_digits):
        return None
    return int(value)


def iso_date(text: str) -> date | None:
    """A calendar date written YYYY-MM-DD, or None."""
    value = text.strip()
    if len(value) != 10 or not value.isascii():
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def year_month(text: object) -> str | None:
    """A calendar month written YYYY-MM (surrounding spaces allowed), or None."""
    if not isinstance(text, str):
        return None
    value = text.strip()
    year, dash, month = value[:4], value[4:5], value[5:]
    if not (value.isascii() and dash == "-" and len(year) == 4 and len(month) == 2
            and year.isdigit() and month.isdigit() and 1 <= int(month) <= 12):
        return None
    return value


def checked_month(text: object) -> str:
    """`year_month`, or a refusal that says how to write a month."""
    value = year_month(text)
    if value is None:
        raise InvalidInput(MONTH_MESSAGE, fields={"month": "invalid"})
    return value
