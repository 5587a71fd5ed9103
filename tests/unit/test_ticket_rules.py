"""Ticket rules (the domain/tickets package): categories and what they need, priority, duplicates, the
acknowledgement, pauses and the SLA view of a ticket (S7-S10). Pure: nothing running."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import pytest

from chalicelib.domain.errors import Conflict, InvalidInput
from chalicelib.domain.numbers import checked_month
from chalicelib.domain.sla_clock import Priority
from chalicelib.domain.tickets import checks, classification, intake, lifecycle, sla
from chalicelib.domain.tickets.model import AUTO_RESPONDER, Author, Category, Status, Ticket, display_number
from chalicelib.store import keys
from tests.support.business_time import FRIDAY_EVENING, TUESDAY_OPENING, WEDNESDAY_NOON

WORDS = ("idiot", "moron")


def new(category: Category = Category.ORDERS, *, order_ids: tuple[int, ...] = (7,), top_up_id: int | None = None,
        message: str = "Order 7 is stuck at 0 since yesterday.", at: datetime = WEDNESDAY_NOON,
        duplicate: int | None = None, ack: bool = True, number: int = 1234) -> tuple[Ticket, list]:
    return intake.new_ticket(number, "u1", "Stuck order", category, message, order_ids, top_up_id, (), duplicate,
                            WORDS, at, ack)


# --- categories, information and blockers (S9) ------------------------------------------------

@pytest.mark.promise("S9")
@pytest.mark.parametrize(("category", "order_ids", "top_up_id", "needs"), [
    (Category.ORDERS, (), None, True), (Category.REFILL, (), None, True), (Category.CANCEL, (), None, True),
    (Category.BALANCE_TOP_UP, (), None, True), (Category.API, (), None, False), (Category.OTHER, (), None, False),
    (Category.ORDERS, (1,), None, False), (Category.BALANCE_TOP_UP, (), 5, False),
])
def test_each_category_needs_its_information(category, order_ids, top_up_id, needs) -> None:
    ticket, _ = new(category, order_ids=order_ids, top_up_id=top_up_id)
    missing = any("lacks the information" in r for r in ticket.clock_blockers)
    assert missing is needs
    assert ticket.timed is not needs


@pytest.mark.promise("S9")
@pytest.mark.parametrize(("category", "order_ids", "top_up_id", "belongs"), [
    (Category.ORDERS, (), 5, "balance top-up"),
    (Category.OTHER, (), 5, "balance top-up"),
    (Category.BALANCE_TOP_UP, (3,), 5, "orders, refill, cancel or API"),
    (Category.OTHER, (3,), None, "orders, refill, cancel or API"),
])
def test_information_of_another_category_is_the_wrong_category(category, order_ids, top_up_id, belongs) -> None:
    ticket, _ = new(category, order_ids=order_ids, top_up_id=top_up_id)
    assert not ticket.timed and ticket.clock_started_at is None
    assert any("wrong category" in r and belongs in r for r in ticket.clock_blockers)


def test_order_ids_fit_an_api_ticket() -> None:
    ticket, _ = new(Category.API, order_ids=(3,))
    assert ticket.timed and ticket.clock_blockers == ()


@pytest.mark.promise("S9")
def test_abusive_words_and_duplicates_block_the_clock_and_say_why() -> None:
    abusive, _ = new(message="Order 7 is stuck, you MORON.")
    assert not abusive.timed and abusive.clock_blockers == ("the message contains abusive language",)
    polite, _ = new(message="Order 7 is stuck; moronic is not a word I would use.")  # whole words only
    assert polite.timed
    duplicate, _ = new(duplicate=1200)
    assert not duplicate.timed and duplicate.duplicate_of == 1200
    assert duplicate.clock_blockers == ("the ticket duplicates another open ticket",)


def test_unknown_categories_are_refused_and_spellings_are_forgiven() -> None:
    assert checks.parse_category("Balance top-up") == Category.BALANCE_TOP_UP
    with pytest.raises(InvalidInput, match="Unknown category; choose one of: orders, balance_top_up"):
        checks.parse_category("complaints")
    with pytest.raises(InvalidInput):
        checks.parse_category(3)


@pytest.mark.promise("S9")
def test_out_of_hours_tickets_start_at_ten_on_the_next_business_day() -> None:
    ticket, _ = new(at=FRIDAY_EVENING)
    assert ticket.clock_started_at == TUESDAY_OPENING
    inside, _ = new(at=WEDNESDAY_NOON)
    assert inside.clock_started_at == WEDNESDAY_NOON


# --- duplicates ---------------------------------------------------------------------------

def _earlier(number: int, at: datetime, order_ids: tuple[int, ...] = (), text: str = "other text",
             status: Status = Status.OPEN) -> Ticket:
    ticket, _ = new(order_ids=order_ids, message=text, at=at, number=number)
    return replace(ticket, status=status)


@pytest.mark.promise("S9")
def test_duplicates_share_an_order_or_the_text_within_the_window() -> None:
    now = WEDNESDAY_NOON
    window = 7 * 24 * 3600
    fingerprint = intake.text_fingerprint("My  order is\nSTUCK")
    same_order = _earlier(10, now - timedelta(days=1), order_ids=(7, 8))
    same_text = _earlier(11, now - timedelta(days=2), text="my order is stuck")
    assert intake.duplicate_of((8,), "x", [same_order], now, window) == 10
    assert intake.duplicate_of((), fingerprint, [same_text], now, window) == 11
    assert intake.duplicate_of((8,), fingerprint, [same_text, same_order], now, window) == 10  # the oldest number
    too_old = _earlier(12, now - timedelta(days=8), order_ids=(8,))
    closed = _earlier(13, now - timedelta(hours=1), order_ids=(8,), status=Status.CLOSED)
    unrelated = _earlier(14, now - timedelta(hours=1), order_ids=(9,))
    assert intake.duplicate_of((8,), fingerprint, [too_old, closed, unrelated], now, window) is None


def test_text_is_compared_after_normalising() -> None:
    assert intake.normalise_text("  \uff2frder\t7  IS stuck ") == "order 7 is stuck"
    assert intake.text_fingerprint("Order 7 is stuck") == intake.text_fingerprint("order   7 is STUCK")


# --- input limits -------------------------------------------------------------------------

@pytest.mark.parametrize(("call", "message"), [
    (lambda: checks.check_subject("   "), "Write a subject"),
    (lambda: checks.check_subject("x" * 201), "at most 200"),
    (lambda: checks.check_message("", 100), "Write a message"),
    (lambda: checks.check_message(None, 100), "Write a message"),
    (lambda: checks.check_message("é" * 60, 100), "too long (120 bytes); the limit is 100 bytes"),
    (lambda: checks.check_order_ids([1, "2"]), "order id"),
    (lambda: checks.check_order_ids([True]), "order id"),
    (lambda: checks.check_order_ids(list(range(1, 12))), "at most 10"),
    (lambda: checks.check_content_type("text/html", ("image/png", "application/pdf")), "PNG, PDF"),
    (lambda: checks.check_size(6 * 1024 * 1024, 5 * 1024 * 1024), "too large (6.0 MB); the largest attachment is 5.0"),
    (lambda: checks.check_size(0, 10), "size in bytes"),
    (lambda: checks.check_filename("../"), "needs a name"),
])
def test_bad_input_gets_a_message_a_person_understands(call, message) -> None:
    with pytest.raises(InvalidInput, match=message.replace("(", r"\(").replace(")", r"\)")):
        call()


def test_ids_reasons_statuses_and_priorities_are_checked() -> None:
    assert checks.check_id(42, "a top-up id", "top_up_id") == 42
    for bad in (True, 0, -1, 10**12, "42", 4.0, None):
        with pytest.raises(InvalidInput, match="'top_up_id' must be a top-up id"):
            checks.check_id(bad, "a top-up id", "top_up_id")
    assert checks.check_order_ids([3, 3, 5]) == (3, 5)  # repeats count once
    assert checks.check_order_ids(None) == ()
    assert checks.check_reason(None) is None
    assert checks.check_reason("  a   top-up\nafter all ") == "a top-up after all"
    assert checks.check_reason("   ") is None
    for bad in (5, "x" * 501):
        with pytest.raises(InvalidInput, match="at most 500 characters"):
            checks.check_reason(bad)
    assert checks.parse_status("Awaiting customer") == Status.AWAITING_CUSTOMER
    assert checks.parse_priority(" HIGH ") == Priority.HIGH
    with pytest.raises(InvalidInput, match="Unknown priority; choose one of: high, standard"):
        checks.parse_priority("urgent")


def test_attachment_keys_belong_to_their_uploader() -> None:
    token = "0" * 32
    key = keys.attachment_key("u1", token)
    assert key == f"attachments/u1/{token}"
    assert keys.attachment_token("u1", key) == token
    assert keys.attachment_token("u2", key) is None
    assert keys.attachment_token("u1", f"attachments/u1/../u2/{token}") is None
    assert keys.attachment_token("u", key) is None
    assert checks.check_filename("C:\\logs\\error log.txt") == "error log.txt"
    assert checks.check_content_type("text/plain; charset=utf-8", ("text/plain",)) == "text/plain"


# --- acknowledgement and first response (S7) ----------------------------------------------

@pytest.mark.promise("S7")
def test_the_acknowledgement_carries_the_number_and_is_the_first_response() -> None:
    ticket, messages = new(at=FRIDAY_EVENING, number=1234)
    assert [m.author for m in messages] == [Author.CUSTOMER, Author.SYSTEM]
    assert "#1234" in messages[1].body
    assert (ticket.first_response_at, ticket.first_response_by) == (FRIDAY_EVENING, AUTO_RESPONDER)
    view = sla.sla_view(ticket, FRIDAY_EVENING + timedelta(days=30))
    assert view.first_response_business_seconds == 0 and not view.breached


@pytest.mark.promise("S7")
def test_without_the_acknowledgement_the_first_staff_reply_counts_and_notes_do_not() -> None:
    ticket, messages = new(ack=False)
    assert [m.author for m in messages] == [Author.CUSTOMER] and ticket.first_response_at is None
    noted, note = lifecycle.internal_note(ticket, "s1", "checking with the provider",
                                          WEDNESDAY_NOON + timedelta(hours=1))
    assert note.internal and noted.first_response_at is None
    replied, reply = lifecycle.staff_reply(noted, "s1", "Refilled.", WEDNESDAY_NOON + timedelta(hours=2))
    assert (replied.first_response_at, replied.first_response_by) == (reply.at, "s1")
    assert replied.status == Status.ANSWERED and reply.seq == 3
    again, _ = lifecycle.staff_reply(replied, "s2", "More.", WEDNESDAY_NOON + timedelta(hours=3))
    assert again.first_response_by == "s1"
    assert sla.sla_view(replied, WEDNESDAY_NOON + timedelta(days=30)).first_response_business_seconds == 2 * 3600


@pytest.mark.promise("S7")
def test_an_acknowledgement_of_an_incorrect_ticket_is_not_a_first_response() -> None:
    ticket, messages = new(Category.ORDERS, order_ids=())
    assert messages[-1].author == Author.SYSTEM and "#1234" in messages[-1].body
    assert ticket.first_response_at is None and not ticket.timed


# --- pauses and the deadline (S9) ---------------------------------------------------------

@pytest.mark.promise("S9")
def test_awaiting_the_customer_pauses_the_clock_and_their_reply_resumes_it() -> None:
    ticket, _ = new(Category.BALANCE_TOP_UP, order_ids=(), top_up_id=5, ack=False)  # high: 21 business hours
    before = sla.sla_view(ticket, WEDNESDAY_NOON).deadline
    assert before == datetime(2023, 5, 15, 12, 0, tzinfo=UTC)  # Wed 5 h, Thu 7, Fri 7, Mon 2 more
    waiting = lifecycle.staff_status(ticket, Status.AWAITING_CUSTOMER, "s1", WEDNESDAY_NOON + timedelta(hours=1))
    assert waiting.paused and sla.sla_view(waiting, WEDNESDAY_NOON).deadline is None
    assert sla.queue_deadline(waiting) is None
    assert keys.ticket_queue_position(sla.queue_deadline(waiting), waiting.number).startswith(keys.UNSCHEDULED)
    answered, _ = lifecycle.customer_reply(waiting, "here it is", datetime(2023, 5, 11, 13, 0, tzinfo=UTC))
    assert answered.status == Status.OPEN and not answered.paused
    # Paused from Wed 13:00 to Thu 13:00: exactly one business day (7 h) later.
    assert sla.sla_view(answered, WEDNESDAY_NOON).deadline == datetime(2023, 5, 16, 12, 0, tzinfo=UTC)
    assert keys.ticket_queue_position(sla.queue_deadline(answered), answered.number) == (
        "2023-05-16T12:00:00.000000Z#000000001234")


def test_leaving_awaiting_customer_any_way_ends_the_pause() -> None:
    ticket, _ = new()
    waiting = lifecycle.with_status(ticket, Status.AWAITING_CUSTOMER, "s1", WEDNESDAY_NOON)
    closed = lifecycle.with_status(waiting, Status.CLOSED, "s1", WEDNESDAY_NOON + timedelta(hours=2))
    assert closed.pauses[-1].resumed_at == WEDNESDAY_NOON + timedelta(hours=2)
    assert [c.field for c in closed.history[-2:]] == ["status", "status"]


def test_breach_when_no_response_comes_in_time() -> None:
    ticket, _ = new(ack=False)
    deadline = sla.sla_view(ticket, WEDNESDAY_NOON).deadline
    assert deadline is not None
    assert not sla.sla_view(ticket, deadline).breached
    assert sla.sla_view(ticket, deadline + timedelta(seconds=1)).breached
    late, _ = lifecycle.staff_reply(ticket, "s1", "Sorry.", deadline + timedelta(hours=1))
    assert sla.sla_view(late, deadline + timedelta(days=90)).breached
    assert sla.breaches_by_user([late, ticket, new()[0]], deadline + timedelta(hours=2)) == {"u1": 2}


# --- reclassification (S10) -----------------------------------------------------------------

@pytest.mark.promise("S10")
def test_priority_is_high_only_for_balance_top_ups() -> None:
    assert classification.initial_priority(Category.BALANCE_TOP_UP) == Priority.HIGH
    assert {classification.initial_priority(c) for c in Category if c != Category.BALANCE_TOP_UP} == {Priority.STANDARD}


@pytest.mark.promise("S10")
def test_staff_reclassify_and_a_ticket_not_about_a_top_up_becomes_standard() -> None:
    at = WEDNESDAY_NOON + timedelta(hours=1)
    top_up, _ = new(Category.BALANCE_TOP_UP, order_ids=(), top_up_id=5)
    assert top_up.priority == Priority.HIGH
    moved = classification.reclassify(top_up, "s1", at, category=Category.ORDERS)
    assert (moved.category, moved.priority) == (Category.ORDERS, Priority.STANDARD)
    category_change, priority_change = moved.history[-2:]
    assert (category_change.field, category_change.old, category_change.new, category_change.by,
            category_change.at) == ("category", "balance_top_up", "orders", "s1", at)
    assert (priority_change.field, priority_change.old, priority_change.new, priority_change.by) == (
        "priority", "high", "standard", "s1")
    assert "not about a balance top-up" in (priority_change.reason or "")
    with pytest.raises(InvalidInput, match="Only balance top-up problems can be high priority"):
        classification.reclassify(moved, "s1", at, priority=Priority.HIGH)
    back = classification.reclassify(moved, "s2", at, category=Category.BALANCE_TOP_UP,
                                     reason="it is a top-up after all")
    assert back.priority == Priority.HIGH and back.history[-1].reason == "it is a top-up after all"
    lowered = classification.reclassify(back, "s2", at, priority=Priority.STANDARD)
    assert lowered.category == Category.BALANCE_TOP_UP and lowered.priority == Priority.STANDARD
    assert classification.reclassify(lowered, "s2", at, priority=Priority.STANDARD) is lowered  # nothing to record
    deadline_high = sla.sla_view(back, at).deadline
    deadline_standard = sla.sla_view(lowered, at).deadline
    assert deadline_high and deadline_standard and deadline_standard > deadline_high


# --- merging, closing, versions ---------------------------------------------------------------

def test_merge_closes_the_duplicate_into_its_original_and_takes_its_clock_back() -> None:
    original, _ = new(number=1)
    duplicate, _ = new(number=2, duplicate=None)
    merged, kept = lifecycle.merge(duplicate, original, "s1", WEDNESDAY_NOON)
    assert merged.status == Status.CLOSED and merged.merged_into == 1 and not merged.timed
    assert "merged into #1" in merged.clock_blockers[-1]
    assert kept.history[-1].field == "merged_from" and kept.status == Status.OPEN
    with pytest.raises(InvalidInput, match="merged into #1; reply there"):
        lifecycle.customer_reply(merged, "hello", WEDNESDAY_NOON)
    with pytest.raises(InvalidInput, match="into itself"):
        lifecycle.merge(original, original, "s1", WEDNESDAY_NOON)
    with pytest.raises(InvalidInput, match="same customer"):
        lifecycle.merge(replace(duplicate, user_id="u2"), original, "s1", WEDNESDAY_NOON)
    with pytest.raises(InvalidInput, match="#1 is closed; only open tickets can be merged"):
        lifecycle.merge(duplicate, lifecycle.customer_close(original, WEDNESDAY_NOON), "s1", WEDNESDAY_NOON)


def test_staff_replies_leave_the_ticket_answered_awaiting_or_closed_and_merged_tickets_stay_closed() -> None:
    ticket, _ = new()
    with pytest.raises(InvalidInput, match="answered, awaiting customer or closed"):
        lifecycle.staff_reply(ticket, "s1", "answer", WEDNESDAY_NOON, Status.OPEN)
    waiting, _ = lifecycle.staff_reply(ticket, "s1", "Which order?", WEDNESDAY_NOON, Status.AWAITING_CUSTOMER)
    assert waiting.status == Status.AWAITING_CUSTOMER and waiting.paused
    merged, _ = lifecycle.merge(new(number=2)[0], ticket, "s1", WEDNESDAY_NOON)
    with pytest.raises(InvalidInput, match="merged into #1234; it stays closed"):
        lifecycle.staff_status(merged, Status.OPEN, "s1", WEDNESDAY_NOON)


def test_assigning_records_who_and_when_and_the_same_assignee_changes_nothing() -> None:
    ticket, _ = new()
    assigned = lifecycle.assign(ticket, "s2", "s1", WEDNESDAY_NOON)
    change = assigned.history[-1]
    assert assigned.assigned_to == "s2"
    assert (change.field, change.old, change.new, change.by, change.at) == ("assigned_to", None, "s2", "s1",
                                                                            WEDNESDAY_NOON)
    assert lifecycle.assign(assigned, "s2", "s1", WEDNESDAY_NOON) is assigned
    released = lifecycle.assign(assigned, None, "s2", WEDNESDAY_NOON)
    assert released.assigned_to is None and released.history[-1].old == "s2"


def test_closed_tickets_take_no_replies_and_stale_versions_are_refused() -> None:
    ticket, _ = new()
    closed = lifecycle.customer_close(ticket, WEDNESDAY_NOON)
    with pytest.raises(InvalidInput, match="is closed; open a new ticket"):
        lifecycle.customer_reply(closed, "again", WEDNESDAY_NOON)
    with pytest.raises(InvalidInput, match="reopen it"):
        lifecycle.staff_reply(closed, "s1", "answer", WEDNESDAY_NOON)
    reopened = lifecycle.staff_status(closed, Status.OPEN, "s1", WEDNESDAY_NOON)
    assert reopened.status == Status.OPEN
    with pytest.raises(Conflict, match="changed by someone else"):
        lifecycle.check_version(replace(ticket, version=3), 2)
    lifecycle.check_version(replace(ticket, version=3), None)


def test_months_and_numbers() -> None:
    assert display_number(1234) == "#1234"
    assert keys.ticket_month_of(FRIDAY_EVENING) == "2023-05"
    # the month index and the queue's sort key are in UTC whatever zone a time comes in
    late_may_in_new_york = datetime(2023, 5, 31, 21, 30, tzinfo=timezone(timedelta(hours=-4)))
    assert keys.ticket_month_of(late_may_in_new_york) == "2023-06"
    assert keys.ticket_queue_position(late_may_in_new_york, 7) == "2023-06-01T01:30:00.000000Z#000000000007"
    assert checked_month(" 2023-05 ") == "2023-05"
    for wrong in ("2023-13", "\uff12\uff10\uff12\uff13-05", "2023-5"):  # full-width digits are not a month
        with pytest.raises(InvalidInput, match="2026-11"):
            checked_month(wrong)
