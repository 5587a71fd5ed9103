"""The provider-API answer parsers (adapters/provider_api.py), on good and hostile answers.

Each answer is given as a provider would send it (HTTP status and body bytes) or as the JSON
it decodes to; no network is involved.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from chalicelib.adapters.provider_api import (
    Failure,
    ProviderError,
    parse_added,
    parse_answer,
    parse_balance,
    parse_cancel,
    parse_refill,
    parse_refill_statuses,
    parse_services,
    parse_statuses,
)
from chalicelib.adapters.provider_http import parse_json
from chalicelib.domain.catalog import ServiceType
from chalicelib.domain.orders import OrderStatus


def answer(text: str) -> Any:
    """What the adapter hands a parser: the body decoded the way call() decodes it."""
    return parse_answer(200, text.encode())


def failure(exc_info: pytest.ExceptionInfo[ProviderError]) -> Failure:
    return exc_info.value.kind


# --- the answer itself ---------------------------------------------------------------------

def test_a_good_answer_is_its_json_with_exact_decimals() -> None:
    assert answer('{"balance": "10.5", "x": 0.1}') == {"balance": "10.5", "x": Decimal("0.1")}
    assert answer("[1, 2]") == [1, 2]


@pytest.mark.parametrize(("status", "kind"), [(429, Failure.RETRYABLE), (500, Failure.UNKNOWN),
                                              (503, Failure.UNKNOWN), (301, Failure.UNKNOWN),
                                              (302, Failure.UNKNOWN)])
def test_http_failures_are_classified_by_what_they_mean_for_an_order(status: int, kind: Failure) -> None:
    with pytest.raises(ProviderError) as caught:
        parse_answer(status, b'{"order": 1}')
    assert failure(caught) == kind


@pytest.mark.parametrize("body", [b"<html>busy</html>", b"", b"\xff\xfe", b"[" * 100_000, b'{"order": 1'])
def test_a_body_that_is_not_json_is_an_unknown_outcome(body: bytes) -> None:
    with pytest.raises(ProviderError, match="not JSON we accept") as caught:
        parse_answer(200, body)
    assert failure(caught) == Failure.UNKNOWN


@pytest.mark.parametrize(("message", "kind"), [
    ("Incorrect service ID", Failure.PERMANENT), ("Bad link", Failure.PERMANENT),
    ("Not enough funds on balance", Failure.RETRYABLE), ("Rate limit exceeded", Failure.RETRYABLE),
    ("Too Many Requests", Failure.RETRYABLE), ("Please try again later", Failure.RETRYABLE),
])
def test_a_refusal_is_permanent_unless_it_says_to_try_later(message: str, kind: Failure) -> None:
    with pytest.raises(ProviderError, match="the provider refused") as caught:
        answer(json.dumps({"error": message}))
    assert failure(caught) == kind


def test_a_refusal_message_is_cut_short_and_an_error_beside_data_is_no_refusal() -> None:
    with pytest.raises(ProviderError) as caught:
        answer(json.dumps({"error": "x" * 5000}))
    assert len(caught.value.message) < 250
    assert answer('{"error": "none", "order": 5}') == {"error": "none", "order": 5}


# --- services ------------------------------------------------------------------------------

GOOD_SERVICE = {"service": 1, "name": "Followers", "type": "Default", "category": "Instagram", "rate": "0.90",
                "min": "50", "max": "10000", "refill": True, "cancel": "1", "dripfeed": 0}


def test_services_are_parsed_leniently_into_typed_entries() -> None:
    parsed, skipped = parse_services([GOOD_SERVICE, {"service": "abc-2", "rate": 1, "type": "Package"}])
    assert skipped == []
    first, second = parsed
    assert (first.service, first.type, first.rate, first.min, first.max) == ("1", ServiceType.DEFAULT,
                                                                             Decimal("0.90"), 50, 10000)
    assert (first.refill, first.cancel, first.dripfeed) == (True, True, False)
    assert (second.service, second.type, second.name, second.category) == ("abc-2", ServiceType.PACKAGE, "", "Other")


@pytest.mark.parametrize(("entry", "reason"), [
    ("not an object", "not an object"),
    ({**GOOD_SERVICE, "service": None}, "service"),
    ({**GOOD_SERVICE, "service": "'; drop table"}, "service"),
    ({**GOOD_SERVICE, "type": "Teleportation"}, "unknown type"),
    ({**GOOD_SERVICE, "rate": "NaN"}, "rate"),
    ({**GOOD_SERVICE, "rate": "-1"}, "rate"),
    ({**GOOD_SERVICE, "rate": "1e30"}, "rate"),
    ({**GOOD_SERVICE, "min": 100, "max": 10}, "m"),
    ({**GOOD_SERVICE, "max": 10**20}, "max"),
])
def test_a_hostile_service_entry_is_skipped_with_its_reason_and_the_rest_kept(entry: Any, reason: str) -> None:
    parsed, skipped = parse_services([entry, GOOD_SERVICE])
    assert [p.service for p in parsed] == ["1"]
    assert len(skipped) == 1 and reason in str(skipped[0])


def test_non_finite_numbers_in_the_json_skip_only_their_entry() -> None:
    parsed, skipped = parse_services(parse_json(b'[{"service": 7, "rate": NaN}, {"service": 8, "rate": Infinity},'
                                                b' {"service": 9, "rate": 1}]'))
    assert [p.service for p in parsed] == ["9"] and len(skipped) == 2


@pytest.mark.parametrize("data", [{"services": []}, "[]", None, 5])
def test_a_services_answer_that_is_no_list_is_refused(data: Any) -> None:
    with pytest.raises(ProviderError, match="not a list"):
        parse_services(data)


# --- balance -------------------------------------------------------------------------------

def test_a_balance_is_a_bounded_amount_and_a_currency() -> None:
    assert parse_balance({"balance": "100.84292", "currency": "usd"}) == (Decimal("100.84292"), "USD")
    assert parse_balance({"balance": 5}) == (Decimal(5), "USD")
    assert parse_balance({"balance": "0.1234567"})[0] == Decimal("0.12345")  # never overstated


@pytest.mark.parametrize("data", [[], "10", {"balance": "NaN"}, {"balance": "-1"}, {"balance": "1e40"},
                                  {"balance": "1", "currency": "dollars"}, {"currency": "USD"}])
def test_a_hostile_balance_answer_is_refused(data: Any) -> None:
    with pytest.raises(ProviderError) as caught:
        parse_balance(data)
    assert failure(caught) == Failure.UNKNOWN


# --- add -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("data", "order_id"), [({"order": 23501}, "23501"), ({"order": "23501"}, "23501"),
                                                ({"order": " AB-12 "}, "AB-12"), ({"order": Decimal(7)}, "7")])
def test_an_added_order_id_is_kept_as_text(data: Any, order_id: str) -> None:
    assert parse_added(data) == order_id


@pytest.mark.parametrize("data", [{}, [], {"order": None}, {"order": 0}, {"order": "0"}, {"order": -4},
                                  {"order": 1.5}, {"order": True}, {"order": "x" * 65}, {"order": "a b"},
                                  {"order": {"id": 1}}, "23501"])
def test_an_add_answer_without_a_usable_id_is_an_unknown_outcome(data: Any) -> None:
    with pytest.raises(ProviderError) as caught:
        parse_added(data)
    assert failure(caught) == Failure.UNKNOWN  # the provider may have the order: never resent blindly


# --- status --------------------------------------------------------------------------------

def test_statuses_are_read_for_the_ids_asked_about() -> None:
    data = {"1": {"status": "In progress", "start_count": "3572", "remains": "157", "charge": "0.27819"},
            "2": {"status": "Completed", "remains": 0}, "99": {"status": "Completed"}}
    found = parse_statuses(data, ["1", "2", "3"])
    assert set(found) == {"1", "2", "3"} and found["3"] is None
    one = found["1"]
    assert one is not None and (one.status, one.start_count, one.remains, one.charge) == (
        OrderStatus.IN_PROGRESS, 3572, 157, Decimal("0.27819"))
    assert found["2"] is not None and found["2"].status == OrderStatus.COMPLETED


def test_an_unknown_status_spelling_is_kept_for_staff_not_guessed() -> None:
    found = parse_statuses({"1": {"status": "Teleported", "remains": 0}}, ["1"])["1"]
    assert found is not None and found.status is None and found.raw_status == "Teleported" and found.refused is None


@pytest.mark.parametrize("entry", [{"status": "Partial", "remains": "NaN"}, {"status": "Partial", "remains": -5},
                                   {"status": "Completed", "start_count": "1e30"},
                                   {"status": "Completed", "charge": "-1"}, {"status": "Completed", "runs": "two"}])
def test_a_status_with_a_value_we_do_not_accept_is_refused_whole(entry: dict[str, Any]) -> None:
    found = parse_statuses({"1": entry}, ["1"])["1"]
    assert found is not None and found.refused and found.status is None and found.remains is None


@pytest.mark.parametrize("entry", [{"error": "Incorrect order ID"}, "Completed", None, {"remains": 0}])
def test_an_entry_without_a_status_means_the_provider_does_not_know_the_order(entry: Any) -> None:
    assert parse_statuses({"1": entry}, ["1"]) == {"1": None}


def test_a_status_answer_that_is_no_object_is_refused() -> None:
    with pytest.raises(ProviderError, match="not an object") as caught:
        parse_statuses([{"status": "Completed"}], ["1"])
    assert failure(caught) == Failure.UNKNOWN


def test_an_overlong_status_text_is_cut() -> None:
    found = parse_statuses({"1": {"status": "x" * 500}}, ["1"])["1"]
    assert found is not None and len(found.raw_status) == 50


# --- refills -------------------------------------------------------------------------------

def test_a_refill_id_is_kept_as_text() -> None:
    assert parse_refill({"refill": 1}) == "1" and parse_refill({"refill": "r-9"}) == "r-9"


@pytest.mark.parametrize("data", [{}, [], {"refill": None}, {"refill": {"error": "Refill not allowed"}},
                                  {"refill": "not an id!"}, {"refill": -1}])
def test_a_refused_or_unusable_refill_is_permanent(data: Any) -> None:
    with pytest.raises(ProviderError) as caught:
        parse_refill(data)
    assert failure(caught) == Failure.PERMANENT


def test_refill_statuses_keep_the_providers_spelling_for_the_ids_asked_about() -> None:
    data = [{"refill": 1, "status": "Completed"}, {"refill": "2", "status": "y" * 80},
            {"refill": 3, "status": {"error": "Refill not found"}}, {"refill": 77, "status": "Rejected"},
            "junk", {"status": "Completed"}]
    assert parse_refill_statuses(data, ["1", "2", "3", "4"]) == {"1": "Completed", "2": "y" * 50, "3": None,
                                                                  "4": None}


@pytest.mark.parametrize("data", [{"1": "Completed"}, None, "Completed"])
def test_a_refill_status_answer_that_is_no_list_knows_nothing(data: Any) -> None:
    assert parse_refill_statuses(data, ["1"]) == {"1": None}


# --- cancel --------------------------------------------------------------------------------

def test_cancels_are_accepted_per_order_and_only_for_orders_asked_about() -> None:
    data = [{"order": 1, "cancel": 1}, {"order": "2", "cancel": {"error": "Incorrect order ID"}},
            {"order": 99, "cancel": 1}, "junk", {"cancel": 1}]
    assert parse_cancel(data, ["1", "2", "3"]) == {"1": True, "2": False, "3": False}


@pytest.mark.parametrize("data", [{"1": 1}, None, "ok"])
def test_a_cancel_answer_that_is_no_list_accepts_nothing(data: Any) -> None:
    assert parse_cancel(data, ["1"]) == {"1": False}
