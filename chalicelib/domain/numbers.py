"""Whole numbers and dates typed by people and programs: one strict reading for all of them.

`str.isdigit()` accepts "²" and "٣", which `int()` then refuses or reads as another
number; ids, counts and dates here are ASCII digits only, bounded in length, so hostile
text is a clear refusal, never a crash.
"""

from __future__ import annotations

from datetime import date

MAX_ID_DIGITS = 12


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
