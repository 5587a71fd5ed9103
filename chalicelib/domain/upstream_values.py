"""What we accept from an upstream provider's answer, as pure rules.

Providers are untrusted: any of them may answer `NaN`, `Infinity`, `1e30`, a negative
number, a word where a number belongs, or a list where an object belongs. Every number we
take from a provider passes through one of the parsers below, which either return a value
that is finite, of the right type and inside sane bounds, or raise `UpstreamValueError`
naming the field. The caller skips the one service, order or answer that carried it and
goes on with the rest; nothing non-finite or absurd is ever stored.

The rules:

* A number is an `int` (not a `bool`: `True` is an int in Python), a `Decimal` (our JSON
  reader turns JSON fractions into Decimal), a finite `float`, or text written plainly
  (`"12"`, `"-0.5"`, `"1.2e3"`, at most `MAX_NUMBER_TEXT` characters; no `_`, no `NaN`).
* Rates (USD per 1000 or per package) are > 0 and <= `MAX_RATE`, rounded up to 5 places: we
  never under-estimate what the provider will charge us.
* Quantities (`min`, `max`, `remains`) are whole numbers in 0..`MAX_QUANTITY`; a service's
  `min` is at least 1 and at most its `max`.
* `start_count` is a whole number in 0..`MAX_START_COUNT`.
* `charge` (what an order cost upstream) is in 0..`MAX_CHARGE`.
* A balance is in 0..`MAX_BALANCE`, and its currency three letters.
* Ids (a service's, an order's, a refill's) are positive whole numbers or short
  `[A-Za-z0-9_-]` text starting with a letter or digit.
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_DOWN, ROUND_UP, Decimal, InvalidOperation

MAX_RATE = Decimal("100000")
MAX_QUANTITY = 1_000_000_000
MAX_START_COUNT = 10**12
MAX_CHARGE = Decimal("10000000")
MAX_BALANCE = Decimal("1000000000")
MAX_NUMBER_TEXT = 40
MAX_ID_LENGTH = 64
PLACES = Decimal("0.00001")

_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d{1,3})?")
_TEXT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
_CURRENCY = re.compile(r"[A-Z]{3}")


class UpstreamValueError(ValueError):
    """A provider sent a value we refuse. `shown` is a short, safe rendering of it for logs."""

    def __init__(self, field: str, reason: str, raw: object) -> None:
        self.field = field
        self.reason = reason
        self.shown = _show(raw)
        super().__init__(f"{field} {reason} (got {self.shown})")


def _show(raw: object) -> str:
    text = repr(raw) if not isinstance(raw, str) else repr(raw[:30])
    return text if len(text) <= 40 else text[:37] + "..."


def parse_number(raw: object, field: str) -> Decimal:
    """A finite Decimal from what a provider sent as a number; anything else is refused."""
    if isinstance(raw, bool) or raw is None:
        raise UpstreamValueError(field, "is not a number", raw)
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float):
        if not math.isfinite(raw):
            raise UpstreamValueError(field, "is not a finite number", raw)
        return Decimal(repr(raw))
    if isinstance(raw, Decimal):
        if not raw.is_finite():
            raise UpstreamValueError(field, "is not a finite number", raw)
        return raw
    if isinstance(raw, str):
        text = raw.strip()
        if len(text) > MAX_NUMBER_TEXT or not _PLAIN_NUMBER.fullmatch(text):
            raise UpstreamValueError(field, "is not a number", raw)
        try:
            return Decimal(text)
        except InvalidOperation as exc:  # pragma: no cover - the pattern admits only valid numbers
            raise UpstreamValueError(field, "is not a number", raw) from exc
    raise UpstreamValueError(field, "is not a number", raw)


def _bounded(value: Decimal, field: str, lo: Decimal, hi: Decimal, raw: object) -> Decimal:
    if value < lo or value > hi:
        raise UpstreamValueError(field, f"is outside {lo}..{hi}", raw)
    return value


def parse_whole(raw: object, field: str, *, lo: int = 0, hi: int = MAX_QUANTITY) -> int:
    """A whole number in lo..hi ("150", 150 and 150.0 are all 150; 150.5 is refused)."""
    value = _bounded(parse_number(raw, field), field, Decimal(lo), Decimal(hi), raw)
    if value != value.to_integral_value():
        raise UpstreamValueError(field, "is not a whole number", raw)
    return int(value)


def parse_optional_whole(raw: object, field: str, *, hi: int = MAX_QUANTITY) -> int | None:
    """Like `parse_whole` from 0, but absent (None or blank text) is None."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    return parse_whole(raw, field, hi=hi)


def parse_rate(raw: object, field: str = "rate") -> Decimal:
    """A provider's price per 1000 (or per package): > 0, at most MAX_RATE, rounded up to 5 places."""
    value = _bounded(parse_number(raw, field), field, Decimal(0), MAX_RATE, raw)
    if value == 0:
        raise UpstreamValueError(field, "must be more than 0", raw)
    return value.quantize(PLACES, rounding=ROUND_UP)


def parse_limits(raw_min: object, raw_max: object) -> tuple[int, int]:
    """A service's order limits: 1 <= min <= max <= MAX_QUANTITY."""
    low = parse_whole(raw_min, "min", lo=1)
    high = parse_whole(raw_max, "max", lo=1)
    if low > high:
        raise UpstreamValueError("min", f"is more than max {high}", raw_min)
    return low, high


def parse_remains(raw: object, quantity: int | None = None) -> int | None:
    """What an order still lacks: None if absent, else 0..quantity (or MAX_QUANTITY)."""
    return parse_optional_whole(raw, "remains", hi=MAX_QUANTITY if quantity is None else quantity)


def parse_start_count(raw: object) -> int | None:
    return parse_optional_whole(raw, "start_count", hi=MAX_START_COUNT)


def parse_charge(raw: object) -> Decimal | None:
    """What an order cost upstream: None if absent, else 0..MAX_CHARGE (5 places, rounded up)."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    value = _bounded(parse_number(raw, "charge"), "charge", Decimal(0), MAX_CHARGE, raw)
    return value.quantize(PLACES, rounding=ROUND_UP)


def parse_balance(raw: object) -> Decimal:
    """Our balance at the provider: 0..MAX_BALANCE; beyond 5 places rounded down (never overstated)."""
    value = _bounded(parse_number(raw, "balance"), "balance", Decimal(0), MAX_BALANCE, raw)
    exponent = value.as_tuple().exponent
    return value.quantize(PLACES, rounding=ROUND_DOWN) if isinstance(exponent, int) and exponent < -5 else value


def parse_currency(raw: object) -> str:
    """Three letters; absent means USD (the standard's default)."""
    if raw is None:
        return "USD"
    text = raw.strip().upper() if isinstance(raw, str) else ""
    if not _CURRENCY.fullmatch(text):
        raise UpstreamValueError("currency", "is not a three-letter currency code", raw)
    return text


def parse_id(raw: object, field: str) -> str:
    """An upstream id as text: a positive whole number, or short [A-Za-z0-9_-] text."""
    if isinstance(raw, str):
        text = raw.strip()
        if len(text) > MAX_ID_LENGTH or not _TEXT_ID.fullmatch(text):
            raise UpstreamValueError(field, "is not an id", raw)
        return text
    if isinstance(raw, bool) or not isinstance(raw, int | float | Decimal):
        raise UpstreamValueError(field, "is not an id", raw)
    return str(parse_whole(raw, field, lo=1, hi=10**18))
