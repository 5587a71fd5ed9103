"""The privacy request register on DynamoDB Local (promise P6): staff-logged requests, the
deadline-ordered open index with its due-soon and overdue ranges, versioned changes under
concurrency, and the audit record that goes with every change."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from threading import Barrier

import pytest

from chalicelib.domain.accounts import Role
from chalicelib.domain.errors import Conflict, InvalidInput
from chalicelib.domain.privacy_requests import IdentityCheck, PrivacyRequest, Status
from chalicelib.services import audit_log
from chalicelib.services import privacy_requests as register
from chalicelib.services.privacy_requests import View
from chalicelib.store import privacy_requests as store
from tests.support.accounts import customer, new_staff

NOON = datetime(2031, 5, 20, 12, 0, tzinfo=UTC)


def log(staff_id: str, received_on: date, summary: str = "Please send me a copy of my data",
        **kw: object) -> PrivacyRequest:
    return register.log_request(staff_id, kw.pop("request_type", "access"), kw.pop("channel", "email"), received_on,
                                summary, requester_email=kw.pop("contact", "asker@example.com"), **kw)  # type: ignore[arg-type]


def audit_actions(request: PrivacyRequest) -> list[str]:
    records, _ = audit_log.subject_page(f"privacy_request:{request.display}", 50, None)
    return [r.action.value for r in records]


@pytest.mark.promise("P6")
def test_a_logged_request_gets_its_deadline_and_an_audit_record_with_the_contact_masked(clock) -> None:
    clock.at = NOON
    staff = new_staff(Role.SUPPORT)
    made = log(staff.user_id, date(2031, 1, 31), channel="post")
    stored = store.get(made.number)
    assert stored == made
    assert stored.display.startswith("PR-") and stored.status == Status.RECEIVED
    assert stored.deadline == date(2031, 2, 28) and stored.created_by == staff.user_id
    records, _ = audit_log.subject_page(f"privacy_request:{made.display}", 10, None)
    assert [r.action.value for r in records] == ["privacy_request.opened"]
    assert records[0].after["contact"] == "a***@example.com"
    assert records[0].after["deadline"] == "2031-02-28" and records[0].actor != ""
    assert "asker@example.com" not in str(records[0].view())


@pytest.mark.promise("P6")
def test_open_requests_list_by_deadline_and_due_soon_and_overdue_are_ranges_of_the_index(fresh_table, clock) -> None:
    clock.at = NOON  # 20 May 2031
    staff = new_staff(Role.SUPPORT).user_id
    overdue = log(staff, date(2031, 4, 10))    # due 10 May: overdue
    due_today = log(staff, date(2031, 4, 20))  # due 20 May: due soon, 0 days left
    due_soon = log(staff, date(2031, 4, 27))   # due 27 May: due soon, the seventh day
    on_track = log(staff, date(2031, 4, 28))   # due 28 May: not yet due soon
    fresh = log(staff, date(2031, 5, 20))      # due 20 June
    decided = log(staff, date(2031, 4, 1))     # would be overdue, but refused
    register.set_status(decided.display, 0, staff, "refused", "Manifestly unfounded: a repeat of PR-1")

    def numbers(view: View, limit: int = 50) -> list[int]:
        return [r.number for r in register.listing(view, limit, None).requests]

    assert numbers(View.OPEN) == [overdue.number, due_today.number, due_soon.number, on_track.number, fresh.number]
    assert numbers(View.OVERDUE) == [overdue.number]
    assert numbers(View.DUE_SOON) == [due_today.number, due_soon.number]
    assert numbers(View.ALL) == [fresh.number, on_track.number, due_soon.number, due_today.number, overdue.number,
                                 decided.number]
    first = register.listing(View.OPEN, 2, None)
    rest = register.listing(View.OPEN, 10, first.next_cursor)
    assert [r.number for r in first.requests + rest.requests] == numbers(View.OPEN)
    assert rest.next_cursor is None

    clock.at = NOON + timedelta(days=1)  # 21 May: the deadline of 20 May has ended
    assert numbers(View.OVERDUE) == [overdue.number, due_today.number]


@pytest.mark.promise("P6")
def test_an_extension_moves_the_request_in_the_deadline_order_and_a_decision_takes_it_off(fresh_table, clock) -> None:
    clock.at = NOON
    staff = new_staff(Role.SUPPORT).user_id
    first = log(staff, date(2031, 5, 1))   # due 1 June
    second = log(staff, date(2031, 5, 5))  # due 5 June
    extended = register.extend(first.display, 0, staff, 2, "Complex: several years of orders to review")
    assert extended.deadline == date(2031, 8, 1) and extended.status == Status.EXTENDED
    assert [r.number for r in register.listing(View.OPEN, 10, None).requests] == [second.number, first.number]
    verified = register.set_identity(second.display, 0, staff, "verified", "Answered from the account's address")
    register.set_status(second.display, verified.version, staff, "completed", "Export sent by e-mail")
    assert [r.number for r in register.listing(View.OPEN, 10, None).requests] == [first.number]
    assert sorted(audit_actions(second)) == ["privacy_request.changed", "privacy_request.changed",
                                             "privacy_request.opened"]


@pytest.mark.promise("P6")
def test_two_staff_changing_one_request_at_once_one_wins_and_the_other_gets_a_conflict(clock) -> None:
    clock.at = NOON
    staff = [new_staff(Role.SUPPORT).user_id for _ in range(6)]
    made = log(staff[0], date(2031, 5, 19))
    start = Barrier(len(staff))

    def take(staff_id: str) -> str:
        start.wait()
        try:
            register.assign(made.display, 0, staff_id, staff_id)
            return "won"
        except Conflict:
            return "conflict"

    with ThreadPoolExecutor(max_workers=len(staff)) as pool:
        outcomes = list(pool.map(take, staff))
    assert outcomes.count("won") == 1 and outcomes.count("conflict") == len(staff) - 1
    stored = store.get(made.number)
    assert stored is not None and stored.version == 1
    assert stored.assigned_to == staff[outcomes.index("won")]
    assert [c.field for c in stored.history] == ["status", "assigned_to"]  # exactly one change appended
    assert audit_actions(made).count("privacy_request.changed") == 1


def test_a_change_made_on_a_stale_version_is_refused_and_changes_nothing(clock) -> None:
    clock.at = NOON
    staff = new_staff(Role.SUPPORT).user_id
    made = log(staff, date(2031, 5, 19))
    register.set_status(made.display, 0, staff, "in_progress", None)
    with pytest.raises(Conflict, match="changed by someone else"):
        register.set_status(made.display, 0, staff, "refused", "Unfounded")
    stored = store.get(made.number)
    assert stored is not None and (stored.status, stored.version) == (Status.IN_PROGRESS, 1)


def test_logging_checks_its_input_and_a_ticket_is_registered_once(clock) -> None:
    from chalicelib.services.tickets import customer as desk

    clock.at = NOON
    staff = new_staff(Role.SUPPORT).user_id
    with pytest.raises(InvalidInput, match="future"):
        log(staff, date(2031, 5, 21))
    with pytest.raises(InvalidInput, match="Unknown request type"):
        log(staff, date(2031, 5, 1), request_type="everything")
    with pytest.raises(InvalidInput, match="automatically"):
        log(staff, date(2031, 5, 1), channel="self_service")
    with pytest.raises(InvalidInput, match="no account"):
        log(staff, date(2031, 5, 1), account_id="not-a-user")
    with pytest.raises(InvalidInput, match="ticket"):
        log(staff, date(2031, 5, 1), channel="ticket")
    user_id = customer()
    ticket, _ = desk.open_ticket(user_id, "Delete my stuff", "other", "Please erase everything you hold on me.")
    made = log(staff, date(2031, 5, 20), channel="ticket", ticket_number=ticket.number, request_type="erasure")
    assert (made.account_id, made.ticket_number) == (user_id, ticket.number)
    assert register.entry_of_ticket(ticket.number) == made.display
    with pytest.raises(Conflict, match=f"already in the register as {made.display}"):
        log(staff, date(2031, 5, 20), channel="ticket", ticket_number=ticket.number)


def test_only_support_staff_and_admins_can_be_assigned(clock) -> None:
    clock.at = NOON
    staff = new_staff(Role.SUPPORT).user_id
    made = log(staff, date(2031, 5, 19))
    for outsider in (customer(), new_staff(Role.LEGAL).user_id, "nobody"):
        with pytest.raises(InvalidInput, match="support or admin"):
            register.assign(made.display, 0, staff, outsider)
    admin = new_staff(Role.ADMIN).user_id
    assert register.assign(made.display, 0, staff, admin).assigned_to == admin
    assert register.assign(made.display, 1, staff, None).assigned_to is None
    assert store.get(made.number).identity == IdentityCheck.NOT_CHECKED  # type: ignore[union-attr]
