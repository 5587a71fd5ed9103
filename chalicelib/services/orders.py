"""Order use cases: place (single, mass), list, read, cancel and refill requests, settle."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from typing import Any

from chalicelib.adapters import queue
from chalicelib.domain import order_history, settlement
from chalicelib.domain import orders as rules
from chalicelib.domain.catalog import Service, ServiceType, rate_for_user
from chalicelib.domain.completion_times import completion_seconds
from chalicelib.domain.errors import DomainError, InvalidInput, NotFound
from chalicelib.domain.ledger import AlreadyApplied, EntryKind
from chalicelib.domain.numbers import whole_number
from chalicelib.domain.orders import Order, OrderFilter, OrderStatus, ServiceTerms
from chalicelib.domain.refills import Refill
from chalicelib.observability import logger, metrics
from chalicelib.services import caches, clock, customer_mails, ledger
from chalicelib.settings import get_settings
from chalicelib.store import catalog, counters
from chalicelib.store import ledger as ledger_store
from chalicelib.store import orders as store
from chalicelib.store import refills as refill_store

ACTIVE_LINK_MESSAGE = "You have active order with this link. Please wait until order being completed."
INCORRECT_SERVICE = "Incorrect service ID"
INCORRECT_ORDER = "Incorrect order ID"


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class IdempotencyMismatch(InvalidInput):
    """The Idempotency-Key was already used for a different order (400, like Stripe)."""

    code = "idempotency_key_reused"


_order_ids = counters.IdBlocks("order", block=20)


@dataclass(frozen=True)
class _Offer:
    service: Service | None
    rate: Decimal


def _offer(user_id: str, service_id: int) -> _Offer:
    """The service and this user's rate for it: one BatchGetItem, reused briefly."""
    cached: _Offer | None = caches.catalog.get((user_id, service_id))
    if cached is not None:
        return cached
    inputs = catalog.price_inputs(user_id, service_id)
    service = inputs.service
    rate = Decimal(0)
    if service is not None:
        rate = rate_for_user(service.list_rate(inputs.markup), inputs.per_service, inputs.user_wide)
    offer = _Offer(service, rate)
    caches.catalog.put((user_id, service_id), offer)
    return offer


def place(user_id: str, service_id: Any, body: dict[str, Any], idempotency_key: str | None = None, *,
          account: ledger_store.Account | None = None, also: dict[str, Any] | None = None,
          lenient: bool = False) -> Order:
    """Charge and create an order in one transaction. A repeated Idempotency-Key returns the
    first order and charges nothing more (the transaction's own condition detects it, so
    no read is spent on it). `account`, a snapshot the caller read, spares a read. `also` is
    one more action for the same transaction (the reseller API's daily request count); if
    its condition fails, ExtraConditionFailed is raised and nothing is written. `lenient`: the
    reseller API's reading of the body (domain.order_requests.lenient)."""
    sid = _service_id(service_id)
    key_hash = request_hash = None
    if idempotency_key is not None:
        if not 1 <= len(idempotency_key) <= 200:
            raise InvalidInput("Idempotency-Key must be 1 to 200 characters.")
        key_hash = _sha(idempotency_key)
        request_hash = _sha(json.dumps({"service": service_id, **body}, sort_keys=True, default=str))

    try:
        return _place(user_id, sid, body, key_hash, request_hash, account, also, lenient)
    except DomainError:
        if key_hash and request_hash:  # a retry returns the first result, whatever changed since
            earlier = _replayed(user_id, key_hash, request_hash)
            if earlier is not None:
                return earlier
        raise


class ExtraConditionFailed(Exception):
    """The caller's own action in the order's transaction failed its condition."""


