"""Orders, idempotency records and the active-link guard."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from botocore.exceptions import ClientError

from chalicelib.domain.catalog import ServiceType
from chalicelib.domain.orders import FINAL_STATUSES, Order, OrderStatus
from chalicelib.store import dynamo, keys, schema

IDEMPOTENCY_TTL_SECONDS = 24 * 3600


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _when(item: dict[str, Any], name: str) -> datetime | None:
    return datetime.fromisoformat(item[name]) if item.get(name) else None


def work_index(order: Order) -> dict[str, str]:
    """Where an order sits in the work index (GSI2), by status; final orders leave it."""
    if order.status == OrderStatus.PENDING:
        return keys.work(keys.PENDING_DISPATCH, f"{order.created_at.isoformat()}#{order.order_id:012d}")
    if order.status == OrderStatus.SENDING:
        return keys.work(keys.SENDING, f"{_iso(order.claimed_at)}#{order.order_id:012d}")
    if order.status == OrderStatus.NEEDS_REVIEW:
        return keys.work(keys.REVIEW, f"{order.created_at.isoformat()}#{order.order_id:012d}")
    if order.status in FINAL_STATUSES:
        return {}
    return keys.work(keys.open_orders_of(order.provider_id), f"{order.order_id:012d}")


def _item(order: Order) -> dict[str, Any]:
    return {
        **keys.order(order.order_id),
        **keys.order_index(order.user_id, order.created_at.isoformat(), order.order_id),
        **work_index(order),
        "type": "order",
        "order_id": order.order_id,
        "user_id": order.user_id,
        "service_id": order.service_id,
        "service_name": order.service_name,
        "service_type": order.type.value,
        "link": order.link,
        "quantity": order.quantity,
        "charge": order.charge,
        "rate": order.rate,
        "fields": json.dumps(order.fields),
        "status": order.status.value,
        "created_at": order.created_at.isoformat(),
        "updated_at": order.updated_at.isoformat(),
        "provider_id": order.provider_id,
        "provider_service": order.provider_service,
        "runs": order.runs,
        "interval": order.interval,
        "start_count": order.start_count,
        "remains": order.remains,
        "refunded": order.refunded,
        "cancel_requested": order.cancel_requested,
        "completed_at": order.completed_at.isoformat() if order.completed_at else None,
        "provider_order": order.provider_order,
        "active_link_hash": order.active_link_hash,
        "attempts": order.attempts,
        "review_reason": order.review_reason,
        "claimed_at": _iso(order.claimed_at),
        "sent_at": _iso(order.sent_at),
        "progress_at": _iso(order.progress_at),
        "stuck": order.stuck,
        "cancel_forwarded": order.cancel_forwarded,
        "upstream_status": order.upstream_status,
    }


def _order(item: dict[str, Any]) -> Order:
    def optional_int(name: str) -> int | None:
        return int(item[name]) if item.get(name) is not None else None

    return Order(
        order_id=int(item["order_id"]), user_id=item["user_id"], service_id=int(item["service_id"]),
        service_name=item["service_name"], type=ServiceType(item["service_type"]), link=item["link"],
        quantity=int(item["quantity"]), charge=Decimal(item["charge"]), rate=Decimal(item["rate"]),
        fields=json.loads(item["fields"]), status=OrderStatus(item["status"]),
        created_at=datetime.fromisoformat(item["created_at"]), updated_at=datetime.fromisoformat(item["updated_at"]),
        provider_id=int(item["provider_id"]), provider_service=str(item["provider_service"]),
        runs=optional_int("runs"), interval=optional_int("interval"), start_count=optional_int("start_count"),
        remains=optional_int("remains"), refunded=Decimal(item.get("refunded", 0)),
        cancel_requested=bool(item.get("cancel_requested", False)),
        completed_at=_when(item, "completed_at"), provider_order=item.get("provider_order"),
        active_link_hash=item.get("active_link_hash"), attempts=int(item.get("attempts", 0)),
        review_reason=item.get("review_reason"), claimed_at=_when(item, "claimed_at"), sent_at=_when(item, "sent_at"),
        progress_at=_when(item, "progress_at"), stuck=bool(item.get("stuck", False)),
        cancel_forwarded=bool(item.get("cancel_forwarded", False)), upstream_status=item.get("upstream_status"),
    )


def get(order_id: int) -> Order | None:
    item = dynamo.get(keys.order(order_id))
    return _order(item) if item else None


def get_many(order_ids: list[int]) -> dict[int, Order]:
    """Up to 100 orders in one BatchGetItem; unknown ids are absent."""
    found = dynamo.batch_get([keys.order(order_id) for order_id in order_ids]) if order_ids else {}
    return {order.order_id: order for order in map(_order, found.values())}


# --- actions that join a ledger movement's transaction -----------------------------------

def put_action(order: Order) -> dict[str, Any]:
    return {"Put": {"Item": dynamo.to_attributes(_item(order)), "ConditionExpression": "attribute_not_exists(pk)"}}


def idempotency_action(user_id: str, key_hash: str, request_hash: str, order_id: int, now: datetime) -> dict[str, Any]:
    item = {**keys.idempotency(user_id, key_hash), "order_id": order_id, "request_hash": request_hash,
            schema.TTL_ATTRIBUTE: int(now.timestamp()) + IDEMPOTENCY_TTL_SECONDS}
    return {"Put": {"Item": dynamo.to_attributes(item), "ConditionExpression": "attribute_not_exists(pk)"}}


def idempotency_record(user_id: str, key_hash: str) -> dict[str, Any] | None:
    return dynamo.get(keys.idempotency(user_id, key_hash))


def active_link_action(user_id: str, service_id: int, link_hash: str, order_id: int) -> dict[str, Any]:
    item = {**keys.active_link(user_id, service_id, link_hash), "order_id": order_id}
    return {"Put": {"Item": dynamo.to_attributes(item), "ConditionExpression": "attribute_not_exists(pk)"}}


def settle_action(order: Order, status: OrderStatus, *, remains: int | None, start_count: int | None,
                  refunded: Decimal, now: datetime, expected: OrderStatus | None = None) -> dict[str, Any]:
    """Move an open order to a final status; fails if it is final already (refund once), or,
    with `expected`, if the stored status is no longer that one."""
    finals = {f":final{i}": s.value for i, s in enumerate(sorted(FINAL_STATUSES))}
    expression = "SET #status = :status, updated_at = :now, refunded = :refunded, stuck = :no"
    named: dict[str, Any] = {"status": status.value, "now": now.isoformat(), "refunded": refunded, "no": False}
    if remains is not None:
        expression += ", remains = :remains"
        named["remains"] = remains
    if start_count is not None:
        expression += ", start_count = :start"
        named["start"] = start_count
    if status in {OrderStatus.COMPLETED, OrderStatus.PARTIAL}:
        expression += ", completed_at = :now"
    expression += " REMOVE gsi2pk, gsi2sk"  # a final order leaves the work index
    condition = f"NOT #status IN ({', '.join(finals)})"
    if expected is not None:
        condition = "#status = :expected"
        named["expected"] = expected.value
    values = dynamo.values(**named)
    values.update({k: dynamo.to_attributes({"v": v})["v"] for k, v in finals.items() if expected is None})
    return {"Update": {
        "Key": dynamo.to_attributes(keys.order(order.order_id)),
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


def transition(expected: OrderStatus, changed: Order) -> bool:
    """Write `changed` if the stored order is still in `expected` status and its cancel flag is
    still what `changed` carries (a customer may set it at any time). False otherwise: the
    caller reads again."""
    try:
        dynamo.client().put_item(
            TableName=dynamo.table_name(), Item=dynamo.to_attributes(_item(changed)),
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
    sort = f"{now.isoformat()}#{order_id:012d}"
    claimed = dynamo.update(
        keys.order(order_id),
        "SET #status = :sending, claimed_at = :now, updated_at = :now, gsi2pk = :wp, gsi2sk = :ws",
        condition="#status = :pending", names={"#status": "status"}, returning="ALL_NEW",
        sending=OrderStatus.SENDING.value, pending=OrderStatus.PENDING.value, now=now.isoformat(),
        wp=keys.SENDING, ws=sort)
    return _order(claimed) if claimed else None


def record_sent(order: Order, provider_order: str, now: datetime) -> bool:
    """sending -> processing with the provider's order id, in one conditional write that
    touches nothing else (a cancel request may arrive meanwhile)."""
    work = keys.work(keys.open_orders_of(order.provider_id), f"{order.order_id:012d}")
    return dynamo.update(
        keys.order(order.order_id),
        "SET #status = :processing, provider_order = :po, sent_at = :now, progress_at = :now, updated_at = :now, "
        "gsi2pk = :wp, gsi2sk = :ws", condition="#status = :sending", names={"#status": "status"},
        processing=OrderStatus.PROCESSING.value, sending=OrderStatus.SENDING.value, po=provider_order,
        now=now.isoformat(), wp=work["gsi2pk"], ws=work["gsi2sk"]) is not None


def in_work(partition: str, *, sort_at_most: str | None = None, limit: int | None = None) -> list[Order]:
    """Orders in one partition of the work index, oldest first."""
    return [_order(item) for item in dynamo.query_index(schema.GSI2, partition, sort_at_most=sort_at_most,
                                                        limit=limit)]


def mark_cancel_requested(order_id: int, now: datetime) -> bool:
    return dynamo.update(keys.order(order_id), "SET cancel_requested = :yes, updated_at = :now",
                         condition="attribute_exists(pk)", yes=True, now=now.isoformat()) is not None


REFILL_FINAL = frozenset({"completed", "rejected", "canceled"})


@dataclass(frozen=True)
class Refill:
    refill_id: int
    order_id: int
    user_id: str
    provider_id: int
    provider_order: str | None
    status: str                 # pending (not forwarded), in_progress, completed, rejected, canceled
    provider_refill: str | None
    created_at: datetime


def put_refill(refill_id: int, order: Order, now: datetime) -> None:
    refill = Refill(refill_id, order.order_id, order.user_id, order.provider_id, order.provider_order, "pending",
                    None, now)
    dynamo.put(_refill_item(refill), condition="attribute_not_exists(pk)")


def _refill_item(refill: Refill) -> dict[str, Any]:
    work = {} if refill.status in REFILL_FINAL else keys.work(keys.refills_of(refill.provider_id),
                                                              f"{refill.refill_id:012d}")
    return {**keys.refill(refill.refill_id), **work, "type": "refill", "refill_id": refill.refill_id,
            "order_id": refill.order_id, "user_id": refill.user_id, "provider_id": refill.provider_id,
            "provider_order": refill.provider_order, "status": refill.status,
            "provider_refill": refill.provider_refill, "created_at": refill.created_at.isoformat()}


def _refill(item: dict[str, Any]) -> Refill:
    return Refill(int(item["refill_id"]), int(item["order_id"]), item["user_id"], int(item["provider_id"]),
                  item.get("provider_order"), item["status"], item.get("provider_refill"),
                  datetime.fromisoformat(item["created_at"]))


def save_refill(refill: Refill) -> None:
    dynamo.put(_refill_item(refill))


def get_refill(refill_id: int) -> Refill | None:
    item = dynamo.get(keys.refill(refill_id))
    return _refill(item) if item else None


def refills_to_follow(provider_id: int) -> list[Refill]:
    return [_refill(i) for i in dynamo.query_index(schema.GSI2, keys.refills_of(provider_id))]


# --- listing -----------------------------------------------------------------------------

@dataclass(frozen=True)
class OrderFilter:
    status: OrderStatus | None = None
    service_id: int | None = None
    date_from: str | None = None  # ISO dates, inclusive
    date_to: str | None = None
    link_contains: str | None = None


def list_for_user(user_id: str, filters: OrderFilter, limit: int, cursor: str | None) -> tuple[list[Order], str | None]:
    """Newest first; `cursor` continues where the last page stopped. Filters other than the
    date range are applied by DynamoDB after reading, so a page is filled by reading on."""
    condition = "gsi1pk = :pk"
    named: dict[str, Any] = {"pk": keys.orders_of(user_id)}
    if filters.date_from or filters.date_to:
        condition += " AND gsi1sk BETWEEN :lo AND :hi"
        named["lo"] = filters.date_from or "0000"
        named["hi"] = (filters.date_to or "9999") + "\uffff"
    conditions, names = [], {}
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
    kwargs: dict[str, Any] = {
        "TableName": dynamo.table_name(), "IndexName": schema.GSI1, "KeyConditionExpression": condition,
        "ExpressionAttributeValues": dynamo.values(**named), "ScanIndexForward": False,
    }
    if conditions:
        kwargs["FilterExpression"] = " AND ".join(conditions)
    if names:
        kwargs["ExpressionAttributeNames"] = names
    if cursor:
        kwargs["ExclusiveStartKey"] = dynamo.decode_cursor(cursor, schema.GSI1_PARTITION_KEY, keys.orders_of(user_id))
    found: list[Order] = []
    for _ in range(20):  # bounded read-ahead when filters skip many orders
        kwargs["Limit"] = max(limit - len(found), 1) * (4 if conditions else 1)
        response = dynamo.client().query(**kwargs)
        for raw in response.get("Items", []):
            found.append(_order(dynamo.from_attributes(raw)))
            if len(found) == limit:
                last = dynamo.from_attributes(raw)
                next_key = {k: dynamo.to_attributes({"v": last[k]})["v"] for k in ("pk", "sk", "gsi1pk", "gsi1sk")}
                return found, dynamo.encode_cursor(next_key)
        if "LastEvaluatedKey" not in response:
            return found, None
        kwargs["ExclusiveStartKey"] = response["LastEvaluatedKey"]
    return found, dynamo.encode_cursor(kwargs["ExclusiveStartKey"])
