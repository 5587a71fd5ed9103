"""An account deletion racing order placements, on DynamoDB Local with threads: no order may
be charged to the account once it is closed, and every order that got in has its ledger
entry (and is seen, and pseudonymised, by the erasure)."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest

from chalicelib.domain.errors import DomainError
from chalicelib.domain.orders import OrderStatus
from chalicelib.services import clock, erasure, orders
from chalicelib.store import dynamo, keys, ledger, schema
from chalicelib.store import orders as order_store
from tests.support.accounts import customer
from tests.support.catalog import service
from tests.support.ledger import ledger_sum


@pytest.mark.promise("P6")
def test_orders_racing_a_deletion_are_charged_before_the_close_or_not_at_all() -> None:
    user_id = customer("100.00")
    svc = service(provider_rate="1.00")
    start = threading.Barrier(9)
    placed: list[int] = []
    refused: list[str] = []
    erased: list[erasure.Erased] = []

    def buyer(n: int) -> None:
        start.wait()
        for i in range(100):  # until the closed account refuses it
            try:
                order = orders.place(user_id, svc.service_id, {"link": f"https://x.com/p/{n}-{i}", "quantity": 100})
                placed.append(order.order_id)
            except DomainError as exc:
                refused.append(exc.message)
                return

    closed_by: list[str] = []

    def deleter() -> None:
        start.wait()
        erased.append(erasure.erase(user_id, "race test"))
        closed_by.append(clock.now().isoformat())

    threads = [threading.Thread(target=buyer, args=(n,)) for n in range(8)] + [threading.Thread(target=deleter)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    account = ledger.account(user_id)
    assert account is not None and account.closed
    assert len(refused) == 8 and all(message == "This account is closed." for message in refused)
    charges = {e.reference for e in ledger.entries(user_id) if e.kind.value == "order_charge"}
    stored = [i for i in dynamo.query_index(schema.GSI1, keys.orders_of(user_id))]
    assert sorted(int(i["order_id"]) for i in stored) == sorted(placed)
    for item in stored:
        assert f"order:{item['order_id']}" in charges  # no order without its ledger entry
        # None charged after the close. An order's time is read before its write and the close's
        # before its own, so the two can interleave; the order's write, though, commits before
        # the close's or not at all, so its time is before the erasure returned.
        assert item["created_at"] <= closed_by[0]
    assert len(charges) == len(placed)
    assert ledger_sum(user_id) == account.balance == Decimal("100.00000") - Decimal("0.10000") * len(placed)
    # Orders still open keep their link for the provider; once final, a rerun erases it.
    for order_id in placed:
        orders.settle(order_id, OrderStatus.CANCELED, before_sending=True)
    rerun = erasure.erase(user_id, "retention: closed account")
    assert rerun.orders_still_open == 0
    assert all(order_store.get(i).link == "[erased]" for i in placed)  # type: ignore[union-attr]
    assert ledger_sum(user_id) == ledger.account(user_id).balance == Decimal("100.00000")  # type: ignore[union-attr]