def _place(user_id: str, sid: int, body: dict[str, Any], key_hash: str | None, request_hash: str | None,
           account: ledger_store.Account | None, also: dict[str, Any] | None, lenient: bool) -> Order:
    offer = _offer(user_id, sid)
    service, rate = offer.service, offer.rate
    if service is None or not service.orderable:
        raise InvalidInput(INCORRECT_SERVICE, fields={"service": "unknown"})
    terms = ServiceTerms(service.service_id, service.type, service.min, service.max, rate, service.dripfeed)
    now = clock.now()
    draft = rules.prepare(terms, body, now.date(), lenient=lenient)

    link_hash = _sha(draft.link.strip().lower()) if service.one_active_order_per_link else None
    order = Order(
        order_id=_order_ids.next_id(), user_id=user_id, service_id=service.service_id,
        service_name=service.name, type=service.type, link=draft.link, quantity=draft.quantity,
        charge=draft.charge, rate=rate, fields=draft.fields(), status=OrderStatus.PENDING, created_at=now,
        updated_at=now, provider_id=service.provider_id, provider_service=service.provider_service,
        runs=draft.runs, interval=draft.interval, remains=draft.quantity, active_link_hash=link_hash,
        history=(order_history.event(now, OrderStatus.PENDING.value,
                                     order_history.placed(draft.quantity, draft.charge)),),
    )
    extra = [store.put_action(order)]
    if key_hash and request_hash:
        extra.append(store.idempotency_action(user_id, key_hash, request_hash, order.order_id, now))
    if link_hash:
        extra.append(store.active_link_action(user_id, service.service_id, link_hash, order.order_id))
    if also is not None:
        extra.append(also)
    # No message is sent here: the order's insert reaches the orders queue through the
    # table's stream (the outbox), so the request makes one write and a saved order can
    # never miss its message.
    try:
        ledger.move(user_id, -order.charge, EntryKind.ORDER_CHARGE, f"order#{order.order_id}",
                    reference=f"order:{order.order_id}", extra=lambda _entry: extra, snapshot=account,
                    spending=True)
    except ledger_store.ExtraActionFailed as exc:
        failed = extra[exc.index]
        if key_hash and request_hash and failed is extra[1]:
            earlier = _replayed(user_id, key_hash, request_hash)  # a concurrent twin won
            if earlier is not None:
                return earlier
        if also is not None and failed is also:
            raise ExtraConditionFailed() from exc
        if link_hash and failed is extra[-1 if also is None else -2]:
            raise InvalidInput(ACTIVE_LINK_MESSAGE, fields={"link": "active_order"}) from exc
        raise
    metrics.add_metric(name="OrdersPlaced", unit="Count", value=1)
    logger.info("order placed", extra={"order_id": order.order_id, "service_id": service.service_id})
    return order


def enqueue(order_id: int) -> bool:
    """Queue an order for dispatch (the sweeper and staff retries; new orders come through the
    table's stream); False if the queue is unreachable."""
    try:
        queue.send(get_settings().order_queue_name, {"order_id": order_id})
    except Exception as exc:  # the order is saved and charged; the sweeper will find it
        logger.warning("order not queued; the sweeper will", extra={"order_id": order_id, "error": type(exc).__name__})
        return False
    return True


def _service_id(raw: Any) -> int:
    number = whole_number(raw)
    if number is None:
        raise InvalidInput(INCORRECT_SERVICE, fields={"service": "invalid"})
    return number


def _replayed(user_id: str, key_hash: str, request_hash: str) -> Order | None:
    record = store.idempotency_record(user_id, key_hash)
    return _earlier(record, request_hash) if record is not None else None


def _earlier(record: store.IdempotencyRecord, request_hash: str) -> Order:
    """The order an Idempotency-Key already placed, if the request is the same one."""
    if record.request_hash != request_hash:
        raise IdempotencyMismatch("This Idempotency-Key was already used for a different order.")
    order = store.get(record.order_id)
    assert order is not None
    return order


def _order_number(raw: Any) -> int | None:
    return whole_number(raw if isinstance(raw, int) else str(raw))


def get_for_user(user_id: str, order_id: Any) -> Order:
    """The user's own order; any other id (someone else's, unknown, malformed) is 404 alike."""
    number = _order_number(order_id)
    order = store.get(number) if number is not None else None
    if order is None or order.user_id != user_id:
        raise NotFound(INCORRECT_ORDER)
    return order


def get_many_for_user(user_id: str, order_ids: list[str]) -> dict[str, Order | None]:
    """The user's own orders among up to 100 ids, read in one batch; None for any other id."""
    numbers = {raw: _order_number(raw) for raw in order_ids}
    found = store.get_many(sorted({n for n in numbers.values() if n is not None}))
    mine = {number: order for number, order in found.items() if order.user_id == user_id}
    return {raw: mine.get(number) if number is not None else None for raw, number in numbers.items()}


