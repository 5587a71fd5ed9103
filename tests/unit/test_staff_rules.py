"""Rules staff tools share (admin console and operator CLI): the markup cap, the manual
adjustment's sign and entry id."""

from __future__ import annotations

from decimal import Decimal

import pytest

from chalicelib.domain.catalog import MAX_MARKUP_PERCENT, parse_markup
from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.ledger import Direction, adjustment_entry_id, parse_signed_adjustment, signed_adjustment


@pytest.mark.parametrize(("text", "expected"), [("0", "0"), ("15", "15"), ("12.5", "12.5"), ("0.01", "0.01"),
                                                 (" 1000 ", "1000"), ("1000.00", "1000")])
def test_markups_from_zero_to_the_cap_are_accepted(text: str, expected: str) -> None:
    assert parse_markup(text) == Decimal(expected)


def test_the_cap_is_a_thousand_percent() -> None:
    assert Decimal(1000) == MAX_MARKUP_PERCENT
    with pytest.raises(InvalidInput, match="above 1000% is surely a mistake"):
        parse_markup("1000.01")
    with pytest.raises(InvalidInput, match="surely a mistake"):
        parse_markup("5000")


@pytest.mark.parametrize("text", ["-1", "abc", "1.234", "NaN", "Infinity", "", None, 1.5, True])
def test_bad_markups_are_refused_with_the_field_named(text: object) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_markup(text)
    assert "markup_percent" in refused.value.message


def test_a_debit_is_negative_and_a_credit_positive() -> None:
    assert signed_adjustment(Decimal("12.5"), Direction.CREDIT) == Decimal("12.5")
    assert signed_adjustment(Decimal("12.5"), Direction.DEBIT) == Decimal("-12.5")
    with pytest.raises(ValueError, match="positive"):  # the direction alone gives the sign
        signed_adjustment(Decimal("-1"), Direction.DEBIT)
    with pytest.raises(ValueError, match="positive"):
        signed_adjustment(Decimal("0"), Direction.CREDIT)


def test_each_adjustment_has_its_own_entry_id() -> None:
    assert adjustment_entry_id("3f2a") == "adjust#3f2a"
    assert adjustment_entry_id("a") != adjustment_entry_id("b")


@pytest.mark.parametrize(("text", "amount", "direction"), [
    ("25.5", "25.50000", Direction.CREDIT), (" 2 ", "2.00000", Direction.CREDIT), ("+3", "3.00000", Direction.CREDIT),
    ("-7.25", "7.25000", Direction.DEBIT), ("-0.00001", "0.00001", Direction.DEBIT),
])
def test_the_cli_writes_the_sign_in_the_amount(text: str, amount: str, direction: Direction) -> None:
    assert parse_signed_adjustment(text) == (Decimal(amount), direction)


@pytest.mark.parametrize(("text", "fragment"), [
    ("abc", "is not a number"), ("--5", "is not a number"), ("", "is not a number"), ("0", "more than zero"),
    ("-0", "more than zero"), ("1.000001", "decimal places"), ("NaN", "must be a number"),
    ("-1000000", "too large"),
])
def test_the_cli_refuses_what_is_not_an_amount(text: str, fragment: str) -> None:
    with pytest.raises(InvalidInput, match=fragment):
        parse_signed_adjustment(text)
