"""Support tickets on DynamoDB Local and moto (promises S7, S9, S10, O5): the services as the API
calls them, with the clock frozen where business hours matter."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import requests

from chalicelib.domain.accounts import Role
from chalicelib.domain.errors import Conflict, InvalidInput, NotFound
from chalicelib.domain.payments import Method, TopUp, TopUpStatus
from chalicelib.domain.sla_clock import Priority
from chalicelib.domain.tickets.canned import INITIAL
from chalicelib.domain.tickets.model import Author, Category, Status
from chalicelib.services import orders
from chalicelib.services.tickets import attachments as ticket_files
from chalicelib.services.tickets import breaches, canned, staff_views
from chalicelib.services.tickets import customer as customer_tickets
from chalicelib.services.tickets import staff as staff_tickets
from chalicelib.settings import get_settings
from chalicelib.store import counters, users
from chalicelib.store import payments as payments_store
from chalicelib.store import tickets as store
from devstack import worker
from tests.support.accounts import customer, new_staff
from tests.support.business_time import FRIDAY_EVENING, TUESDAY_OPENING, WEDNESDAY_NOON
from tests.support.catalog import service
from tests.support.mail import latest_mail_to, mails_to

LINK = "https://instagram.com/p/ticket"


def _order(user_id: str) -> int:
    return orders.place(user_id, service().service_id, {"link": LINK, "quantity": 100}).order_id


def _buyer() -> tuple[str, int]:
    user_id = customer("5.00")
    return user_id, _order(user_id)


def _top_up(user_id: str) -> int:
    top_up = TopUp(top_up_id=counters.next_id("topup"), user_id=user_id, amount=Decimal("20.00"),
                   bonus=Decimal("0.00"), method=Method.CARD, status=TopUpStatus.FAILED,
                   created_at=datetime.now(UTC))
    payments_store.insert(top_up)
    return top_up.top_up_id


def _open(user_id: str, order_id: int | None = None, *, category: str = "orders", message: str | None = None,
          **extra: object):
    text = message or f"Order {order_id} has not started after two days. {secrets.token_hex(4)}"
    return customer_tickets.open_ticket(user_id, "Order not started", category, text,
                                        [order_id] if order_id else None, **extra)


# --- S7: the first response ------------------------------------------------------------------

@pytest.mark.promise("S7")
def test_the_acknowledgement_with_the_number_is_the_first_response(at_noon) -> None:
    user_id, order_id = _buyer()
    ticket, messages = _open(user_id, order_id)
    assert [m.author for m in messages] == [Author.CUSTOMER, Author.SYSTEM]
    assert f"#{ticket.number}" in messages[1].body
    thread = staff_views.staff_ticket(ticket.number)
    assert thread.sla.clock_started_at == WEDNESDAY_NOON
    assert (thread.sla.first_response_at, thread.sla.first_response_by) == (WEDNESDAY_NOON, "auto")
    assert thread.sla.first_response_business_seconds == 0 and not thread.sla.breached
    _, customer_view = customer_tickets.my_ticket(user_id, ticket.number)
    assert customer_view[1].body == messages[1].body


@pytest.mark.promise("S7")
def test_without_the_acknowledgement_the_first_staff_reply_is_the_first_response(at_noon, ack_off) -> None:
    user_id, order_id = _buyer()
    staff_id = new_staff().user_id
    ticket, messages = _open(user_id, order_id)
    assert [m.author for m in messages] == [Author.CUSTOMER]
    at_noon.at += timedelta(hours=1)
    staff_tickets.add_note(staff_id, ticket.number, "Asked the provider.")
    assert staff_views.staff_ticket(ticket.number).sla.first_response_at is None
    at_noon.at += timedelta(hours=2)
    staff_tickets.reply_as_staff(staff_id, ticket.number, "It has started now.")
    sla = staff_views.staff_ticket(ticket.number).sla
    assert (sla.first_response_at, sla.first_response_by) == (WEDNESDAY_NOON + timedelta(hours=3), staff_id)
    assert sla.first_response_business_seconds == 3 * 3600
    at_noon.at += timedelta(days=30)
    assert not staff_views.staff_ticket(ticket.number).sla.breached


# --- S9: when the clock starts ------------------------------------------------------------------

@pytest.mark.promise("S9")
@pytest.mark.parametrize("case", ["wrong category", "missing information", "duplicate order", "duplicate text",
                                  "abusive"])
def test_a_ticket_not_correctly_submitted_is_accepted_without_a_clock(at_noon, case) -> None:
    user_id, order_id = _buyer()
    if case == "wrong category":
        ticket, _ = _open(user_id, None, category="orders", message="Where is my money?",
                          top_up_id=_top_up(user_id))
        reason = "wrong category"
    elif case == "missing information":
        ticket, _ = _open(user_id, None, category="refill", message="Please refill my order.")
        reason = "lacks the information"
    elif case == "duplicate order":
        first, _ = _open(user_id, order_id)
        at_noon.at += timedelta(days=6)
        ticket, _ = _open(user_id, order_id, message="Something else about the same order.")
        reason = "duplicates another open ticket"
        assert ticket.duplicate_of == first.number
    elif case == "duplicate text":
        first, _ = _open(user_id, None, category="api", message="The API answers 500 to every add call.")
        ticket, _ = _open(user_id, None, category="api", message="the API answers 500   to every ADD call.")
        reason = "duplicates another open ticket"
        assert ticket.duplicate_of == first.number
    else:
        ticket, _ = _open(user_id, order_id, message="Fix my order, you idiot.")
        reason = "abusive language"
    thread = staff_views.staff_ticket(ticket.number)
    assert thread.ticket.status == Status.OPEN  # accepted
    assert thread.sla.clock_started_at is None and thread.sla.deadline is None
    assert any(reason in r for r in thread.sla.clock_blockers), thread.sla.clock_blockers
    assert thread.sla.first_response_at is None  # the acknowledgement of it is no S7 first response
    assert thread.messages[-1].author == Author.SYSTEM


@pytest.mark.promise("S9")
def test_same_order_after_the_window_or_after_closing_is_not_a_duplicate(at_noon) -> None:
    user_id, order_id = _buyer()
    _open(user_id, order_id)
    at_noon.at += timedelta(days=7, seconds=1)
    later, _ = _open(user_id, order_id)
    assert later.timed and later.duplicate_of is None
    customer_tickets.close_as_customer(user_id, later.number)
    again, _ = _open(user_id, None, category="other", message="A question.")
    assert again.timed


@pytest.mark.promise("S9")
def test_abusive_words_come_from_the_setting(at_noon, monkeypatch) -> None:
    user_id, order_id = _buyer()
    with monkeypatch.context() as patch:
        patch.setenv("PANEL_TICKET_ABUSIVE_WORDS", '["clownshoes"]')
        get_settings.cache_clear()
        try:
            blocked, _ = _open(user_id, order_id, message="Clownshoes! It is still stuck.")
            allowed, _ = _open(user_id, _order(user_id), message="You idiot, it is still stuck.")
        finally:
            get_settings.cache_clear()
    assert not blocked.timed and allowed.timed


@pytest.mark.promise("S9")
def test_out_of_hours_tickets_start_at_ten_on_the_next_business_day(clock) -> None:
    clock.at = FRIDAY_EVENING  # Monday 8 May 2023 was a bank holiday (the coronation)
    user_id, order_id = _buyer()
    ticket, _ = _open(user_id, order_id)
    sla = staff_views.staff_ticket(ticket.number).sla
    assert sla.clock_started_at == TUESDAY_OPENING
    assert sla.deadline == datetime(2023, 5, 17, 17, 0, tzinfo=UTC)  # standard: 7 x 7 h, Tue 9 to Wed 17 May


@pytest.mark.promise("S9")
def test_awaiting_the_customer_pauses_and_their_reply_resumes(at_noon, ack_off) -> None:
    user_id = customer()
    staff_id = new_staff().user_id
    ticket, _ = _open(user_id, None, category="balance_top_up", message="My card was charged twice.",
                      top_up_id=_top_up(user_id))
    assert ticket.priority == Priority.HIGH
    deadline = staff_views.staff_ticket(ticket.number).sla.deadline
    assert deadline == datetime(2023, 5, 15, 12, 0, tzinfo=UTC)
    at_noon.at = WEDNESDAY_NOON + timedelta(hours=1)
    staff_tickets.set_status(staff_id, ticket.number, "awaiting_customer")
    thread = staff_views.staff_ticket(ticket.number)
    assert thread.sla.paused and thread.sla.deadline is None
    at_noon.at = datetime(2023, 5, 11, 13, 0, tzinfo=UTC)
    after, _ = customer_tickets.reply_as_customer(user_id, ticket.number, "Here is the bank statement.")
    assert after.status == Status.OPEN
    sla = staff_views.staff_ticket(ticket.number).sla
    assert not sla.paused and sla.deadline == datetime(2023, 5, 16, 12, 0, tzinfo=UTC)  # 7 business hours later


# --- S10: reclassification ------------------------------------------------------------------

@pytest.mark.promise("S10")
def test_staff_reclassify_with_who_and_when_and_non_top_ups_are_standard(at_noon) -> None:
    user_id = customer()
    staff_id = new_staff().user_id
    ticket, _ = _open(user_id, None, category="balance_top_up", message="Top-up missing.", top_up_id=_top_up(user_id))
    with pytest.raises(InvalidInput):
        staff_tickets.reclassify(staff_id, ticket.number, priority="urgent")
    at_noon.at += timedelta(minutes=5)
    changed = staff_tickets.reclassify(staff_id, ticket.number, category="orders",
                                       reason="about an order, not a top-up", expected_version=ticket.version)
    assert (changed.category, changed.priority) == (Category.ORDERS, Priority.STANDARD)
    stored = store.get(ticket.number)
    assert [(c.field, c.old, c.new, c.by, c.at) for c in stored.history[-2:]] == [
        ("category", "balance_top_up", "orders", staff_id, at_noon.at),
        ("priority", "high", "standard", staff_id, at_noon.at)]
    with pytest.raises(InvalidInput, match="Only balance top-up problems can be high priority"):
        staff_tickets.reclassify(staff_id, ticket.number, priority="high")
    assert store.get(ticket.number).version == stored.version  # nothing written
    with pytest.raises(Conflict):
        staff_tickets.reclassify(staff_id, ticket.number, priority="standard", category="api",
                                 expected_version=ticket.version)


# --- O5: one customer never reaches another's tickets ---------------------------------------------

@pytest.mark.promise("O5")
def test_another_customer_cannot_list_read_reply_close_or_reference(at_noon) -> None:
    owner, order_id = _buyer()
    stranger, _ = _buyer()
    ticket, _ = _open(owner, order_id)
    assert [t.number for t in customer_tickets.tickets_of(stranger)] == []
    for call in (lambda: customer_tickets.my_ticket(stranger, ticket.number),
                 lambda: customer_tickets.reply_as_customer(stranger, ticket.number, "mine now"),
                 lambda: customer_tickets.close_as_customer(stranger, ticket.number),
                 lambda: ticket_files.attachment_link(ticket.number, "0" * 32, customer=stranger)):
        with pytest.raises(NotFound):
            call()
    with pytest.raises(InvalidInput, match=f"Order {order_id} is not one of your orders"):
        _open(stranger, order_id)
    with pytest.raises(InvalidInput, match="is not one of your top-ups"):
        _open(stranger, None, category="balance_top_up", top_up_id=_top_up(owner))
    assert customer_tickets.tickets_of(stranger) == []
    assert store.get(ticket.number).message_count == 2 and store.get(ticket.number).status == Status.OPEN


# --- bad input changes nothing ------------------------------------------------------------------

@pytest.mark.parametrize(("change", "message"), [
    ({"subject": " "}, "Write a subject"),
    ({"message": ""}, "Write a message"),
    ({"message": "x" * 10_001}, "too long"),
    ({"category": "complaints"}, "Unknown category"),
    ({"order_ids": [999_999_999]}, "not one of your orders"),
    ({"order_ids": ["7"]}, "order id"),
    ({"top_up_id": "7"}, "top-up id"),
    ({"attachment_keys": ["attachments/someone-else/" + "0" * 32]}, "not found"),
])
def test_bad_tickets_are_refused_and_nothing_is_stored(at_noon, change, message) -> None:
    user_id, order_id = _buyer()
    fields = {"subject": "Help", "category": "orders", "message": "Order stuck.", "order_ids": [order_id]} | change
    with pytest.raises(InvalidInput, match=message):
        customer_tickets.open_ticket(user_id, **fields)
    assert customer_tickets.tickets_of(user_id) == []


def test_bad_replies_change_nothing(at_noon) -> None:
    user_id, order_id = _buyer()
    ticket, _ = _open(user_id, order_id)
    for bad in ("", "   ", "x" * 10_001):
        with pytest.raises(InvalidInput):
            customer_tickets.reply_as_customer(user_id, ticket.number, bad)
    assert store.get(ticket.number) == ticket
    assert len(store.thread(ticket.number, with_notes=True)) == 2


# --- concurrency ---------------------------------------------------------------------------

def test_a_reply_to_a_ticket_closed_meanwhile_fails_cleanly(at_noon, monkeypatch) -> None:
    user_id, order_id = _buyer()
    ticket, _ = _open(user_id, order_id)
    real_write = store.write
    raced: list[bool] = []

    def close_first(actions):
        if not raced:  # the customer closes it in another tab between our read and our write
            raced.append(True)
            customer_tickets.close_as_customer(user_id, ticket.number)
        return real_write(actions)

    with monkeypatch.context() as patch, pytest.raises(InvalidInput, match="is closed"):
        patch.setattr(store, "write", close_first)
        customer_tickets.reply_as_customer(user_id, ticket.number, "one more thing")
    assert raced and store.get(ticket.number).status == Status.CLOSED
    assert [m.author for m in store.thread(ticket.number, with_notes=True)] == [Author.CUSTOMER, Author.SYSTEM]
    with pytest.raises(InvalidInput, match="is closed; open a new ticket"):
        customer_tickets.reply_as_customer(user_id, ticket.number, "again")


def test_two_staff_changing_the_same_version_one_is_told_to_reload(at_noon) -> None:
    user_id, order_id = _buyer()
    first, second = new_staff().user_id, new_staff(Role.ADMIN).user_id
    ticket, _ = _open(user_id, order_id)
    staff_tickets.assign(first, ticket.number, first, expected_version=ticket.version)
    with pytest.raises(Conflict, match="changed by someone else"):
        staff_tickets.set_status(second, ticket.number, "closed", expected_version=ticket.version)
    assert store.get(ticket.number).status == Status.OPEN


# --- the staff console --------------------------------------------------------------------------

def test_queue_is_sorted_by_deadline_filtered_and_skips_closed(at_noon, ack_off) -> None:
    user_id, order_id = _buyer()
    staff_id = new_staff().user_id
    standard, _ = _open(user_id, order_id)
    high, _ = _open(user_id, None, category="balance_top_up", message="Top-up lost.", top_up_id=_top_up(user_id))
    blocked, _ = _open(user_id, None, category="cancel", message="cancel it")
    closed, _ = _open(user_id, None, category="other", message="nothing")
    customer_tickets.close_as_customer(user_id, closed.number)
    mine = {standard.number, high.number, blocked.number, closed.number}
    listed = [t.number for t, _ in staff_views.work_queue(staff_views.QueueFilter()) if t.number in mine]
    assert listed == [high.number, standard.number, blocked.number]
    by = staff_views.QueueFilter
    assert [t.number for t, _ in staff_views.work_queue(by(priority=Priority.HIGH)) if t.number in mine] == [
        high.number]
    assert [t.number for t, _ in staff_views.work_queue(by(category=Category.CANCEL)) if t.number in mine] == [
        blocked.number]
    staff_tickets.assign(staff_id, standard.number, staff_id)
    assert [t.number for t, _ in staff_views.work_queue(by(assigned_to=staff_id))] == [standard.number]
    # Waiting for the customer freezes the clock: no deadline, so it goes to the end of the queue.
    staff_tickets.reply_as_staff(staff_id, high.number, "Which card did you use?", status="awaiting_customer")
    assert [t.number for t, _ in staff_views.work_queue(by(status=Status.AWAITING_CUSTOMER)) if t.number in mine] == [
        high.number]
    listed = [t.number for t, _ in staff_views.work_queue(staff_views.QueueFilter()) if t.number in mine]
    assert listed == [standard.number, high.number, blocked.number]
    at_noon.at = datetime(2023, 5, 19, 12, 0, 1, tzinfo=UTC)  # standard's 49 h ended Friday 19 May 12:00
    breached = [t.number for t, _ in staff_views.work_queue(by(breached=True)) if t.number in mine]
    assert breached == [standard.number]
    closed_listed = [t.number for t, _ in staff_views.work_queue(by(status=Status.CLOSED)) if t.number in mine]
    assert closed_listed == [closed.number]


def test_assignment_only_to_support_staff(at_noon) -> None:
    user_id, order_id = _buyer()
    support, legal = new_staff().user_id, new_staff(Role.LEGAL).user_id
    ticket, _ = _open(user_id, order_id)
    for nobody in (legal, user_id, "u-does-not-exist"):
        with pytest.raises(InvalidInput, match="support staff and admins only"):
            staff_tickets.assign(support, ticket.number, nobody)
    assigned = staff_tickets.assign(support, ticket.number, support)
    assert assigned.assigned_to == support and assigned.history[-1].field == "assigned_to"
    assert staff_tickets.assign(support, ticket.number, None).assigned_to is None


def test_notes_are_for_staff_only_and_statuses_move(at_noon) -> None:
    user_id, order_id = _buyer()
    staff_id = new_staff().user_id
    ticket, _ = _open(user_id, order_id)
    staff_tickets.add_note(staff_id, ticket.number, "Provider says 24 h. Do not promise less.")
    staff_tickets.reply_as_staff(staff_id, ticket.number, "It will start within 24 hours.")
    _, seen = customer_tickets.my_ticket(user_id, ticket.number)
    assert [m.author for m in seen] == [Author.CUSTOMER, Author.SYSTEM, Author.STAFF]
    assert all("Do not promise" not in m.body for m in seen)
    staff_seen = staff_views.staff_ticket(ticket.number).messages
    assert [(m.seq, m.internal) for m in staff_seen] == [(1, False), (2, False), (3, True), (4, False)]
    assert store.get(ticket.number).status == Status.ANSWERED
    customer_tickets.reply_as_customer(user_id, ticket.number, "Thanks, and what about the speed?")
    assert store.get(ticket.number).status == Status.OPEN
    staff_tickets.set_status(staff_id, ticket.number, "closed")
    with pytest.raises(InvalidInput, match="reopen it before replying"):
        staff_tickets.reply_as_staff(staff_id, ticket.number, "late")
    assert staff_tickets.set_status(staff_id, ticket.number, "open").status == Status.OPEN
    assert [c.new for c in store.get(ticket.number).history if c.field == "status"] == [
        "answered", "open", "closed", "open"]


def test_merge_a_duplicate_into_its_original(at_noon) -> None:
    user_id, order_id = _buyer()
    other_user, other_order = _buyer()
    staff_id = new_staff().user_id
    original, _ = _open(user_id, order_id)
    duplicate, _ = _open(user_id, None, category="other", message="Same problem as before!")
    merged, kept = staff_tickets.merge(staff_id, duplicate.number, original.number)
    assert merged.status == Status.CLOSED and merged.merged_into == original.number and not merged.timed
    assert kept.status == Status.OPEN
    dup_view, dup_messages = customer_tickets.my_ticket(user_id, duplicate.number)
    assert dup_view.merged_into == original.number
    assert dup_messages[0].body == "Same problem as before!"  # still readable
    assert f"merged into #{original.number}" in dup_messages[-1].body
    _, original_messages = customer_tickets.my_ticket(user_id, original.number)
    assert f"#{duplicate.number} was merged into this one" in original_messages[-1].body
    with pytest.raises(InvalidInput, match="reply there"):
        customer_tickets.reply_as_customer(user_id, duplicate.number, "hello?")
    strangers, _ = _open(other_user, other_order)
    with pytest.raises(InvalidInput, match="same customer"):
        staff_tickets.merge(staff_id, strangers.number, original.number)
    with pytest.raises(InvalidInput, match="closed"):
        staff_tickets.merge(staff_id, original.number, duplicate.number)
    with pytest.raises(InvalidInput, match="no ticket"):
        staff_tickets.merge(staff_id, original.number, 10**11)


def test_canned_replies_start_with_the_initial_set_and_a_deleted_one_stays_deleted(fresh_table) -> None:
    replies = canned.canned_replies()
    assert {r.reply_id for r in replies} == {r.reply_id for r in INITIAL}
    assert all(r.title and r.text for r in replies)
    canned.delete("admin-1", "resolved")
    assert "resolved" not in {r.reply_id for r in canned.canned_replies()}
    assert len(canned.canned_replies()) == len(INITIAL) - 1


# --- reply mails ------------------------------------------------------------------------------

def test_a_staff_reply_is_mailed_to_the_customer_and_a_note_is_not(at_noon) -> None:
    user_id, order_id = _buyer()
    address = users.get(user_id).email
    staff_id = new_staff().user_id
    ticket, _ = _open(user_id, order_id)
    staff_tickets.add_note(staff_id, ticket.number, "internal only")
    worker.drain()
    assert mails_to(address) == []
    staff_tickets.reply_as_staff(staff_id, ticket.number, "We refilled it.")
    assert worker.drain() >= 1
    mail = latest_mail_to(address)
    assert f"Support replied to your ticket #{ticket.number}" in mail
    assert f"/tickets/{ticket.number}" in mail and "We refilled it." not in mail


# --- S11's input: breaches per user and month ---------------------------------------------------

@pytest.mark.promise("S11")
def test_monthly_breach_count_per_user(clock, ack_off) -> None:
    clock.at = datetime(2023, 6, 1, 10, 0, tzinfo=UTC)
    late_user = customer()
    quick_user, quick_order = _buyer()
    staff_id = new_staff().user_id
    late = [_open(late_user, None, category="other", message=f"question {i}")[0] for i in range(3)]
    quick, _ = _open(quick_user, quick_order)
    blocked, _ = _open(late_user, None, category="orders", message="no ids given")
    staff_tickets.reply_as_staff(staff_id, quick.number, "Answered at once.")
    clock.at = datetime(2023, 6, 13, 10, 0, tzinfo=UTC)   # standard target (49 h) ended 9 June 17:00
    staff_tickets.reply_as_staff(staff_id, late[0].number, "Sorry for the wait.")
    counts = breaches.breaches_by_user("2023-06")
    assert counts.get(late_user) == 3 and quick_user not in counts
    assert breaches.breaches_of_user(late_user, "2023-06") == 3
    assert breaches.breaches_of_user(late_user, "2023-07") == 0
    assert not staff_views.staff_ticket(blocked.number).sla.breached  # never timed
    with pytest.raises(InvalidInput, match="month"):
        breaches.breaches_by_user("June")


# --- attachments at the service level --------------------------------------------------------------

def _upload(user_id: str, data: bytes, content_type: str = "text/plain", declared: int | None = None,
            sent_type: str | None = None) -> str:
    upload = ticket_files.request_upload(user_id, "log.txt", content_type, declared or len(data))
    fields = dict(upload["upload"]["fields"])
    if sent_type:
        fields["Content-Type"] = sent_type   # a client that does not follow the form
    response = requests.post(upload["upload"]["url"], data=fields, files={"file": ("log.txt", data)}, timeout=10)
    assert response.status_code in (200, 201, 204), response.text
    return str(upload["key"])


def test_uploads_are_checked_in_s3_before_a_ticket_uses_them(at_noon) -> None:
    user_id = customer()
    good = _upload(user_id, b"error 500 at 12:00\n")
    ticket, messages = customer_tickets.open_ticket(user_id, "API error", "api", "See the log.", None, None, [good])
    assert [a.filename for a in messages[0].attachments] == ["log.txt"]
    assert ticket.attachments[0].size == len(b"error 500 at 12:00\n")
    limit = get_settings().attachment_max_bytes
    too_big = _upload(user_id, b"x" * (limit + 1), declared=10)  # moto does not enforce the form's size range
    html = _upload(user_id, b"<script>alert(1)</script>", sent_type="text/html")
    for key, message in ((too_big, "too large"), (html, "cannot be attached")):
        with pytest.raises(InvalidInput, match=message):
            customer_tickets.open_ticket(user_id, "API error", "api", f"See the log {key}.", None, None, [key])
        with pytest.raises(InvalidInput, match="not found"):  # the refused upload was deleted
            customer_tickets.open_ticket(user_id, "API error", "api", "See the log again.", None, None, [key])
    assert [t.number for t in customer_tickets.tickets_of(user_id)] == [ticket.number]
    stranger = customer()
    with pytest.raises(InvalidInput, match="not found"):
        customer_tickets.open_ticket(stranger, "API error", "api", "Their log.", None, None, [good])
