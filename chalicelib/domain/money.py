"""Money: Decimal USD with 5 decimal places, never float."""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation

from chalicelib.domain.errors import InvalidInput

PLACES = Decimal("0.00001")
ZERO = Decimal("0.00000")


def quantize(value: Decimal, *, down: bool = False) -> Decimal:
    """5 places; `down` never rounds in the customer's favour beyond what was paid (refunds)."""
    return value.quantize(PLACES, rounding=ROUND_DOWN if down else ROUND_HALF_UP)


def parse_amount(raw: object, *, field: str = "amount", max_places: int = 5,
                 allow_zero: bool = False) -> Decimal:
    """A positive amount from text or a number; floats are refused as ambiguous."""
    if isinstance(raw, (bool, float)) or raw is None:
        raise InvalidInput(f"'{field}' must be a number written as text, like \"12.50\".", fields={field: "invalid"})
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation as exc:
        raise InvalidInput(f"'{field}' must be a number, like \"12.50\".", fields={field: "invalid"}) from exc
    if not value.is_finite():
        raise InvalidInput(f"'{field}' must be a number, like \"12.50\".", fields={field: "invalid"})
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > max_places:
        raise InvalidInput(f"'{field}' has more than {max_places} decimal places.", fields={field: "precision"})
    if value < 0 or (value == 0 and not allow_zero):
        raise InvalidInput(f"'{field}' must be more than zero.", fields={field: "not_positive"})
    if value >= Decimal("1000000"):
        raise InvalidInput(f"'{field}' is too large.", fields={field: "too_large"})
    return quantize(value)


CENTS = Decimal("0.01")


def for_people(value: Decimal) -> str:
    """An amount as people read it in a mail: two decimals, e.g. "12.50" (half up, like a
    receipt; the 5-place value stays the ledger's truth)."""
    return str(value.quantize(CENTS, rounding=ROUND_HALF_UP))


def show(value: Decimal) -> str:
    """The canonical text form used in APIs: 5 places, e.g. "12.50000"."""
    return str(quantize(value))
