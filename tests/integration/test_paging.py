"""Lists page with cursors through everything; jobs read whole partitions (no silent caps)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.ledger import EntryKind
from chalicelib.domain.orders import OrderFilter
from chalicelib.services import ledger, orders
from chalicelib.services.payments import card, reconcile
from chalicelib.store import dynamo
from chalicelib.store import ledger as ledger_store
from tests.support import stripe
from tests.support.accounts import customer
from tests.support.catalog import service


def _all_pages(read, limit: int) -> tuple[list, int]:
    items, cursor, pages = [], None, 0
    while True:
        page, cursor = read(limit, cursor)
        items.extend(page)
        pages += 1
        if cursor is None:
            return items, pages


@pytest.mark.promise("O4")
def test_the_ledger_pages_through_every_entry() -> None:
    user_id = customer()
    for n in range(23):
        ledger.move(user_id, Decimal("1.00"), EntryKind.MANUAL_ADJUSTMENT, f"adj-{n}", "test", staff_id="s", reason="r")
    entries, pages = _all_pages(lambda limit, cursor: ledger_store.entries_page(user_id, limit, cursor), 5)
    assert pages == 5 and [e.entry_id for e in entries] == [e.entry_id for e in ledger_store.entries(user_id)]
    assert len({e.entry_id for e in entries}) == 23
    assert sum(e.amount for e in entries) == ledger_store.account(user_id).balance == Decimal("23")


def test_a_cursor_is_checked() -> None:
    mine, theirs = customer("1.00"), customer("1.00")
    for bad in ("not-base64!", "e30=", "W10=", "eyJhIjogMX0="):  # garbage, {}, [], {"a": 1}
        with pytest.raises(InvalidInput, match="cursor is not valid"):
            ledger_store.entries_page(mine, 5, bad)
    forged = dynamo.encode_cursor({"gsi1pk": {"S": ledger_store.keys.ledger_of(theirs)}, "pk": {"S": "x"},
                                   "sk": {"S": "y"}, "gsi1sk": {"S": "z"}})
    with pytest.raises(InvalidInput):
        ledger_store.entries_page(mine, 5, forged)  # a cursor never reads someone else's partition


def test_top_up_history_pages_through_every_top_up() -> None:
    user_id = customer()
    made = [card.start_top_up(user_id, "10.00", stripe.card(), f"page-{n}-{user_id}").top_up.top_up_id
            for n in range(7)]
    seen, pages = _all_pages(lambda limit, cursor: card.history(user_id, limit, cursor), 3)
    assert pages == 3 and sorted(t.top_up_id for t in seen) == sorted(made)
    month = seen[0].created_at.strftime("%Y-%m")
    in_month, _pages = _all_pages(lambda limit, cursor: card.month_history(month, limit, cursor), 50)
    assert set(made) <= {t.top_up_id for t in in_month}
    for bad in ("2026-13", "2026-1", "\uff12\uff10\uff12\uff16-11", "abcd-ef"):
        with pytest.raises(InvalidInput, match="month"):
            card.month_history(bad)


@pytest.mark.promise("O4")
def test_the_reconciler_sees_every_open_top_up_however_many(fresh_table, clock, monkeypatch) -> None:
    monkeypatch.setattr(dynamo, "PAGE_SIZE", 3)  # 8 open top-ups span three pages of the month
    users = [customer() for _ in range(8)]
    for n, user_id in enumerate(users):
        card.start_top_up(user_id, "5.00", stripe.card(), f"lost-{n}")  # the webhook never comes
    clock.at += timedelta(minutes=31)
    counts = reconcile.reconcile_pending()
    assert counts["checked"] == counts["credited"] == 8
    assert all(ledger_store.account(u).balance == Decimal("5.00") for u in users)


def _orders_of_two_services(count: int) -> tuple[str, list, int]:
    user_id = customer("10.00")
    rare, common = service(), service()
    placed = [orders.place(user_id, (rare if n % 4 == 0 else common).service_id,
                           {"link": f"https://instagram.com/p/paging/{n}", "quantity": 100}) for n in range(count)]
    return user_id, placed, rare.service_id


def test_a_filtered_order_history_pages_through_every_match() -> None:
    user_id, placed, rare = _orders_of_two_services(13)
    wanted = [o.order_id for o in reversed(placed) if o.service_id == rare]
    seen, _pages = _all_pages(lambda limit, cursor: orders.list_for_user(
        user_id, OrderFilter(service_id=rare), limit, cursor), 2)
    assert [o.order_id for o in seen] == wanted and len(wanted) == 4


def test_a_filtered_page_that_stops_reading_early_continues_where_it_stopped(monkeypatch) -> None:
    """A filter that skips most items may leave a page short (reading is bounded); its
    cursor continues after the last item read, so nothing is skipped or repeated."""
    user_id, placed, rare = _orders_of_two_services(13)
    monkeypatch.setattr(dynamo, "MAX_READS", 1)
    monkeypatch.setattr(dynamo, "READ_AHEAD", 1)
    first, cursor = orders.list_for_user(user_id, OrderFilter(service_id=rare), 3, None)
    assert len(first) < 3 and cursor is not None  # one read of 3 items holds at most one match
    seen, _pages = _all_pages(lambda limit, cursor: orders.list_for_user(
        user_id, OrderFilter(service_id=rare), limit, cursor), 3)
    assert [o.order_id for o in seen] == [o.order_id for o in reversed(placed) if o.service_id == rare]