def list_for_user(user_id: str, filters: OrderFilter, limit: int = 25,
                  cursor: str | None = None) -> tuple[list[Order], str | None]:
    """A page of the user's orders, newest first. A search by order id reads that one order
    (not the history) and answers it if it is the user's and passes the other filters."""
    if not 1 <= limit <= 100:
        raise InvalidInput("limit must be between 1 and 100.")
    if filters.order_id is not None:
        order = store.get(filters.order_id)
        if order is None or order.user_id != user_id or not filters.matches(order):
            return [], None
        return [order], None
    return store.list_for_user(user_id, filters, limit, cursor)


@dataclass(frozen=True)
class MassLine:
    line: int
    text: str
    order_id: int | None = None
    charge: Decimal | None = None
    error: str | None = None


MASS_MAX_LINES = 500


def place_mass(user_id: str, text: str) -> list[MassLine]:
    """One `service_id | link | quantity` per line; each placed on its own."""
    lines = [line for line in text.replace("\r\n", "\n").split("\n") if line.strip()]
    if not lines:
        raise InvalidInput("Write one order per line: service_id | link | quantity.")
    if len(lines) > MASS_MAX_LINES:
        raise InvalidInput(f"A mass order has at most {MASS_MAX_LINES} lines.")
    results = []
    for number, line in enumerate(lines, start=1):
        parts = [part.strip() for part in line.split("|")]
        if len(parts) != 3:
            results.append(MassLine(number, line, error="Expected: service_id | link | quantity"))
            continue
        try:
            order = place(user_id, parts[0], {"link": parts[1], "quantity": parts[2]})
        except DomainError as exc:
            results.append(MassLine(number, line, error=exc.message))
        else:
            results.append(MassLine(number, line, order_id=order.order_id, charge=order.charge))
    return results


def settle(order_id: int, status: OrderStatus, *, remains: int | None = None, start_count: int | None = None,
           runs_done: int | None = None, posts_done: int | None = None, expired: bool = False,
           expected: OrderStatus | None = None, before_sending: bool = False,
           also: list[dict[str, Any]] | None = None, upstream_status: str | None = None) -> bool:
    """End an open order by the settlement rules (domain.settlement): refund what was not
    delivered, exactly once. `before_sending`: the provider never had it, so all goes back.
    `expected`: only if the stored status is still that one (a cancel must not overtake the
    dispatcher's claim). False if the order had ended or moved meanwhile, or if nobody can
    say what was delivered (then it waits for staff, and no money moves). `also`: actions
    written in the settlement's own transaction (staff's audit record). `runs_done`,
    `posts_done` and `upstream_status` (the provider's word) are kept for the status answer."""
    order = store.get(order_id)
    if order is None:
        raise NotFound(INCORRECT_ORDER)
    if order.status in rules.FINAL_STATUSES or status not in rules.FINAL_STATUSES:
        return False
    if expected is not None and order.status != expected:
        return False
    bought = charged(order)
    if before_sending:
        outcome = settlement.cancel_before_sending(bought)
    else:
        outcome = settlement.settle(bought, settlement.Report(status, expired, remains, runs_done, posts_done))
    if outcome.status is None:
        to_review(order_id, order.status, outcome.review or "settlement needs staff")
        return False
    progress = store.Progress(runs_done, posts_done, upstream_status)
    return _apply_settlement(order, outcome, start_count, expected, also or [], progress)


def charged(order: Order) -> settlement.Charged:
    posts = order.fields.get("posts") if order.type == ServiceType.SUBSCRIPTIONS else None
    return settlement.Charged(order.type, order.quantity, order.charge, runs=order.runs,
                              posts=int(posts) if posts is not None else None)


