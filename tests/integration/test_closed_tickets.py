"""The staff queue's closed filter: closed tickets, most recently closed first, in their own
index partition; and the one-off indexing of tickets closed before that partition existed."""

from __future__ import annotations

import secrets
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from chalicelib.domain.tickets.model import Status
from chalicelib.services.tickets import closed_index, staff, staff_views
from chalicelib.services.tickets import customer as customer_tickets
from chalicelib.store import dynamo, keys
from tests.support.accounts import customer, new_staff

CLOSED = staff_views.QueueFilter(status=Status.CLOSED)


def _ticket(user_id: str) -> int:
    question = f"How do refills work? {secrets.token_hex(4)}"
    ticket, _ = customer_tickets.open_ticket(user_id, "A question", "other", question)
    return ticket.number


def _closed_numbers() -> list[int]:
    return [t.number for t, _ in staff_views.work_queue(CLOSED)]


def _queued_numbers() -> list[int]:
    return [t.number for t, _ in staff_views.work_queue(staff_views.QueueFilter())]


def _as_saved_before_the_closed_list(number: int) -> None:
    """What a ticket closed by an earlier release looks like: no index entry at all."""
    dynamo.update(keys.ticket(number), "REMOVE gsi2pk, gsi2sk")


def test_the_closed_filter_lists_closed_tickets_newest_first_and_a_reopened_one_leaves_it(at_noon) -> None:
    user_id = customer()
    staff_id = new_staff().user_id
    first, second, still_open = _ticket(user_id), _ticket(user_id), _ticket(user_id)
    customer_tickets.close_as_customer(user_id, first)
    at_noon.at += timedelta(minutes=5)
    staff.set_status(staff_id, second, "closed")
    mine = {first, second, still_open}
    assert [n for n in _closed_numbers() if n in mine] == [second, first]
    assert all(t.status == Status.CLOSED for t, _ in staff_views.work_queue(CLOSED))
    assert [n for n in _queued_numbers() if n in mine] == [still_open]
    staff.set_status(staff_id, first, "open")
    assert [n for n in _closed_numbers() if n in mine] == [second]
    assert first in _queued_numbers()


def test_tickets_closed_before_the_list_existed_are_indexed_once_even_by_concurrent_runs(fresh_table, at_noon) -> None:
    user_id = customer()
    staff_id = new_staff().user_id
    legacy = [_ticket(user_id) for _ in range(6)]
    for number in legacy:
        customer_tickets.close_as_customer(user_id, number)
        _as_saved_before_the_closed_list(number)
        at_noon.at += timedelta(minutes=1)
    reopened = legacy.pop()
    staff.set_status(staff_id, reopened, "open")  # saved again since: in the queue, not in the closed list
    assert _closed_numbers() == []
    with ThreadPoolExecutor(4) as pool:
        counts = list(pool.map(lambda _: closed_index.index_closed_tickets(), range(4)))
    assert sum(counts) == len(legacy)
    assert _closed_numbers() == list(reversed(legacy))
    assert _queued_numbers() == [reopened]
    assert closed_index.index_closed_tickets() == 0
