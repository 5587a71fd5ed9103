"""The support desk's pure rules: which orders a ticket names, and what a canned reply may say."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.sla_clock import Priority
from chalicelib.domain.tickets import canned
from chalicelib.domain.tickets.mentions import MAX_MENTIONED, mentioned_order_ids
from chalicelib.domain.tickets.model import Category, Status, Ticket

NOON = datetime(2026, 11, 4, 12, tzinfo=UTC)


def _ticket(subject: str = "Question", order_ids: tuple[int, ...] = ()) -> Ticket:
    return Ticket(1, "u1", subject, Category.OTHER, Priority.STANDARD, Status.OPEN, NOON, NOON, order_ids=order_ids)


def test_orders_named_in_the_field_come_first_then_those_written_each_once() -> None:
    ticket = _ticket("Order #55 is late", (7,))
    texts = ["My orders 12, 13 and 14 are slow", "Order id: 99.", "order no. 7 again", "order 12 again"]
    assert mentioned_order_ids(ticket, texts) == (7, 55, 12, 13, 14, 99)


@pytest.mark.parametrize("text", ["Ticket #5 asks for 300 followers", "I ordered 3 things", "border 12",
                                  "order zero", "order 0"])
def test_numbers_that_are_not_order_ids_are_not_taken(text: str) -> None:
    assert mentioned_order_ids(_ticket(), [text]) == ()


def test_at_most_so_many_orders_are_named() -> None:
    text = "orders " + ", ".join(str(i) for i in range(1, 50))
    assert mentioned_order_ids(_ticket(), [text]) == tuple(range(1, MAX_MENTIONED + 1))


def test_a_canned_reply_naming_a_provider_is_refused_whole_words_any_case() -> None:
    providers = ["SuperPanel", "JAP"]
    with pytest.raises(InvalidInput, match='the text mentions "JAP"') as refused:
        canned.check_no_provider("Refill", "We asked jap to refill.", providers)
    assert refused.value.fields == {"text": "names_provider"}
    with pytest.raises(InvalidInput, match='the title mentions "SuperPanel"'):
        canned.check_no_provider("superpanel refill", "Done.", providers)
    canned.check_no_provider("Japan orders", "Orders for Japan and superpanels-like tools.", providers)
    canned.check_no_provider("Refill", "We asked the provider to refill.", ["", "  "])


def test_provider_names_too_short_to_tell_from_words_are_not_looked_for() -> None:
    canned.check_no_provider("A refill", "Go to a page; we do it.", ["A", "Go", " do "])
    with pytest.raises(InvalidInput, match='mentions "SMM"'):
        canned.check_no_provider("Refill", "Our smm partner refills it.", ["A", "SMM"])


@pytest.mark.parametrize(("title", "expected"), [
    ("Ask for order ids", "ask-for-order-ids"), ("  Refill: requested!  ", "refill-requested"),
    ("Crème brûlée", "creme-brulee"), ("x" * 80, "x" * 60),
])
def test_a_new_reply_id_is_made_from_its_title(title: str, expected: str) -> None:
    made = canned.id_from_title(title)
    assert made == expected and canned.is_reply_id(made)


@pytest.mark.parametrize(("check", "value", "words"), [
    (canned.check_title, "", "Write a title"), (canned.check_title, "a\nb", "one line"),
    (canned.check_title, "t" * 101, "at most 100 characters"), (canned.check_text, None, "Write a text"),
    (canned.check_text, "bad \x07 bell", "control characters"), (canned.id_from_title, "!!!", "letter or digit"),
])
def test_bad_titles_and_texts_are_refused_in_words(check, value, words) -> None:
    with pytest.raises(InvalidInput, match=words):
        check(value)


def test_the_initial_set_names_no_provider_and_has_valid_unique_ids() -> None:
    ids = [r.reply_id for r in canned.INITIAL]
    assert len(set(ids)) == len(ids) and all(canned.is_reply_id(i) for i in ids)
    assert all(canned.check_text(r.text) == r.text and canned.check_title(r.title) == r.title for r in canned.INITIAL)