def _apply_settlement(order: Order, outcome: settlement.Outcome, start_count: int | None,
                      expected: OrderStatus | None, also: list[dict[str, Any]], progress: store.Progress) -> bool:
    assert outcome.status is not None
    now = clock.now()
    actions = [store.settle_action(order, outcome.status, remains=outcome.undelivered, start_count=start_count,
                                   refunded=outcome.refund, now=now, expected=expected, progress=progress)]
    release = store.release_link_action(order)
    if release:
        actions.append(release)
    seconds = completion_seconds(outcome.status, order.created_at, now)
    if seconds is not None:  # the public average completion time, counted once with the settlement
        actions.append(catalog.completion_action(order.service_id, seconds))
    actions.extend(also)
    if outcome.refund <= 0:
        if not store.commit(actions):
            return False
    else:
        try:
            ledger.move(order.user_id, outcome.refund, EntryKind.REFUND, f"refund#{order.order_id}",
                        reference=f"order:{order.order_id}", extra=lambda _entry: actions,
                        refund_of=f"order#{order.order_id}")
        except (AlreadyApplied, ledger_store.ExtraActionFailed):
            return False
        logger.info("order refunded", extra={"order_id": order.order_id, "status": outcome.status.value})
    # Only the one settlement whose conditional write succeeded gets here: the mail goes once.
    customer_mails.order_ended(order.order_id, outcome.status)
    return True


def move(order_id: int, expected: OrderStatus, change: Callable[[Order], Order]) -> Order | None:
    """Apply `change` if the order is in `expected` status; None if it is not (any more)."""
    for _ in range(5):
        order = store.get(order_id)
        if order is None or order.status != expected:
            return None
        changed = order_history.recorded(order, change(order), clock.now())
        if store.transition(expected, changed):
            return changed
    raise RuntimeError(f"order {order_id} kept changing")


def to_review(order_id: int, expected: OrderStatus, reason: str) -> bool:
    """Park an order for staff: its outcome upstream is unknown, or what was delivered is."""
    now = clock.now()
    moved = move(order_id, expected, lambda o: replace(o, status=OrderStatus.NEEDS_REVIEW, review_reason=reason,
                                                      updated_at=now))
    if moved:
        metrics.add_metric(name="OrdersSentToReview", unit="Count", value=1)
        logger.warning("order needs review", extra={"order_id": order_id, "reason": reason})
    return moved is not None


def request_cancel(user_id: str, order_id: Any) -> Order:
    """A customer's cancel request. A pending order (not sent upstream yet) is canceled and
    refunded at once, on condition that it is still pending when the refund is written: if
    the dispatcher claimed it meanwhile, the request is forwarded to the provider instead,
    and the refund waits for the provider's answer."""
    order = get_for_user(user_id, order_id)
    service = catalog.get_service(order.service_id)
    refusal = rules.cancel_refusal(order.status, service is not None and service.cancel)
    if refusal:
        raise InvalidInput(refusal)
    if order.status == OrderStatus.PENDING and settle(order.order_id, OrderStatus.CANCELED,
                                                      expected=OrderStatus.PENDING, before_sending=True):
        return get_for_user(user_id, order_id)
    store.mark_cancel_requested(order.order_id, clock.now(), order.status)
    return get_for_user(user_id, order_id)


def request_refill(user_id: str, order_id: Any) -> int:
    """A customer's refill request, within the service's window after completion; returns the
    refill id (the dispatcher forwards it upstream)."""
    order = get_for_user(user_id, order_id)
    service = catalog.get_service(order.service_id)
    now = clock.now()
    refusal = _refill_refusal(order, service, now)
    if refusal:
        raise InvalidInput(refusal)
    return refill_store.create(counters.next_id("refill"), order, now).refill_id


def _refill_refusal(order: Order, service: Service | None, now: datetime) -> str | None:
    if service is None:
        return rules.REFILL_NOT_OFFERED
    return rules.refill_refusal(order.status, order.completed_at, now, service.refill, service.refill_window_days)


@dataclass(frozen=True)
class OrderDetail:
    """One of the customer's orders, what they may ask of it now, and its refill requests."""

    order: Order
    can_cancel: bool
    can_refill: bool
    refills: list[Refill]


def detail_for_user(user_id: str, order_id: Any) -> OrderDetail:
    """The order's page: the buttons follow the same rules the cancel and refill requests
    apply (domain.orders.cancel_refusal, refill_refusal)."""
    order = get_for_user(user_id, order_id)
    service = catalog.get_service(order.service_id)
    can_cancel = rules.cancel_refusal(order.status, service is not None and service.cancel) is None
    can_refill = _refill_refusal(order, service, clock.now()) is None
    return OrderDetail(order, can_cancel, can_refill, refill_store.of_order(order.order_id))
