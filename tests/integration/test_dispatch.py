"""Dispatch and status sync against the provider simulator (promises O2, O3, P3)."""

from __future__ import annotations

import time
from datetime import timedelta
from decimal import Decimal

import boto3
import pytest
import requests

from chalicelib.domain.orders import OrderStatus
from chalicelib.domain.refills import RefillStatus
from chalicelib.services import catalog, dispatch, orders, status_sync
from chalicelib.settings import get_settings
from chalicelib.store import catalog as catalog_store
from chalicelib.store import ledger as ledger_store
from chalicelib.store import orders as order_store
from chalicelib.store import refills as refill_store
from chalicelib.store import users
from devstack import worker
from devstack.provider_sim import API_KEY
from tests.support.accounts import customer
from tests.support.provider_sim import SIM, calls, configure

LINK = "https://instagram.com/p/dispatch"


def _order(by_upstream, balance="10.00", upstream="101", quantity=1000, **fields):
    user_id = customer(balance)
    body = {"link": LINK, "quantity": quantity, **fields} if upstream != "103" else {"link": LINK, **fields}
    return user_id, orders.place(user_id, by_upstream[upstream].service_id, body)


@pytest.mark.promise("O2", "P3")
def test_an_order_reaches_the_provider_once_with_only_what_it_needs(panel) -> None:
    _provider, services = panel
    user_id, order = _order(services)
    assert worker.drain() >= 1  # the real queue and the real SQS handler
    sent = order_store.get(order.order_id)
    assert sent.status == OrderStatus.PROCESSING and sent.provider_order
    assert dispatch.dispatch(order.order_id) == "skipped"  # a redelivered message does nothing
    boto3.client("sqs").send_message(QueueUrl=boto3.client("sqs").get_queue_url(
        QueueName=get_settings().order_queue_name)["QueueUrl"], MessageBody=f'{{"order_id": {order.order_id}}}')
    worker.drain()
    assert calls().get("add") == 1
    upstream = requests.get(f"{SIM}/_sim/orders", timeout=5).json()
    assert upstream[0]["params"] == {"service": "101", "link": LINK, "quantity": "1000"}
    user = users.get(user_id)
    assert not {user.email, user.username, user_id} & set(upstream[0]["params"].values())


@pytest.mark.promise("O3")
def test_a_permanent_refusal_cancels_and_refunds_in_full(panel) -> None:
    _provider, services = panel
    configure(services={"101": {"fault": "refuse"}})
    user_id, order = _order(services)
    assert dispatch.dispatch(order.order_id) == "refused"
    ended = order_store.get(order.order_id)
    assert ended.status == OrderStatus.CANCELED and ended.refunded == order.charge
    assert ledger_store.account(user_id).balance == Decimal("10.00000")


@pytest.mark.promise("O2")
@pytest.mark.parametrize("fault", ["timeout", "http500", "malformed"])
def test_an_uncertain_outcome_goes_to_review_and_is_never_resent(panel, fault) -> None:
    _provider, services = panel
    configure(services={"101": {"fault": fault, "hang_seconds": 4}})
    user_id, order = _order(services)
    assert dispatch.dispatch(order.order_id) == "needs_review"
    assert dispatch.dispatch(order.order_id) == "skipped"
    reviewed = order_store.get(order.order_id)
    assert reviewed.status == OrderStatus.NEEDS_REVIEW and "outcome unknown" in reviewed.review_reason
    assert calls()["add"] == 1
    assert ledger_store.account(user_id).balance == Decimal("10.00000") - order.charge  # charged, not refunded


def test_out_of_funds_is_retried_then_parked(panel) -> None:
    _provider, services = panel
    configure(services={"101": {"fault": "no_funds"}})
    _user, order = _order(services)
    for _ in range(dispatch.MAX_ATTEMPTS - 1):
        with pytest.raises(dispatch.RetryLater):
            dispatch.dispatch(order.order_id)
        assert order_store.get(order.order_id).status == OrderStatus.PENDING
    assert dispatch.dispatch(order.order_id) == "parked"
    parked = order_store.get(order.order_id)
    assert parked.status == OrderStatus.NEEDS_REVIEW and "parked after 4 attempts" in parked.review_reason


def test_a_provider_that_keeps_refusing_hands_over_to_the_backup(panel) -> None:
    _provider, services = panel
    backup = catalog.add_provider("Backup", f"{SIM}/api/v2", API_KEY)
    service = services["101"]
    catalog_store.update_service(service, backup_provider_id=backup.provider_id, backup_provider_service="102")
    configure(services={"101": {"fault": "no_funds"}})
    _user, order = _order(services)
    for _ in range(dispatch.MAX_ATTEMPTS):
        with pytest.raises(dispatch.RetryLater):
            dispatch.dispatch(order.order_id)
    assert dispatch.dispatch(order.order_id) == "sent"
    sent = order_store.get(order.order_id)
    assert (sent.provider_id, sent.provider_service) == (backup.provider_id, "102")


