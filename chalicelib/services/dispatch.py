"""Sending orders upstream at most once (O2), and the sweeper that keeps none forgotten.

An order is claimed (pending -> sending) with a conditional write before the provider is
called, and its provider id is stored after (sending -> processing). What happens on a
failure depends on what it means:
- refused (permanent): canceled and refunded in full;
- not taken (retryable): released to pending and retried later; after MAX_ATTEMPTS, moved
  to the service's backup provider if it has one, else parked for staff (needs review);
- maybe taken (unknown): needs review, never resent automatically.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

from chalicelib import secret_names
from chalicelib.adapters import provider_api, secret_store
from chalicelib.adapters.provider_api import Failure, ProviderError
from chalicelib.domain import provider_cost
from chalicelib.domain import staff_alerts as alert_rules
from chalicelib.domain.audit_log import Action, SubjectKind
from chalicelib.domain.catalog import Service
from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.orders import Order, OrderStatus, upstream_params
from chalicelib.domain.providers import Provider
from chalicelib.observability import ORDERS_NEEDING_REVIEW, logger, metrics
from chalicelib.services import audit_log, caches, clock, orders, staff_alerts
from chalicelib.settings import get_settings
from chalicelib.store import catalog
from chalicelib.store import orders as store

MAX_ATTEMPTS = 4


class RetryLater(Exception):
    """The provider did not take the order; the queue delivers it again later."""


def dispatch(order_id: int) -> str:
    """Send one order upstream. Returns what happened; raises RetryLater when the queue
    should deliver the message again."""
    claimed = store.claim(order_id, clock.now())
    if claimed is None:
        return "skipped"  # already claimed, sent or ended: a redelivered message does nothing (O2)
    provider = _provider(claimed.provider_id)
    cost = _cost(claimed)  # read before the call: nothing but the write may come after sending
    try:
        if provider is None or not provider.enabled:
            raise ProviderError(Failure.RETRYABLE, "the provider is missing or disabled")
        api_key = secret_store.get(secret_names.provider_api_key(provider.provider_id))
        provider_order = provider_api.add(provider.api_url, api_key, upstream_params(claimed))
    except ProviderError as exc:
        return _failed(claimed, exc)
    if not store.record_sent(claimed, provider_order, clock.now(), cost):
        logger.error("sent order changed while in flight", extra={"order_id": order_id})
    metrics.add_metric(name="OrdersSent", unit="Count", value=1)
    logger.info("order sent", extra={"order_id": order_id, "provider_id": claimed.provider_id})
    return "sent"


def _provider(provider_id: int) -> Provider | None:
    """Providers change rarely: a warm container reuses the read briefly."""
    cached: Provider | None = caches.catalog.get(("provider", provider_id))
    if cached is None:
        cached = catalog.get_provider(provider_id)
        if cached is not None:
            caches.catalog.put(("provider", provider_id), cached)
    return cached


def _cost(order: Order) -> Decimal | None:
    """What the provider will bill for the order: its rate for the service now x the units.
    None (unknown) when the service is gone, or the order goes to a backup provider, whose
    rate the catalog does not keep."""
    cached: Service | None = caches.catalog.get(("service", order.service_id))
    if cached is None:
        cached = catalog.get_service(order.service_id)
        if cached is not None:
            caches.catalog.put(("service", order.service_id), cached)
    if cached is None or cached.provider_id != order.provider_id:
        return None
    return provider_cost.cost_of(order.type, order.quantity, cached.provider_rate)


def _failed(order: Order, exc: ProviderError) -> str:
    now = clock.now()
    logger.warning("dispatch failed", extra={"order_id": order.order_id, "kind": exc.kind.value,
                                             "error": exc.message})
    if exc.kind == Failure.PERMANENT:
        orders.move(order.order_id, OrderStatus.SENDING,
                    lambda o: replace(o, review_reason=exc.message, updated_at=now))
        orders.settle(order.order_id, OrderStatus.CANCELED, expected=OrderStatus.SENDING, before_sending=True)
        metrics.add_metric(name="OrdersRefusedUpstream", unit="Count", value=1)
        return "refused"
    if exc.kind == Failure.UNKNOWN:
        to_review(order.order_id, OrderStatus.SENDING, f"outcome unknown: {exc.message}")
        return "needs_review"
    attempts = order.attempts + 1
    if attempts < MAX_ATTEMPTS:
        orders.move(order.order_id, OrderStatus.SENDING, lambda o: replace(
            o, status=OrderStatus.PENDING, attempts=attempts, claimed_at=None, updated_at=now))
        raise RetryLater(exc.message)
    service = catalog.get_service(order.service_id)
    if service is not None and service.backup_provider_id and order.provider_id != service.backup_provider_id:
        orders.move(order.order_id, OrderStatus.SENDING, lambda o: replace(
            o, status=OrderStatus.PENDING, attempts=0, claimed_at=None, updated_at=now,
            provider_id=service.backup_provider_id or o.provider_id,
            provider_service=service.backup_provider_service or o.provider_service))
        logger.warning("order moved to the backup provider", extra={"order_id": order.order_id})
        raise RetryLater("moved to the backup provider")
    to_review(order.order_id, OrderStatus.SENDING, f"parked after {attempts} attempts: {exc.message}")
    return "parked"


def to_review(order_id: int, expected: OrderStatus, reason: str) -> bool:
    return orders.to_review(order_id, expected, reason)


def sweep() -> dict[str, int]:
    """Re-queue charged orders left pending (a lost enqueue), send claims that never finished
    (the dispatcher died mid-call) to review (never resend those), and count the orders
    waiting for review."""
    settings = get_settings()
    now = clock.now()
    left_pending = store.pending_since(now - timedelta(seconds=settings.dispatch_requeue_after_seconds))
    requeued = sum(orders.enqueue(o.order_id) for o in left_pending)
    abandoned = store.claimed_since(now - timedelta(seconds=settings.dispatch_claim_timeout_seconds))
    reviewed = sum(to_review(o.order_id, OrderStatus.SENDING, "the dispatcher stopped after claiming the order; "
                             "check the provider before resending") for o in abandoned)
    # How many orders wait for staff right now, every five minutes: the alarm on orders left
    # in review reads this level, which a count of arrivals could not tell.
    in_review = store.needing_review()
    waiting = len(in_review)
    metrics.add_metric(name=ORDERS_NEEDING_REVIEW, unit="Count", value=waiting)
    alert = alert_rules.orders_waiting_review(o.order_id for o in in_review)
    if alert is not None:
        staff_alerts.raise_alert(alert)
    return {"requeued": requeued, "to_review": reviewed, "needing_review": waiting}


# --- staff reconciliation -----------------------------------------------------------------

def orders_to_review() -> list[Order]:
    return store.needing_review()


def stuck_orders() -> list[Order]:
    return [o for provider in catalog.providers() for o in store.open_at(provider.provider_id) if o.stuck]


def mark_sent(order_id: int, provider_order: str, staff_id: str) -> Order:
    """Staff found the order at the provider: record its id and follow it from now on."""
    if not provider_order.strip():
        raise InvalidInput("Give the provider's order id.")
    now = clock.now()
    order = store.get(order_id)
    cost = _cost(order) if order is not None else None
    moved = orders.move(order_id, OrderStatus.NEEDS_REVIEW, lambda o: replace(
        o, status=OrderStatus.PROCESSING, provider_order=provider_order.strip(), sent_at=now, progress_at=now,
        review_reason=f"marked sent by staff {staff_id}", updated_at=now, provider_cost=o.provider_cost or cost))
    if moved is None:
        raise InvalidInput("Only an order waiting for review can be marked as sent.")
    audit_log.record(Action.ORDER_MARKED_SENT, SubjectKind.ORDER, order_id, actor=staff_id,
                     before={"status": OrderStatus.NEEDS_REVIEW},
                     after={"status": moved.status, "provider_order": moved.provider_order, "user_id": moved.user_id})
    return moved


def cancel_and_refund(order_id: int, staff_id: str) -> Order:
    """Staff found the provider never took the order: end it and refund the whole charge."""
    order = store.get(order_id)
    if order is None or order.status != OrderStatus.NEEDS_REVIEW:
        raise InvalidInput("Only an order waiting for review can be canceled here.")
    if order.provider_order:
        raise InvalidInput("The provider has this order: settle it with the remains it reports instead.")
    orders.move(order_id, OrderStatus.NEEDS_REVIEW, lambda o: replace(o, review_reason=f"canceled by staff {staff_id}"))
    record = audit_log.build(Action.ORDER_CANCELED_REFUNDED, SubjectKind.ORDER, order_id, actor=staff_id,
                             before={"status": order.status, "charge": order.charge},
                             after={"status": OrderStatus.CANCELED, "refund": order.charge, "user_id": order.user_id})
    orders.settle(order_id, OrderStatus.CANCELED, expected=OrderStatus.NEEDS_REVIEW, before_sending=True,
                  also=[audit_log.action(record)])
    ended = store.get(order_id)
    assert ended is not None
    return ended


def settle_reviewed(order_id: int, remains: int, staff_id: str) -> Order:
    """Staff found out at the provider how much of an order under review was delivered:
    end it and refund the undelivered share (the same rules as status sync)."""
    order = store.get(order_id)
    if order is None or order.status != OrderStatus.NEEDS_REVIEW or not order.provider_order:
        raise InvalidInput("Only an order under review that the provider has can be settled here.")
    if not 0 <= remains <= order.quantity:
        raise InvalidInput(f"Remains must be between 0 and the order's quantity ({order.quantity}).")
    orders.move(order_id, OrderStatus.NEEDS_REVIEW,
                lambda o: replace(o, review_reason=f"settled by staff {staff_id} with remains {remains}"))
    final = OrderStatus.COMPLETED if remains == 0 else OrderStatus.PARTIAL
    record = audit_log.build(Action.ORDER_SETTLED, SubjectKind.ORDER, order_id, actor=staff_id,
                             before={"status": order.status, "charge": order.charge},
                             after={"status": final, "remains": remains, "user_id": order.user_id})
    if not orders.settle(order_id, final, remains=remains, expected=OrderStatus.NEEDS_REVIEW,
                         also=[audit_log.action(record)]):
        raise InvalidInput("The order changed meanwhile; reload it.")
    ended = store.get(order_id)
    assert ended is not None
    return ended


def retry_parked(order_id: int) -> Order:
    """Send a parked order again (the provider never took it: funds, rate limit...)."""
    order = store.get(order_id)
    if order is None or order.status != OrderStatus.NEEDS_REVIEW or not (order.review_reason or "").startswith(
            "parked"):
        raise InvalidInput("Only a parked order can be retried; an uncertain one must be checked at the provider.")
    now = clock.now()
    moved = orders.move(order_id, OrderStatus.NEEDS_REVIEW, lambda o: replace(
        o, status=OrderStatus.PENDING, attempts=0, review_reason=None, updated_at=now))
    assert moved is not None
    audit_log.record(Action.ORDER_RETRIED, SubjectKind.ORDER, order_id,
                     before={"status": OrderStatus.NEEDS_REVIEW, "review_reason": order.review_reason},
                     after={"status": moved.status, "user_id": moved.user_id})
    orders.enqueue(order_id)
    return moved
