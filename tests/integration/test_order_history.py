"""Each order's status history is written with the status it describes: placement, claim,
sending, status sync (partial with its remains) and staff's reconciling all show in it."""

from __future__ import annotations

import time

import pytest

from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.orders import OrderStatus
from chalicelib.services import order_review, orders, status_sync
from chalicelib.store import orders as order_store
from devstack import worker
from tests.support.accounts import customer
from tests.support.provider_sim import configure


def test_a_status_sync_change_appears_in_the_history(panel) -> None:
    provider, services = panel
    configure(services={"101": {"duration_seconds": 0.2, "outcome": "partial", "partial_remains": 30}})
    user_id = customer("50.00")
    placed = orders.place(user_id, services["101"].service_id, {"link": "https://x.test/history", "quantity": 100})
    worker.drain()
    time.sleep(0.3)
    status_sync.sync_provider(provider)
    ended = order_store.get(placed.order_id)
    steps = [(e.status, e.note) for e in ended.history]
    assert steps[0][0] == "pending" and steps[0][1].startswith("placed: 100 units")
    assert steps[1] == ("sending", "claimed for sending")
    assert steps[2] == ("processing", f"sent upstream as {ended.provider_order}")
    assert ended.status == OrderStatus.PARTIAL
    assert steps[-1][0] == "partial" and steps[-1][1].startswith("remains 30, refunded ")


def test_a_reconcile_appears_in_the_history_with_who_did_it(panel) -> None:
    _provider, services = panel
    user_id = customer("50.00")
    placed = orders.place(user_id, services["101"].service_id, {"link": "https://x.test/review", "quantity": 100})
    assert orders.to_review(placed.order_id, OrderStatus.PENDING, "parked: provider out of funds")
    order_review.reconcile(placed.order_id, order_review.Reconcile.CANCEL, "staff-9")
    with pytest.raises(InvalidInput):  # a second click refunds nothing and writes nothing
        order_review.reconcile(placed.order_id, order_review.Reconcile.CANCEL, "staff-9")
    notes = [(e.status, e.note) for e in order_store.get(placed.order_id).history]
    assert ("needs_review", "parked: provider out of funds") in notes
    assert ("needs_review", "canceled by staff staff-9") in notes
    assert notes[-1][0] == "canceled" and "refunded" in notes[-1][1]
    assert len(notes) == 4
