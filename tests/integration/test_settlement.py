"""How orders end, against the provider simulator: a cancel racing the dispatcher, and the
settlement rules for drip-feed, subscriptions and answers without remains (O1, O2, O3)."""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable
from decimal import Decimal

import pytest

from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.orders import OrderStatus
from chalicelib.services import dispatch, orders, status_sync
from chalicelib.store import ledger as ledger_store
from chalicelib.store import orders as order_store
from devstack import worker
from tests.support.accounts import customer
from tests.support.ledger import ledger_sum
from tests.support.provider_sim import calls, configure

LINK = "https://instagram.com/p/settle"
ROUNDS = 50


@pytest.mark.promise("O1", "O2", "O3")
def test_a_cancel_racing_the_dispatcher_never_both_refunds_and_sends(panel) -> None:
    """Each round a customer cancels a pending order while the dispatcher claims it. The
    dispatcher starts a little later each round, so the claim lands at every point of the
    cancel (before its read, between its read and its refund, after its refund)."""
    _provider, services = panel
    configure(services={"102": {"duration_seconds": 600}})
    user_id = customer("50.00")
    worker.drain()
    sent = canceled = 0
    for round_number in range(ROUNDS):
        order = orders.place(user_id, services["102"].service_id, {"link": f"{LINK}/{round_number}", "quantity": 100})
        order_id = order.order_id
        _race(functools.partial(orders.request_cancel, user_id, order_id),
              functools.partial(dispatch.dispatch, order_id), delay=(round_number % 10) * 0.002)
        ended = order_store.get(order.order_id)
        refunded = ledger_store.has_entry(user_id, f"refund#{order.order_id}")
        if ended.provider_order:  # the provider has it: no refund until the provider cancels it
            sent += 1
            assert not refunded and ended.refunded == 0 and ended.status == OrderStatus.PROCESSING
            assert ended.cancel_requested  # forwarded by the next status sync
        else:
            canceled += 1
            assert ended.status == OrderStatus.CANCELED and refunded and ended.refunded == order.charge
    worker.drain()  # the stream's own copies of each order's message change nothing now
    assert calls().get("add", 0) == sent
    assert sent + canceled == ROUNDS
    account = ledger_store.account(user_id)
    assert account.balance == ledger_sum(user_id)
    assert account.balance >= 0


def _race(first: Callable[[], object], second: Callable[[], object], delay: float) -> None:
    """Run both at once (`second` after `delay`); fail on any exception either raised."""
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def run(work: Callable[[], object], wait: float) -> None:
        start.wait()
        time.sleep(wait)
        try:
            work()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(first, 0)), threading.Thread(target=run, args=(second, delay))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors


def _ended(panel, upstream: str, body: dict, **conduct) -> tuple[str, orders.Order]:
    provider, services = panel
    configure(services={upstream: {"duration_seconds": 0.2, **conduct}})
    user_id = customer("50.00")
    placed = orders.place(user_id, services[upstream].service_id, body)
    worker.drain()
    time.sleep(0.3)
    status_sync.sync_provider(provider)
    status_sync.sync_provider(provider)  # a second cycle changes nothing more
    return user_id, order_store.get(placed.order_id)


@pytest.mark.promise("O3")
def test_an_expired_subscription_refunds_the_posts_not_served(panel) -> None:
    body = {"username": "someone", "min": 100, "max": 200, "posts": 10, "delay": 0}
    user_id, ended = _ended(panel, "107", body, outcome="expired", omit_remains=True, progress={"posts": 4})
    assert ended.status == OrderStatus.PARTIAL and ended.remains == 1200  # 6 posts x 200 not served
    assert ended.refunded == (ended.charge * Decimal("0.6")).quantize(Decimal("0.00001"))
    assert ledger_store.account(user_id).balance == Decimal("50") - ended.charge + ended.refunded


@pytest.mark.promise("O3")
def test_a_dripfeed_canceled_after_some_runs_refunds_only_the_runs_not_made(panel) -> None:
    body = {"link": LINK, "quantity": 100, "runs": 5, "interval": 10}
    user_id, ended = _ended(panel, "101", body, outcome="canceled", omit_remains=True, progress={"runs": 2})
    assert ended.status == OrderStatus.CANCELED and ended.remains == 300
    assert ended.refunded == (ended.charge * Decimal("0.6")).quantize(Decimal("0.00001"))
    assert ledger_store.account(user_id).balance == Decimal("50") - ended.charge + ended.refunded


@pytest.mark.promise("O3")
def test_a_customer_cancel_of_a_sent_dripfeed_refunds_what_the_provider_did_not_deliver(panel) -> None:
    provider, services = panel
    configure(services={"101": {"duration_seconds": 600, "progress": {"runs": 1}, "omit_remains": True}})
    user_id = customer("50.00")
    placed = orders.place(user_id, services["101"].service_id, {"link": LINK, "quantity": 100, "runs": 4,
                                                                "interval": 10})
    worker.drain()
    orders.request_cancel(user_id, placed.order_id)
    status_sync.sync_provider(provider)  # forwards the cancel
    status_sync.sync_provider(provider)  # the provider answers Canceled after one run
    ended = order_store.get(placed.order_id)
    assert ended.status == OrderStatus.CANCELED and ended.refunded == placed.charge * Decimal("0.75")


@pytest.mark.promise("O3")
def test_a_partial_without_remains_waits_for_staff_and_moves_no_money(panel) -> None:
    user_id, ended = _ended(panel, "102", {"link": LINK, "quantity": 1000}, outcome="partial", omit_remains=True)
    assert ended.status == OrderStatus.NEEDS_REVIEW and "without saying what was delivered" in ended.review_reason
    assert ended.refunded == 0 and not ledger_store.has_entry(user_id, f"refund#{ended.order_id}")
    assert ended.order_id in {o.order_id for o in dispatch.orders_to_review()}
    with pytest.raises(InvalidInput, match="provider has this order"):
        dispatch.cancel_and_refund(ended.order_id, "staff-1")  # a full refund would pay for delivered work
    with pytest.raises(InvalidInput, match="between 0"):
        dispatch.settle_reviewed(ended.order_id, 1001, "staff-1")
    settled = dispatch.settle_reviewed(ended.order_id, 400, "staff-1")
    assert settled.status == OrderStatus.PARTIAL and settled.refunded == ended.charge * Decimal("0.4")
    assert ledger_store.account(user_id).balance == Decimal("50") - ended.charge + settled.refunded
    with pytest.raises(InvalidInput):
        dispatch.settle_reviewed(ended.order_id, 400, "staff-1")  # never twice
