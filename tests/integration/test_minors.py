"""Flagging an account as a minor's (P7) on DynamoDB Local: it is closed and erased through the
erasure service, recorded once, and a remaining balance opens one staff task, resolved once."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from chalicelib.domain.audit_log import Action
from chalicelib.domain.errors import Conflict, InvalidInput
from chalicelib.domain.ledger import EntryKind
from chalicelib.domain.orders import OrderStatus
from chalicelib.domain.retention import DataClass
from chalicelib.domain.staff_tasks import TaskStatus, minor_refund_task_id
from chalicelib.services import ledger as services_ledger
from chalicelib.services import minors, orders, retention, staff_tasks
from chalicelib.store import audit_log, holds, ledger, logins, users
from chalicelib.store import staff_tasks as task_store
from tests.support.accounts import customer, email_of
from tests.support.catalog import service
from tests.support.ledger import ledger_sum

STAFF = "staff-admin-1"


def _trail(user_id: str) -> list[Action]:
    records, _ = audit_log.of_subject(f"user:{user_id}", 100, None)
    return [r.action for r in records]


@pytest.mark.promise("P7")
def test_flagging_erases_the_account_and_opens_one_refund_task_however_often_it_is_flagged(clock) -> None:
    clock.at = datetime(2026, 11, 4, 12, 0, tzinfo=UTC)
    user_id = customer("12.345")
    address = email_of(user_id)
    logins.record(user_id, clock.at, "203.0.113.9", clock.at.date())

    first = minors.flag_minor(user_id, "Said in ticket 12 that they are 15", STAFF)
    assert first.newly_flagged and first.balance == Decimal("12.345")
    user = users.get(user_id)
    assert user is not None and user.email == "" and user.username == f"closed-{user_id}"
    assert users.get_by_email(address) is None and logins.of_user(user_id) == []
    account = ledger.account(user_id)
    assert account is not None and account.closed and ledger_sum(user_id) == account.balance

    task = task_store.get(minor_refund_task_id(user_id))
    assert task is not None and task.status == TaskStatus.OPEN and task.amount == Decimal("12.345")
    assert task.text == (f"Refund the remaining withdrawable balance of $12.34 of account {user_id} "
                         "to its payment method, or record why not (service credit and bonus are never paid out).")

    again = minors.flag_minor(user_id, "flagged again by mistake", STAFF)
    assert not again.newly_flagged and again.task_id == first.task_id
    assert _trail(user_id).count(Action.ACCOUNT_FLAGGED_MINOR) == 1
    assert _trail(user_id).count(Action.ACCOUNT_CLOSED) == 1
    listed, _ = staff_tasks.tasks("open", 100, None)
    assert [t.task.task_id for t in listed].count(first.task_id) == 1


@pytest.mark.promise("P7")
def test_concurrent_flags_record_one_flag_and_one_task(clock) -> None:
    user_id = customer("3.00")
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda i: minors.flag_minor(user_id, f"report {i}", STAFF), range(4)))
    assert sum(r.newly_flagged for r in results) == 1
    assert _trail(user_id).count(Action.ACCOUNT_FLAGGED_MINOR) == 1
    listed, _ = staff_tasks.tasks("open", 1000, None)
    assert [t.task.user_id for t in listed].count(user_id) == 1


@pytest.mark.promise("P7")
def test_no_task_when_nothing_remains() -> None:
    user_id = customer("0")
    flagged = minors.flag_minor(user_id, "reported by a parent", STAFF)
    assert flagged.task_id is None and task_store.get(minor_refund_task_id(user_id)) is None
    assert Action.ACCOUNT_FLAGGED_MINOR in _trail(user_id)


@pytest.mark.promise("P7", "L7")
def test_a_held_account_is_not_erased_and_staff_are_told_why(clock) -> None:
    clock.at = datetime(2026, 11, 4, 12, 0, tzinfo=UTC)
    user_id = customer("5.00")
    address = email_of(user_id)
    holds.place(user_id, "preservation request LE-9", "legal-1", clock.at)

    with pytest.raises(Conflict) as refused:
        minors.flag_minor(user_id, "said they are 16", STAFF)
    assert "preservation hold (preservation request LE-9)" in refused.value.message
    user = users.get(user_id)
    assert user is not None and user.email == address
    account = ledger.account(user_id)
    assert account is not None and not account.closed
    assert task_store.get(minor_refund_task_id(user_id)) is None
    trail = _trail(user_id)
    assert Action.ERASURE_REFUSED in trail and Action.ACCOUNT_FLAGGED_MINOR not in trail
    records, _ = audit_log.of_subject(f"user:{user_id}", 10, None)
    refusal = next(r for r in records if r.action == Action.ERASURE_REFUSED)
    assert refusal.after is not None and "LE-9" in refusal.after["refused_because"]


def test_a_blank_reason_or_a_staff_account_changes_nothing() -> None:
    user_id = customer("1.00")
    with pytest.raises(InvalidInput):
        minors.flag_minor(user_id, "   ", STAFF)
    account = ledger.account(user_id)
    assert account is not None and not account.closed and _trail(user_id) == []


def test_a_task_is_resolved_once_with_a_note_even_when_two_staff_resolve_it_at_once() -> None:
    user_id = customer("2.00")
    task_id = minors.flag_minor(user_id, "reported", STAFF).task_id
    assert task_id is not None
    with pytest.raises(InvalidInput):
        staff_tasks.resolve(task_id, "  ", STAFF)

    def resolve(i: int) -> bool:
        try:
            staff_tasks.resolve(task_id, f"refunded to the card, Stripe refund re_{i}", f"staff-{i}")
        except Conflict:
            return False
        return True

    with ThreadPoolExecutor(max_workers=4) as pool:
        assert sum(pool.map(resolve, range(4))) == 1
    task = task_store.get(task_id)
    assert task is not None and task.status == TaskStatus.RESOLVED and task.note and task.resolved_by
    assert task_id not in [t.task.task_id for t in staff_tasks.tasks("open", 1000, None)[0]]
    assert task_id in [t.task.task_id for t in staff_tasks.tasks("resolved", 1000, None)[0]]
    resolved_trail, _ = audit_log.of_subject(f"task:{task_id}", 10, None)
    assert [r.action for r in resolved_trail] == [Action.TASK_RESOLVED]


@pytest.mark.promise("S13")
def test_the_refund_task_names_only_the_withdrawable_part_never_service_credit(clock) -> None:
    clock.at = datetime(2026, 11, 4, 12, 0, tzinfo=UTC)
    user_id = customer("5.00")
    services_ledger.move(user_id, Decimal("3.00"), EntryKind.SERVICE_CREDIT, "sla#2026-10#availability", "test")

    flagged = minors.flag_minor(user_id, "Said in a ticket that they are 16", STAFF)

    assert flagged.balance == Decimal("8.00")
    task = task_store.get(minor_refund_task_id(user_id))
    assert task is not None and task.amount == Decimal("5.00")
    assert "$5.00 " in task.text


def test_no_refund_task_when_only_service_credit_remains(clock) -> None:
    clock.at = datetime(2026, 11, 4, 12, 0, tzinfo=UTC)
    user_id = customer("0")
    services_ledger.move(user_id, Decimal("2.00"), EntryKind.SERVICE_CREDIT, "sla#2026-10#availability", "test")

    flagged = minors.flag_minor(user_id, "Said in a ticket that they are 16", STAFF)

    assert flagged.balance == Decimal("2.00") and flagged.task_id is None
    assert task_store.get(minor_refund_task_id(user_id)) is None


@pytest.mark.promise("P7")
def test_money_refunded_to_a_minors_account_after_the_flag_gets_its_own_task(clock) -> None:
    clock.at = datetime(2026, 10, 1, 12, 0, tzinfo=UTC)
    user_id = customer("3.00")
    running = orders.place(user_id, service(provider_rate="1.00").service_id,
                           {"link": "https://instagram.com/p/minor", "quantity": 3000})   # all of it
    flagged = minors.flag_minor(user_id, "Said in a ticket that they are 16", STAFF)
    assert flagged.task_id is None and flagged.orders_still_open == 1

    assert orders.settle(running.order_id, OrderStatus.CANCELED, before_sending=True)   # $3.00 comes back
    clock.at = datetime(2026, 12, 1, 3, 15, tzinfo=UTC)
    retention.purge_personal_data(tuple(p for p in retention.PURGERS if p.data_class == DataClass.CLOSED_ACCOUNTS))

    account = ledger.account(user_id)
    assert account is not None
    task = task_store.get(f"{minor_refund_task_id(user_id)}-{account.seq}")
    assert task is not None and task.amount == Decimal("3.00") and task.status == TaskStatus.OPEN
    assert minors.refund_what_arrived_later(user_id) == task.task_id       # idempotent: still one task
    open_tasks, _ = task_store.open_page(50, None)
    assert [t.task_id for t in open_tasks if t.user_id == user_id] == [task.task_id]
