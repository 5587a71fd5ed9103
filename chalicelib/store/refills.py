"""Refill requests: one item each, in the provider's refill work partition until final."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from chalicelib.domain.orders import Order
from chalicelib.domain.refills import Refill, RefillStatus
from chalicelib.store import dynamo, keys, schema

ITEM_TYPE = "refill"


def _work_entry(refill: Refill) -> keys.Key:
    """Refills to forward or follow sit in their provider's partition; final ones leave it."""
    if refill.is_final:
        return {}
    return keys.work(keys.refills_of(refill.provider_id), keys.in_line_by_number(refill.refill_id))


def _item(refill: Refill) -> dict[str, Any]:
    return {**keys.refill(refill.refill_id), **keys.refill_index(refill.order_id, refill.refill_id),
            **_work_entry(refill), "type": ITEM_TYPE,
            "refill_id": refill.refill_id, "order_id": refill.order_id, "user_id": refill.user_id,
            "provider_id": refill.provider_id, "provider_order": refill.provider_order,
            "status": refill.status.value, "provider_refill": refill.provider_refill,
            "created_at": refill.created_at.isoformat()}


def _refill(item: dict[str, Any]) -> Refill:
    return Refill(int(item["refill_id"]), int(item["order_id"]), item["user_id"], int(item["provider_id"]),
                  item.get("provider_order"), RefillStatus(item["status"]), item.get("provider_refill"),
                  datetime.fromisoformat(item["created_at"]))


def create(refill_id: int, order: Order, now: datetime) -> Refill:
    """A new refill request for `order`, pending (not forwarded yet)."""
    refill = Refill(refill_id, order.order_id, order.user_id, order.provider_id, order.provider_order,
                    RefillStatus.PENDING, None, now)
    dynamo.put(_item(refill), condition="attribute_not_exists(pk)")
    return refill


def save(refill: Refill) -> None:
    dynamo.put(_item(refill))


def get(refill_id: int) -> Refill | None:
    item = dynamo.get(keys.refill(refill_id))
    return _refill(item) if item else None


def to_follow(provider_id: int) -> list[Refill]:
    """Refills at one provider that are not final: to forward, or to ask about."""
    return [_refill(i) for i in dynamo.query_index(schema.GSI2, keys.refills_of(provider_id))]


def of_order(order_id: int, limit: int = 100) -> list[Refill]:
    """An order's refill requests, newest first (at most `limit`: one page of one partition)."""
    items = dynamo.query_index(schema.GSI1, keys.refills_of_order(order_id), limit=limit, forward=False)
    return [_refill(i) for i in items]
