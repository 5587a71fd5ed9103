"""Orders, idempotency records and the active-link guard.

The order's item shape, keys and work-index entries live in store/order_mapper.py; this
module holds the reads and the conditional writes. Refills are in store/refills.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from botocore.exceptions import ClientError

from chalicelib.domain import order_history
from chalicelib.domain.orders import FINAL_STATUSES, Order, OrderFilter, OrderStatus
from chalicelib.store import dynamo, keys, schema
from chalicelib.store import order_mapper as mapper

IDEMPOTENCY_TTL_SECONDS = 24 * 3600
# Appends one status event in the write that changes the status (domain/order_history.py).
APPEND_EVENT = "history = list_append(if_not_exists(history, :empty), :ev)"


def _event(at: datetime, status: OrderStatus, note: str) -> list[dict[str, str]]:
    return [mapper.event_item(order_history.event(at, status.value, note))]


def get(order_id: int) -> Order | None:
    item = dynamo.get(mapper.key(order_id))
    return mapper.from_item(item) if item else None


def get_many(order_ids: list[int]) -> dict[int, Order]:
    """Up to 100 orders in one BatchGetItem; unknown ids are absent."""
    found = dynamo.batch_get([mapper.key(order_id) for order_id in order_ids]) if order_ids else {}
    return {order.order_id: order for order in map(mapper.from_item, found.values())}


# --- actions that join a ledger movement's transaction -----------------------------------

def put_action(order: Order) -> dict[str, Any]:
    return {"Put": {"Item": dynamo.to_attributes(mapper.to_item(order)),
                    "ConditionExpression": "attribute_not_exists(pk)"}}


def idempotency_action(user_id: str, key_hash: str, request_hash: str, order_id: int, now: datetime) -> dict[str, Any]:
    item = {**keys.idempotency(user_id, key_hash), "order_id": order_id, "request_hash": request_hash,
            schema.TTL_ATTRIBUTE: int(now.timestamp()) + IDEMPOTENCY_TTL_SECONDS}
    return {"Put": {"Item": dynamo.to_attributes(item), "ConditionExpression": "attribute_not_exists(pk)"}}


@dataclass(frozen=True)
class IdempotencyRecord:
    """The order an Idempotency-Key placed, and a hash of the request that placed it."""

    order_id: int
    request_hash: str


def idempotency_record(user_id: str, key_hash: str) -> IdempotencyRecord | None:
    item = dynamo.get(keys.idempotency(user_id, key_hash))
    return IdempotencyRecord(int(item["order_id"]), item["request_hash"]) if item else None


def active_link_action(user_id: str, service_id: int, link_hash: str, order_id: int) -> dict[str, Any]:
    item = {**keys.active_link(user_id, service_id, link_hash), "order_id": order_id}
    return {"Put": {"Item": dynamo.to_attributes(item), "ConditionExpression": "attribute_not_exists(pk)"}}


@dataclass(frozen=True)
class Progress:
    """What the provider last reported besides remains, kept on a settled order."""

    runs_done: int | None = None
    posts_done: int | None = None
    upstream_status: str | None = None


def settle_action(order: Order, status: OrderStatus, *, remains: int | None, start_count: int | None,
                  refunded: Decimal, now: datetime, expected: OrderStatus | None = None,
                  progress: Progress = Progress(), note: str | None = None) -> dict[str, Any]:
    """Move an open order to a final status; fails if it is final already (refund once), or,
    with `expected`, if the stored status is no longer that one. The status event (with
    `note`, the remains and the refund) is appended in the same write."""
    finals = {f":final{i}": s.value for i, s in enumerate(sorted(FINAL_STATUSES))}
    expression = "SET #status = :status, updated_at = :now, refunded = :refunded, stuck = :no, " + APPEND_EVENT
    named: dict[str, Any] = {"status": status.value, "now": now.isoformat(), "refunded": refunded, "no": False,
                             "empty": [], "ev": _event(now, status, order_history.settled(remains, refunded, note))}
    if remains is not None:
        expression += ", remains = :remains"
        named["remains"] = remains
    if start_count is not None:
        expression += ", start_count = :start"
        named["start"] = start_count
    for name, value in (("runs_done", progress.runs_done), ("posts_done", progress.posts_done),
                        ("upstream_status", progress.upstream_status)):
        if value is not None:
            expression += f", {name} = :{name}"
            named[name] = value
    if status in {OrderStatus.COMPLETED, OrderStatus.PARTIAL}:
        expression += ", completed_at = :now"
    expression += " REMOVE " + ", ".join(keys.WORK_ATTRIBUTES)  # a final order leaves the work index
    condition = f"NOT #status IN ({', '.join(finals)})"
    if expected is not None:
        condition = "#status = :expected"
        named["expected"] = expected.value
    values = dynamo.values(**named)
    values.update({k: dynamo.to_attributes({"v": v})["v"] for k, v in finals.items() if expected is None})
    return {"Update": {
        "Key": dynamo.to_attributes(mapper.key(order.order_id)),
        "UpdateExpression": expression,
        "ConditionExpression": condition,
        "ExpressionAttributeNames": {"#status": "status"},
        "ExpressionAttributeValues": values,
    }}


def release_link_action(order: Order) -> dict[str, Any] | None:
    if not order.active_link_hash:
        return None
    key = keys.active_link(order.user_id, order.service_id, order.active_link_hash)
    return {"Delete": {"Key": dynamo.to_attributes(key)}}


def commit(actions: list[dict[str, Any]]) -> bool:
    """Write a settlement's actions (no money moves) in one transaction; False if a
    condition failed: the order ended or moved meanwhile, and nothing was written."""
    try:
        dynamo.transact_write(actions)
    except dynamo.TransactionCancelled:
        return False
    return True


def transition(expected: OrderStatus, changed: Order) -> bool:
    """Write `changed` if the stored order is still in `expected` status and its cancel flag is
    still what `changed` carries (a customer may set it at any time). False otherwise: the
    caller reads again."""
    try:
        dynamo.client().put_item(
            TableName=dynamo.table_name(), Item=dynamo.to_attributes(mapper.to_item(changed)),
            ConditionExpression="#status = :expected AND cancel_requested = :cancel",
            ExpressionAttributeNames={"#status": "status"},
            ExpressionAttributeValues=dynamo.values(expected=expected.value, cancel=changed.cancel_requested),
        )
    except ClientError as exc:
        if dynamo.is_conditional_failure(exc):
            return False
        raise
    return True


def claim(order_id: int, now: datetime) -> Order | None:
    """pending -> sending in one conditional write; the claimed order, or None if it was not
    pending (already claimed, sent or ended)."""
    work = mapper.sending_entry(order_id, now)
    claimed = dynamo.update(
        mapper.key(order_id),
        "SET #status = :sending, claimed_at = :now, updated_at = :now, gsi2pk = :wp, gsi2sk = :ws, " + APPEND_EVENT,
        condition="#status = :pending", names={"#status": "status"}, returning="ALL_NEW",
        sending=OrderStatus.SENDING.value, pending=OrderStatus.PENDING.value, now=now.isoformat(),
        wp=work["gsi2pk"], ws=work["gsi2sk"], empty=[],
        ev=_event(now, OrderStatus.SENDING, order_history.claimed()))
    return mapper.from_item(claimed) if claimed else None


def record_sent(order: Order, provider_order: str, now: datetime, provider_cost: Decimal | None) -> bool:
    """sending -> processing with the provider's order id and what the provider bills for it,
    in one conditional write that touches nothing else (a cancel request may arrive meanwhile):
    an order is never sent without its cost, or costed without being sent. `provider_cost`
    None (the rate is not known) leaves the cost unknown."""
    work = mapper.open_entry(order.provider_id, order.order_id)
    expression = ("SET #status = :processing, provider_order = :po, sent_at = :now, progress_at = :now, "
                  "updated_at = :now, gsi2pk = :wp, gsi2sk = :ws, " + APPEND_EVENT)
    named: dict[str, Any] = {"empty": [], "ev": _event(now, OrderStatus.PROCESSING, order_history.sent(provider_order))}
    if provider_cost is not None:
        expression += ", provider_cost = :cost"
        named["cost"] = provider_cost
    return dynamo.update(
        mapper.key(order.order_id), expression, condition="#status = :sending", names={"#status": "status"},
        processing=OrderStatus.PROCESSING.value, sending=OrderStatus.SENDING.value, po=provider_order,
        now=now.isoformat(), wp=work["gsi2pk"], ws=work["gsi2sk"], **named) is not None


def _in_work(partition: str, *, sort_at_most: str | None = None) -> list[Order]:
    """Orders in one partition of the work index, oldest first."""
    return [mapper.from_item(item) for item in dynamo.query_index(schema.GSI2, partition, sort_at_most=sort_at_most)]


def pending_since(before: datetime) -> list[Order]:
    """Charged orders waiting to be sent since `before` or earlier (a lost enqueue)."""
    return _in_work(keys.PENDING_DISPATCH, sort_at_most=keys.waited_until(before.isoformat()))


def claimed_since(before: datetime) -> list[Order]:
    """Orders claimed for sending at `before` or earlier whose call never finished."""
    return _in_work(keys.SENDING, sort_at_most=keys.waited_until(before.isoformat()))


def needing_review() -> list[Order]:
    """Orders staff must reconcile, oldest first."""
    return _in_work(keys.REVIEW)


def open_at(provider_id: int) -> list[Order]:
    """Orders a provider was sent and that are not final: what status sync polls."""
    return _in_work(keys.open_orders_of(provider_id))


def mark_cancel_requested(order_id: int, now: datetime, status: OrderStatus | None = None) -> bool:
    """Set the cancel flag; the first request only is written to the history (a customer
    clicking again changes nothing), so the history stays bounded."""
    event = _event(now, status, order_history.cancel_requested()) if status else []
    return dynamo.update(mapper.key(order_id), "SET cancel_requested = :yes, updated_at = :now, " + APPEND_EVENT,
                         condition="attribute_exists(pk) AND (attribute_not_exists(cancel_requested) "
                                   "OR cancel_requested <> :yes)",
                         yes=True, now=now.isoformat(), empty=[], ev=event) is not None


def placed_between(first: date, last: date) -> list[Order]:
    """Every order placed from `first` to `last` (UTC days, inclusive), oldest first: the
    orders-by-month index (GSI3, keys only) gives the ids, one query per month touched and a
    page at a time; the orders are then read 100 to a BatchGetItem. Callers bound the range."""
    wanted: list[dict[str, str]] = []
    month = date(first.year, first.month, 1)
    low, high = first.isoformat(), last.isoformat() + "\uffff"
    while month <= last:
        cursor: str | None = None
        while True:
            page = dynamo.query_page(schema.GSI3, keys.orders_in_month(month.strftime("%Y-%m")), limit=1000,
                                     cursor=cursor, newest_first=False, sort_between=(low, high))
            wanted.extend({"pk": item["pk"], "sk": item["sk"]} for item in page.items)
            if page.cursor is None:
                break
            cursor = page.cursor
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    found: list[Order] = []
    for start in range(0, len(wanted), 100):
        items = dynamo.batch_get(wanted[start:start + 100])
        found.extend(mapper.from_item(items[(k["pk"], k["sk"])]) for k in wanted[start:start + 100]
                     if (k["pk"], k["sk"]) in items)
    return found


def index_by_month() -> int:
    """Put orders placed before the orders-by-month index existed into it (a paginated Scan,
    run once by an operator); idempotent, safe while orders move (each write only adds the
    index keys, on condition they are still absent). Returns how many orders were indexed."""
    kwargs: dict[str, Any] = {
        "TableName": dynamo.table_name(), "ProjectionExpression": "pk, sk, order_id, created_at",
        "FilterExpression": "#type = :order AND attribute_not_exists(gsi3pk)",
        "ExpressionAttributeNames": {"#type": "type"},
        "ExpressionAttributeValues": dynamo.values(order=mapper.ITEM_TYPE),
    }
    indexed = 0
    while True:
        response = dynamo.client().scan(**kwargs)
        for raw in response.get("Items", []):
            item = dynamo.from_attributes(raw)
            entry = keys.orders_month_index(item["created_at"], int(item["order_id"]))
            done = dynamo.update(mapper.key(int(item["order_id"])), "SET gsi3pk = :p, gsi3sk = :s",
                                 condition="attribute_exists(pk) AND attribute_not_exists(gsi3pk)",
                                 p=entry["gsi3pk"], s=entry["gsi3sk"])
            indexed += done is not None
        if "LastEvaluatedKey" not in response:
            return indexed
        kwargs["ExclusiveStartKey"] = response["LastEvaluatedKey"]


# --- listing -----------------------------------------------------------------------------

def _filter_of(filters: OrderFilter) -> dynamo.Where | None:
    """The filters outside the sort key (status, service, link text), applied after reading."""
    conditions: list[str] = []
    names: dict[str, str] = {}
    named: dict[str, Any] = {}
    if filters.status:
        conditions.append("#status = :status")
        names["#status"] = "status"
        named["status"] = filters.status.value
    if filters.service_id is not None:
        conditions.append("service_id = :service")
        named["service"] = filters.service_id
    if filters.link_contains:
        conditions.append("contains(link, :search)")
        named["search"] = filters.link_contains
    return dynamo.Where(" AND ".join(conditions), names, named) if conditions else None


def list_for_user(user_id: str, filters: OrderFilter, limit: int, cursor: str | None) -> tuple[list[Order], str | None]:
    """Newest first; `cursor` continues where the last page stopped. The date range bounds
    the sort key; the other filters are applied by DynamoDB after reading, so a page is
    filled by reading on (dynamo.query_page)."""
    between = None
    if filters.date_from or filters.date_to:
        between = keys.created_between(filters.date_from, filters.date_to)
    page = dynamo.query_page(schema.GSI1, keys.orders_of(user_id), limit=limit, cursor=cursor,
                             sort_between=between, where=_filter_of(filters))
    return [mapper.from_item(item) for item in page.items], page.cursor
