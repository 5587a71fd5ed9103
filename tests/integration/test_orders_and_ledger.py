"""Charging, concurrency, idempotency and refunds on DynamoDB Local (promises O1, O3, O4)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from chalicelib.domain.errors import InvalidInput, NotEnoughFunds, NotFound
from chalicelib.domain.ledger import EntryKind, LedgerEntry
from chalicelib.domain.orders import OrderFilter, OrderStatus
from chalicelib.services import ledger, orders
from chalicelib.store import ledger as ledger_store
from tests.support.accounts import customer
from tests.support.catalog import service
from tests.support.ledger import ledger_sum

LINK = "https://instagram.com/p/abc"


@pytest.mark.promise("O1", "O4")
def test_fifty_parallel_orders_against_a_balance_for_twenty(backing_services) -> None:
    user_id = customer(balance="20.00")
    svc = service(provider_rate="1.00")  # 1000 units cost 1.00

    def attempt(n: int) -> str:
        try:
            orders.place(user_id, svc.service_id, {"link": f"{LINK}{n}", "quantity": 1000})
            return "ok"
        except NotEnoughFunds:
            return "refused"

    with ThreadPoolExecutor(max_workers=16) as pool:
        outcomes = list(pool.map(attempt, range(50)))
    assert outcomes.count("ok") == 20
    assert outcomes.count("refused") == 30
    account = ledger_store.account(user_id)
    assert account.balance == Decimal("0")
    assert ledger_sum(user_id) == account.balance
    entries = ledger_store.entries(user_id, newest_first=False)
    assert [e.seq for e in entries] == list(range(1, 22))
    assert entries[-1].balance_after == Decimal("0")


@pytest.mark.promise("O1")
def test_an_idempotency_key_places_once_even_when_raced(backing_services) -> None:
    user_id = customer(balance="10.00")
    svc = service()
    body = {"link": LINK, "quantity": 1000}
    with ThreadPoolExecutor(max_workers=6) as pool:
        placed = list(pool.map(lambda _: orders.place(user_id, svc.service_id, body, "retry-key-1"), range(6)))
    assert len({o.order_id for o in placed}) == 1
    assert ledger_store.account(user_id).balance == Decimal("9.00000")
    with pytest.raises(orders.IdempotencyMismatch):
        orders.place(user_id, svc.service_id, {"link": LINK, "quantity": 2000}, "retry-key-1")


@pytest.mark.promise("O3", "O4")
def test_a_partial_is_refunded_once_under_repeated_and_concurrent_updates(backing_services) -> None:
    user_id = customer(balance="5.00")
    svc = service(provider_rate="2.00")
    order = orders.place(user_id, svc.service_id, {"link": LINK, "quantity": 1000})  # charge 2.00
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda _: orders.settle(order.order_id, OrderStatus.PARTIAL, remains=250), range(8)))
    assert results.count(True) == 1
    assert orders.settle(order.order_id, OrderStatus.CANCELED) is False  # a later, different update too
    account = ledger_store.account(user_id)
    assert account.balance == Decimal("3.50000")  # 5 - 2 + 0.50
    assert ledger_sum(user_id) == account.balance
    settled = orders.get_for_user(user_id, order.order_id)
    assert settled.status == OrderStatus.PARTIAL and settled.refunded == Decimal("0.50000")


@pytest.mark.promise("O3")
def test_cancel_of_a_pending_order_refunds_the_whole_charge_once(backing_services) -> None:
    user_id = customer(balance="5.00")
    svc = service(provider_rate="2.00")
    order = orders.place(user_id, svc.service_id, {"link": LINK, "quantity": 1000})
    canceled = orders.request_cancel(user_id, order.order_id)
    assert canceled.status == OrderStatus.CANCELED
    with pytest.raises(InvalidInput, match="no longer be canceled"):
        orders.request_cancel(user_id, order.order_id)
    assert ledger_store.account(user_id).balance == Decimal("5.00000")


@pytest.mark.promise("O1")
def test_only_money_taken_back_may_go_below_zero(backing_services) -> None:
    """Orders and staff debits stop at zero, even raced; the store refuses a negative balance
    that does not lock the account (the payment paths that may are tested in test_payments)."""
    user_id = customer(balance="3.00")
    with pytest.raises(NotEnoughFunds):
        ledger.adjust(user_id, Decimal("-3.01"), "chargeback fee", "staff-1", entry_id="adj-1")
    with ThreadPoolExecutor(max_workers=6) as pool:
        debits = list(pool.map(lambda n: _try_adjust(user_id, n), range(6)))
    assert debits.count(True) == 3 and ledger_store.account(user_id).balance == 0
    account = ledger_store.account(user_id)
    entry = LedgerEntry("sneaky", user_id, EntryKind.MANUAL_ADJUSTMENT, Decimal("-1"), Decimal("-1"), account.seq + 1,
                        datetime.now(UTC), "test")
    with pytest.raises(AssertionError):
        ledger_store.apply(account, entry)  # the store itself refuses it before any write
    assert ledger_store.account(user_id) == account and not ledger_store.has_entry(user_id, "sneaky")


def _try_adjust(user_id: str, n: int) -> bool:
    try:
        ledger.adjust(user_id, Decimal("-1.00"), "fee", "staff-1", entry_id=f"adj-race-{n}")
    except NotEnoughFunds:
        return False
    return True


def test_refused_orders_leave_balance_and_ledger_untouched(backing_services) -> None:
    user_id = customer(balance="1.00")
    svc = service(provider_rate="2.00")
    before = ledger_store.account(user_id)
    for body in ({"link": LINK, "quantity": 1000}, {"link": "ftp://x", "quantity": 100}, {"link": LINK, "quantity": 1}):
        with pytest.raises((NotEnoughFunds, InvalidInput)):
            orders.place(user_id, svc.service_id, body)
    disabled = service(enabled=False)
    with pytest.raises(InvalidInput, match="Incorrect service ID"):
        orders.place(user_id, disabled.service_id, {"link": LINK, "quantity": 100})
    with pytest.raises(InvalidInput, match="Incorrect service ID"):
        orders.place(user_id, 99_999_999, {"link": LINK, "quantity": 100})
    assert ledger_store.account(user_id) == before
    assert len(ledger_store.entries(user_id)) == 1


@pytest.mark.promise("O5")
def test_another_users_order_is_not_found(backing_services) -> None:
    owner, other = customer(balance="5.00"), customer()
    order = orders.place(owner, service().service_id, {"link": LINK, "quantity": 100})
    with pytest.raises(NotFound, match="Incorrect order ID"):
        orders.get_for_user(other, order.order_id)
    with pytest.raises(NotFound):
        orders.request_cancel(other, order.order_id)
    assert orders.list_for_user(other, OrderFilter())[0] == []


def test_one_active_order_per_link_when_the_service_asks_for_it(backing_services) -> None:
    user_id = customer(balance="5.00")
    svc = service(one_active_order_per_link=True)
    first = orders.place(user_id, svc.service_id, {"link": LINK, "quantity": 100})
    with pytest.raises(InvalidInput, match="You have active order with this link"):
        orders.place(user_id, svc.service_id, {"link": LINK.upper(), "quantity": 100})
    orders.settle(first.order_id, OrderStatus.COMPLETED)
    assert orders.place(user_id, svc.service_id, {"link": LINK, "quantity": 100}).order_id > first.order_id


def test_mass_order_places_each_line_on_its_own(backing_services) -> None:
    user_id = customer(balance="1.00")
    svc = service()
    text = f"{svc.service_id} | {LINK}1 | 100\nnot a line\n{svc.service_id} | ftp://x | 100\n999999 | {LINK} | 100\n" \
           f"{svc.service_id} | {LINK}2 | 200"
    results = orders.place_mass(user_id, text)
    assert [r.order_id is not None for r in results] == [True, False, False, False, True]
    assert "service_id | link | quantity" in results[1].error
    assert results[3].error == "Incorrect service ID"
    assert ledger_store.account(user_id).balance == Decimal("0.70000")


def test_order_history_filters_and_pages(backing_services) -> None:
    user_id = customer(balance="10.00")
    a, b = service(), service()
    placed = [orders.place(user_id, (a if n % 2 else b).service_id, {"link": f"{LINK}/{n}", "quantity": 100})
              for n in range(7)]
    page1, cursor = orders.list_for_user(user_id, OrderFilter(), limit=3)
    page2, cursor2 = orders.list_for_user(user_id, OrderFilter(), limit=3, cursor=cursor)
    page3, cursor3 = orders.list_for_user(user_id, OrderFilter(), limit=3, cursor=cursor2)
    ids = [o.order_id for o in page1 + page2 + page3]
    assert ids == [o.order_id for o in reversed(placed)] and cursor3 is None
    only_a, _ = orders.list_for_user(user_id, OrderFilter(service_id=a.service_id), limit=10)
    assert {o.service_id for o in only_a} == {a.service_id} and len(only_a) == 3
    searched, _ = orders.list_for_user(user_id, OrderFilter(link_contains="/p/abc/4"), limit=10)
    assert [o.order_id for o in searched] == [placed[4].order_id]
    with pytest.raises(InvalidInput, match="cursor"):
        orders.list_for_user(user_id, OrderFilter(), cursor="garbage!")


def test_history_by_date_range_and_status(backing_services, clock) -> None:
    from datetime import UTC, datetime

    user_id = customer(balance="10.00")
    svc = service()
    placed = {}
    for day in (3, 10, 20):
        clock.at = datetime(2026, 3, day, 12, 0, tzinfo=UTC)
        placed[day] = orders.place(user_id, svc.service_id, {"link": f"{LINK}/{day}", "quantity": 100})
    orders.settle(placed[10].order_id, OrderStatus.COMPLETED)
    march = OrderFilter(date_from="2026-03-05", date_to="2026-03-20")
    assert [o.order_id for o in orders.list_for_user(user_id, march)[0]] == [placed[20].order_id, placed[10].order_id]
    done = OrderFilter(status=OrderStatus.COMPLETED)
    assert [o.order_id for o in orders.list_for_user(user_id, done)[0]] == [placed[10].order_id]


def test_custom_rates_price_the_order(backing_services) -> None:
    from chalicelib.services import catalog

    user_id = customer(balance="10.00")
    svc = service(provider_rate="0.20", markup="900")  # listed at 2.00; any price here stays above cost
    catalog.set_custom_rate(user_id, svc.service_id, None, Decimal("25"))
    assert orders.place(user_id, svc.service_id, {"link": LINK, "quantity": 1000}).charge == Decimal("1.50000")
    catalog.set_custom_rate(user_id, svc.service_id, Decimal("0.40"), None)
    assert orders.place(user_id, svc.service_id, {"link": LINK, "quantity": 1000}).charge == Decimal("0.40000")