def test_connection_refused_is_retried(panel) -> None:
    provider, services = panel
    catalog.update_provider(provider.provider_id, api_url="http://127.0.0.1:9/api/v2", api_key=API_KEY)
    _user, order = _order(services)
    with pytest.raises(dispatch.RetryLater):
        dispatch.dispatch(order.order_id)
    assert order_store.get(order.order_id).status == OrderStatus.PENDING


@pytest.mark.promise("O2")
def test_a_crash_after_the_provider_call_ends_in_review_not_a_second_order(panel, monkeypatch, clock) -> None:
    _provider, services = panel
    _user, order = _order(services)
    def crash_on_saving_the_id(*_args):
        raise RuntimeError("the Lambda died")

    with monkeypatch.context() as patch:
        patch.setattr(order_store, "record_sent", crash_on_saving_the_id)
        with pytest.raises(RuntimeError):
            dispatch.dispatch(order.order_id)
    assert order_store.get(order.order_id).status == OrderStatus.SENDING
    assert dispatch.dispatch(order.order_id) == "skipped"  # the redelivery
    clock.at += timedelta(seconds=get_settings().dispatch_claim_timeout_seconds + 1)
    assert dispatch.sweep()["to_review"] == 1
    assert order_store.get(order.order_id).status == OrderStatus.NEEDS_REVIEW
    assert calls()["add"] == 1


def test_the_sweeper_queues_orders_the_stream_did_not_deliver(panel, clock) -> None:
    _provider, services = panel
    worker.drain()  # what earlier tests left on the queues; from here the stream is never forwarded
    _user, order = _order(services)
    assert order_store.get(order.order_id).status == OrderStatus.PENDING
    assert dispatch.sweep()["requeued"] == 0  # too young to be considered lost
    clock.at += timedelta(seconds=get_settings().dispatch_requeue_after_seconds + 1)
    assert dispatch.sweep()["requeued"] == 1
    handler = next(h for h in worker.sqs_handlers(worker.load_app()) if h.queue == get_settings().order_queue_name)
    # Only the order queue is read: the sweeper's message alone dispatches it. A message an earlier
    # test left in flight may come back on the same queue, so read until it is empty.
    for _ in range(10):
        if not worker.poll_once(boto3.client("sqs"), handler):
            break
    assert order_store.get(order.order_id).status == OrderStatus.PROCESSING


@pytest.mark.promise("O3")
def test_status_sync_completes_and_refunds_partials_once(panel) -> None:
    provider, services = panel
    configure(services={"102": {"duration_seconds": 0.3, "outcome": "partial",
                                                              "partial_remains": 250},
                                                      "101": {"duration_seconds": 0.3}})
    user_id = customer("10.00")
    done = orders.place(user_id, services["101"].service_id, {"link": LINK, "quantity": 1000})
    partial = orders.place(user_id, services["102"].service_id, {"link": LINK, "quantity": 1000})
    worker.drain()
    time.sleep(0.4)
    for _ in range(3):  # repeated cycles change nothing more
        status_sync.sync_provider(provider)
    assert order_store.get(done.order_id).status == OrderStatus.COMPLETED
    ended = order_store.get(partial.order_id)
    assert ended.status == OrderStatus.PARTIAL and ended.remains == 250
    assert ended.refunded == (partial.charge * Decimal("0.25")).quantize(Decimal("0.00001"))
    entries = [e for e in ledger_store.entries(user_id) if e.kind.value == "refund"]
    assert [e.entry_id for e in entries] == [f"refund#{partial.order_id}"]
    assert ledger_store.account(user_id).balance == Decimal("10") - done.charge - partial.charge + ended.refunded


def test_other_dialects_and_unknown_spellings(panel) -> None:
    provider, services = panel
    configure(services={"101": {"dialect": "strings", "duration_seconds": 0.2, "outcome": "canceled"}})
    user_id, order = _order(services)
    worker.drain()
    time.sleep(0.3)
    status_sync.sync_provider(provider)
    ended = order_store.get(order.order_id)
    assert ended.status == OrderStatus.CANCELED and ended.refunded == order.charge  # "Cancelled", ids as strings
    assert ledger_store.account(user_id).balance == Decimal("10.00000")

    _user2, odd = _order(services, upstream="102")
    worker.drain()
    sent = order_store.get(odd.order_id)
    from chalicelib.adapters.provider_api import UpstreamStatus

    assert status_sync._apply(sent, UpstreamStatus("Awaiting moderation", None, None, None)) == "unknown"
    left = order_store.get(odd.order_id)
    assert left.status == OrderStatus.PROCESSING and left.upstream_status == "Awaiting moderation"


