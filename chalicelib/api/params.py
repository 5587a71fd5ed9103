"""What a URL carries, read one way for every route: path ids, months and query filters.

Each reader takes the text as it arrived (`None` when the parameter is absent; `Ctx.query`
already strips it and turns an empty value into `None`) and returns a typed value, or refuses
with a DomainError the API maps to a clear 4xx. What a whole number, a date or a month is, is
a pure rule of `domain/numbers.py`; this module only decides how a wrong one is answered:

- a path id that is not an id names nothing, so it is `404 No such <thing>.`, exactly like an
  id that names nothing we have (no one learns which ids exist from the answer);
- a malformed query value is `400` with the parameter in `fields`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TypeVar

from chalicelib.domain.errors import InvalidInput, NotFound
from chalicelib.domain.money import parse_amount
from chalicelib.domain.numbers import MAX_ID_DIGITS, checked_month, iso_date, whole_number

MAX_PAGE = 100

T = TypeVar("T")


def path_id(text: str, what: str, *, prefix: str = "") -> int:
    """The numeric id in a path segment (`prefix`, e.g. "#" of ticket numbers, allowed);
    anything else is `404 No such <what>.`"""
    value = text.strip()
    number = whole_number(value.removeprefix(prefix) if prefix else value)
    if number is None:
        raise NotFound(f"No such {what}.")
    return number


def month(text: str | None) -> str:
    """A calendar month `YYYY-MM`, required."""
    return checked_month(text)


def flag(text: str | None, name: str) -> bool | None:
    """`true` or `false` (any case); None when absent."""
    if text is None:
        return None
    if text.lower() not in ("true", "false"):
        raise InvalidInput(f"'{name}' must be true or false.", fields={name: "invalid"})
    return text.lower() == "true"


def number(text: str | None, message: str, *, max_digits: int = MAX_ID_DIGITS) -> int | None:
    """A whole number filter (an id, a count); None when absent. `message` says what it should be."""
    if text is None:
        return None
    value = whole_number(text, max_digits)
    if value is None:
        raise InvalidInput(message)
    return value


def choice(text: str | None, options: Mapping[str, T], message: str) -> T | None:
    """One of `options` by its label (any case); None when absent."""
    if text is None:
        return None
    value = options.get(text.lower())
    if value is None:
        raise InvalidInput(message)
    return value


def day(text: str | None, name: str) -> date | None:
    """A calendar date `YYYY-MM-DD`; None when absent."""
    if text is None:
        return None
    value = iso_date(text)
    if value is None:
        raise InvalidInput(f"'{name}' must be a date like 2026-11-30.", fields={name: "invalid"})
    return value


def date_range(start: str | None, end: str | None) -> tuple[date | None, date | None]:
    """`?from=&to=`: two optional dates, the first not after the second."""
    first, last = day(start, "from"), day(end, "to")
    if first and last and first > last:
        raise InvalidInput("'from' must not be after 'to'.", fields={"from": "after_to"})
    return first, last


def page_size(text: str | None, default: int, maximum: int = MAX_PAGE) -> int:
    """`?limit=` of a paged list: 1 to `maximum`, `default` when absent."""
    if text is None:
        return default
    value = whole_number(text)
    if value is None or not 1 <= value <= maximum:
        raise InvalidInput(f"limit must be a whole number from 1 to {maximum}.", fields={"limit": "invalid"})
    return value


def amount(value: object, field: str = "amount") -> str | int:
    """An amount as a body sends it: text ("12.50") or a whole number. Anything else (a float,
    true, null, a list) is refused in the words of `domain/money.parse_amount`; the value itself
    (places, limits) is the use case's rule."""
    if isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    parse_amount(value, field=field)
    raise InvalidInput(f"'{field}' must be a number written as text, like \"12.50\".", fields={field: "invalid"})
