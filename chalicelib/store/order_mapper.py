"""The order's item: its shape, its keys and where it sits in the work index.

The one module that turns an Order into a DynamoDB item and back; store/orders.py writes
and reads through it, and nothing else builds or decodes an order item.
"""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal
from typing import Any

from chalicelib.domain.catalog import ServiceType
from chalicelib.domain.order_history import StatusEvent, bounded
from chalicelib.domain.orders import FINAL_STATUSES, Order, OrderStatus
from chalicelib.store import keys

ITEM_TYPE = "order"


def key(order_id: int) -> keys.Key:
    return keys.order(order_id)


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _when(item: dict[str, Any], name: str) -> datetime | None:
    return datetime.fromisoformat(item[name]) if item.get(name) else None


def sending_entry(order_id: int, claimed_at: datetime) -> keys.Key:
    """Work index entry of a claimed order whose provider call is in flight."""
    return keys.work(keys.SENDING, keys.in_line_since(claimed_at.isoformat(), order_id))


def open_entry(provider_id: int, order_id: int) -> keys.Key:
    """Work index entry of an order a provider has and status sync follows."""
    return keys.work(keys.open_orders_of(provider_id), keys.in_line_by_number(order_id))


def work_entry(order: Order) -> keys.Key:
    """Where an order sits in the work index (GSI2), by status; final orders leave it."""
    if order.status == OrderStatus.PENDING:
        return keys.work(keys.PENDING_DISPATCH, keys.in_line_since(order.created_at.isoformat(), order.order_id))
    if order.status == OrderStatus.SENDING:  # claim() sets claimed_at; "None" kept as the stored form had it
        return keys.work(keys.SENDING, keys.in_line_since(_iso(order.claimed_at) or "None", order.order_id))
    if order.status == OrderStatus.NEEDS_REVIEW:
        return keys.work(keys.REVIEW, keys.in_line_since(order.created_at.isoformat(), order.order_id))
    if order.status in FINAL_STATUSES:
        return {}
    return open_entry(order.provider_id, order.order_id)


def event_item(event: StatusEvent) -> dict[str, str]:
    return {"at": event.at.isoformat(), "status": event.status, "note": event.note}


def _events(raw: Any) -> tuple[StatusEvent, ...]:
    return tuple(StatusEvent(datetime.fromisoformat(e["at"]), str(e["status"]), str(e.get("note", "")))
                 for e in raw or [])


def to_item(order: Order) -> dict[str, Any]:
    return {
        **key(order.order_id),
        **keys.order_index(order.user_id, order.created_at.isoformat(), order.order_id),
        **work_entry(order),
        **keys.orders_month_index(order.created_at.isoformat(), order.order_id),
        "type": ITEM_TYPE,
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
        "completed_at": _iso(order.completed_at),
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
        "runs_done": order.runs_done,
        "posts_done": order.posts_done,
        "provider_cost": order.provider_cost,
        "history": [event_item(e) for e in bounded(order.history)],
    }


def from_item(item: dict[str, Any]) -> Order:
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
        runs_done=optional_int("runs_done"), posts_done=optional_int("posts_done"),
        provider_cost=Decimal(item["provider_cost"]) if item.get("provider_cost") is not None else None,
        history=_events(item.get("history")),
    )
