"""The one reader of path ids, months and query filters (api/params.py): what it accepts, and
that hostile text is a clear 4xx, never a crash or a different number."""

from __future__ import annotations

from datetime import date

import pytest

from chalicelib.api import params
from chalicelib.domain.errors import InvalidInput, NotFound
from chalicelib.domain.numbers import year_month

HOSTILE = ["", " ", "abc", "-1", "+1", "1.0", "1e3", "0x1f", "١٢", "²", "1 2", "12\x00", "1;DROP", "9" * 13,
           "9" * 5000, "../1", "%31", "∞"]


@pytest.mark.parametrize(("text", "expected"), [("1", 1), ("0", 0), (" 42 ", 42), ("007", 7),
                                                ("9" * 12, 999_999_999_999)])
def test_a_path_id_is_ascii_digits(text: str, expected: int) -> None:
    assert params.path_id(text, "order") == expected


@pytest.mark.parametrize("text", HOSTILE)
def test_anything_else_in_a_path_names_nothing(text: str) -> None:
    with pytest.raises(NotFound) as refused:
        params.path_id(text, "top-up")
    assert refused.value.message == "No such top-up."


def test_a_path_id_may_carry_its_prefix() -> None:
    assert params.path_id("#1234", "ticket", prefix="#") == 1234
    assert params.path_id(" #7", "ticket", prefix="#") == 7
    assert params.path_id("7", "ticket", prefix="#") == 7
    for text in ("##7", "#", "#-7", "7#"):
        with pytest.raises(NotFound, match=r"No such ticket\."):
            params.path_id(text, "ticket", prefix="#")
    with pytest.raises(NotFound):  # without the prefix allowed, '#' is not part of an id
        params.path_id("#7", "order")


@pytest.mark.parametrize(("text", "expected"), [("2026-11", "2026-11"), (" 2023-05 ", "2023-05"),
                                                ("0001-01", "0001-01"), ("9999-12", "9999-12")])
def test_a_month_is_yyyy_mm(text: str, expected: str) -> None:
    assert params.month(text) == expected
    assert year_month(text) == expected


@pytest.mark.parametrize("text", [None, "", "2026-13", "2026-00", "2026-1", "2026-001", "26-11", "2026/11",
                                  "2026-11-01", "June", "\uff12\uff10\uff12\uff16-11", "٢٠٢٦-11", "2026- 1",
                                  "2026-+1", "+026-11", "2026-11\x00", "9" * 5000])
def test_anything_else_is_not_a_month(text: str | None) -> None:
    with pytest.raises(InvalidInput) as refused:
        params.month(text)
    assert refused.value.message == "'month' must look like 2026-11."
    assert refused.value.fields == {"month": "invalid"}


@pytest.mark.parametrize(("text", "expected"), [(None, None), ("true", True), ("TRUE", True), ("False", False)])
def test_a_flag_is_true_or_false(text: str | None, expected: bool | None) -> None:
    assert params.flag(text, "breached") is expected


@pytest.mark.parametrize("text", ["1", "yes", "", "truee", "t"])
def test_a_flag_is_nothing_else(text: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        params.flag(text, "breached")
    assert refused.value.message == "'breached' must be true or false."
    assert refused.value.fields == {"breached": "invalid"}


def test_a_number_filter() -> None:
    assert params.number(None, "x") is None
    assert params.number("17", "x") == 17
    assert params.number("999", "x", max_digits=3) == 999
    for text in ("1000", "-1", "abc", "²"):
        with pytest.raises(InvalidInput, match="'limit' must be"):
            params.number(text, "'limit' must be a number.", max_digits=3)


def test_a_choice_is_read_in_any_case() -> None:
    options = {"pending": 1, "in progress": 2}
    assert params.choice(None, options, "x") is None
    assert params.choice("Pending", options, "x") == 1
    assert params.choice("IN PROGRESS", options, "x") == 2
    with pytest.raises(InvalidInput, match=r"Unknown status 'done'\."):
        params.choice("done", options, "Unknown status 'done'.")


def test_dates_and_their_range() -> None:
    assert params.day(None, "from") is None
    assert params.day("2026-02-28", "from") == date(2026, 2, 28)
    assert params.date_range(None, None) == (None, None)
    assert params.date_range("2026-01-01", "2026-01-01") == (date(2026, 1, 1), date(2026, 1, 1))
    for text in ("2026-02-30", "2026-2-1", "01/02/2026", "2026-01-01T00:00", "٢٠٢٦-01-01"):
        with pytest.raises(InvalidInput) as refused:
            params.date_range(None, text)
        assert refused.value.fields == {"to": "invalid"}
    with pytest.raises(InvalidInput) as refused:
        params.date_range("2026-01-02", "2026-01-01")
    assert refused.value.fields == {"from": "after_to"}


@pytest.mark.parametrize(("text", "expected"), [(None, 50), ("1", 1), ("100", 100), ("0100", 100), (" 7 ", 7)])
def test_a_page_size(text: str | None, expected: int) -> None:
    assert params.page_size(text, 50) == expected


@pytest.mark.parametrize("text", ["0", "101", "-1", "abc", "1.5", "²", "9" * 5000])
def test_a_page_size_out_of_bounds(text: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        params.page_size(text, 50)
    assert refused.value.message == "limit must be a whole number from 1 to 100."
    assert refused.value.fields == {"limit": "invalid"}