def test_status_sync_polls_in_batches_of_100(panel) -> None:
    provider, services = panel
    user_id = customer("100.00")
    for n in range(230):
        orders.place(user_id, services["102"].service_id, {"link": f"{LINK}/{n}", "quantity": 100})
    worker.drain(max_batches=100)
    configure(reset=False)
    before = calls().get("status", 0)
    counts = status_sync.sync_provider(provider)
    assert counts["polled"] == 230
    assert calls()["status"] - before == 3


def test_a_cancel_request_is_forwarded_and_refunded_when_the_provider_cancels(panel) -> None:
    provider, services = panel
    configure(services={"101": {"duration_seconds": 60}})
    user_id, order = _order(services)
    worker.drain()
    flagged = orders.request_cancel(user_id, order.order_id)
    assert flagged.status == OrderStatus.PROCESSING and flagged.cancel_requested
    assert ledger_store.account(user_id).balance < Decimal("10")  # nothing refunded on request
    first = status_sync.sync_provider(provider)
    assert first["cancels_forwarded"] == 1
    status_sync.sync_provider(provider)
    assert order_store.get(order.order_id).status == OrderStatus.CANCELED
    assert ledger_store.account(user_id).balance == Decimal("10.00000")


def test_stuck_orders_are_flagged(panel, clock) -> None:
    provider, services = panel
    configure(services={"101": {"duration_seconds": 10_000}})
    _user, order = _order(services)
    worker.drain()
    status_sync.sync_provider(provider)
    clock.at += timedelta(seconds=get_settings().stuck_after_seconds + 60)
    counts = status_sync.sync_provider(provider)
    assert counts["stuck"] == 1
    assert order_store.get(order.order_id).stuck


def test_a_refill_is_forwarded_and_followed(panel) -> None:
    provider, services = panel
    configure(services={"101": {"duration_seconds": 0.2}})
    user_id, order = _order(services)
    worker.drain()
    time.sleep(0.3)
    status_sync.sync_provider(provider)
    assert order_store.get(order.order_id).status == OrderStatus.COMPLETED
    refill_id = orders.request_refill(user_id, order.order_id)
    first = status_sync.sync_provider(provider)
    assert first["refills_forwarded"] == 1
    time.sleep(0.3)
    status_sync.sync_provider(provider)
    refill = refill_store.get(refill_id)
    assert refill.status == RefillStatus.COMPLETED and refill.provider_refill
    assert calls()["refill"] == 1
    assert refill_store.to_follow(provider.provider_id) == []


def test_provider_health_reports_low_balances(panel, monkeypatch) -> None:
    provider, _services = panel
    from chalicelib.services import providers_health

    configure(balance="12.00")
    report = providers_health.check_all()
    assert report[str(provider.provider_id)] == {"balance": "12.00", "currency": "USD", "low": True}
    assert catalog_store.provider_balances()[provider.provider_id]["balance"] == "12.00"
    configure(balance="900")
    assert providers_health.check_all()[str(provider.provider_id)]["low"] is False


@pytest.mark.promise("O3")
def test_staff_reconcile_orders_in_review(panel) -> None:
    provider, services = panel
    configure(services={"101": {"fault": "http500"}})
    user_id, lost = _order(services)
    _user2, found = _order(services)
    assert dispatch.dispatch(lost.order_id) == dispatch.dispatch(found.order_id) == "needs_review"
    assert {o.order_id for o in dispatch.orders_to_review()} == {lost.order_id, found.order_id}
    with pytest.raises(Exception, match="Only a parked order"):
        dispatch.retry_parked(lost.order_id)
    dispatch.cancel_and_refund(lost.order_id, "staff-1")
    assert ledger_store.account(user_id).balance == Decimal("10.00000")
    with pytest.raises(Exception, match="waiting for review"):
        dispatch.cancel_and_refund(lost.order_id, "staff-1")  # never twice
    assert ledger_store.account(user_id).balance == Decimal("10.00000")
    followed = dispatch.mark_sent(found.order_id, "7000001", "staff-1")
    assert followed.status == OrderStatus.PROCESSING
    assert [o.order_id for o in order_store.open_at(provider.provider_id)] == [found.order_id]
    assert dispatch.orders_to_review() == []
