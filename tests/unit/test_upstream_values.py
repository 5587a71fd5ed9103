"""The rules for numbers and ids taken from an upstream provider's answer, one test per rule."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from chalicelib.domain import upstream_values as uv
from chalicelib.domain.upstream_values import UpstreamValueError

HOSTILE = [float("nan"), float("inf"), float("-inf"), Decimal("NaN"), Decimal("sNaN"), Decimal("Infinity"),
           "NaN", "Infinity", "-Infinity", "nan", "inf", "1_000", "0x10", "12 apples", "", "1" * 41, True, False,
           None, [1], {"v": 1}, "1e9999"]


@pytest.mark.parametrize("raw", HOSTILE)
def test_a_number_must_be_finite_and_written_plainly(raw) -> None:
    with pytest.raises(UpstreamValueError) as refused:
        uv.parse_number(raw, "rate") if raw != "1e9999" else uv.parse_rate(raw)
    assert refused.value.field == "rate"


@pytest.mark.parametrize(("raw", "value"), [
    (5, Decimal(5)), ("  0.90 ", Decimal("0.90")), (Decimal("0.9"), Decimal("0.9")), (0.25, Decimal("0.25")),
    ("-3", Decimal(-3)), ("1.2e3", Decimal("1.2e3")), (".5", Decimal("0.5")),
])
def test_plain_numbers_in_any_dialect_are_read_exactly(raw, value) -> None:
    assert uv.parse_number(raw, "x") == value


@pytest.mark.parametrize("raw", ["0", 0, "-0.9", -1, "1e30", 1e30, "100000.00001"])
def test_a_rate_is_positive_and_at_most_the_bound(raw) -> None:
    with pytest.raises(UpstreamValueError):
        uv.parse_rate(raw)


def test_a_rate_is_rounded_up_to_five_places() -> None:
    assert uv.parse_rate("0.123451") == Decimal("0.12346")
    assert uv.parse_rate(9) == Decimal("9.00000")
    assert uv.parse_rate(str(uv.MAX_RATE)) == uv.MAX_RATE


@pytest.mark.parametrize(("lo", "hi"), [("0", "10"), ("10", "5"), ("1", "1e30"), ("1.5", "10"), ("-1", "10"),
                                        ("1", str(uv.MAX_QUANTITY + 1)), ("a", "10")])
def test_limits_are_whole_ordered_and_bounded(lo, hi) -> None:
    with pytest.raises(UpstreamValueError):
        uv.parse_limits(lo, hi)


def test_good_limits_are_read_from_text_or_numbers() -> None:
    assert uv.parse_limits("50", 10000) == (50, 10000)
    assert uv.parse_limits(Decimal("1.0"), "1") == (1, 1)


@pytest.mark.parametrize("raw", ["-5", -1, "1e30", float("nan"), "lots", 1001, "10.5"])
def test_remains_is_whole_and_within_the_order(raw) -> None:
    with pytest.raises(UpstreamValueError) as refused:
        uv.parse_remains(raw, quantity=1000)
    assert refused.value.field == "remains"


def test_remains_absent_is_none_and_present_is_an_int() -> None:
    assert uv.parse_remains(None, 1000) is None
    assert uv.parse_remains("  ", 1000) is None
    assert uv.parse_remains("157", 1000) == 157
    assert uv.parse_remains(0) == 0


@pytest.mark.parametrize("raw", ["-1", "1e30", float("inf"), "x"])
def test_start_count_is_whole_and_bounded(raw) -> None:
    with pytest.raises(UpstreamValueError):
        uv.parse_start_count(raw)
    assert uv.parse_start_count("3572") == 3572


@pytest.mark.parametrize("raw", ["-0.1", "1e30", "NaN", "much"])
def test_charge_is_finite_non_negative_and_bounded(raw) -> None:
    with pytest.raises(UpstreamValueError):
        uv.parse_charge(raw)
    assert uv.parse_charge("0.27819") == Decimal("0.27819")
    assert uv.parse_charge(None) is None


@pytest.mark.parametrize("raw", ["-10", "1e30", float("nan"), "plenty", None])
def test_a_balance_is_finite_non_negative_and_bounded(raw) -> None:
    with pytest.raises(UpstreamValueError):
        uv.parse_balance(raw)


def test_a_balance_is_rounded_down() -> None:
    assert uv.parse_balance("100.842929") == Decimal("100.84292")


@pytest.mark.parametrize(("raw", "code"), [(None, "USD"), ("usd", "USD"), (" EUR ", "EUR")])
def test_a_currency_is_three_letters(raw, code) -> None:
    assert uv.parse_currency(raw) == code
    for bad in ("US", "DOLLARS", 840, "U$D"):
        with pytest.raises(UpstreamValueError):
            uv.parse_currency(bad)


@pytest.mark.parametrize(("raw", "text"), [(7000001, "7000001"), ("7000001", "7000001"), (" ab-12_c ", "ab-12_c"),
                                           (Decimal("23501.0"), "23501")])
def test_ids_are_positive_numbers_or_short_plain_text(raw, text) -> None:
    assert uv.parse_id(raw, "order") == text


@pytest.mark.parametrize("raw", [0, -5, 1.5, Decimal("1E+30"), float("nan"), True, None, {"id": 1}, "", "-5",
                                 "a b", "x" * 65, "<script>"])
def test_other_ids_are_refused(raw) -> None:
    with pytest.raises(UpstreamValueError):
        uv.parse_id(raw, "order")


def test_the_refusal_shows_a_short_value_for_logs() -> None:
    with pytest.raises(UpstreamValueError) as refused:
        uv.parse_rate("9" * 5000)
    assert len(str(refused.value)) < 120 and refused.value.field == "rate"


def test_json_fractions_read_as_decimal_keep_their_exact_value() -> None:
    data = json.loads('{"rate": 0.1}', parse_float=Decimal)
    assert uv.parse_rate(data["rate"]) == Decimal("0.10000")


def test_a_balance_keeps_the_providers_spelling_up_to_five_places() -> None:
    assert str(uv.parse_balance("12.00")) == "12.00"
