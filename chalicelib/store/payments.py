"""Top-ups (card and manual) and the payments settings (bonus tiers).

A top-up item carries a `version`; every change after creation is a conditional write on it,
usually joined to the ledger movement it explains, so money and record never disagree.

Stored attribute names predate the model's field names and stay as they are (no migration):
`topup_id` holds `TopUp.top_up_id` and `charge` holds `TopUp.stripe_charge_id`.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal
from typing import Any

from chalicelib.domain.payments import BonusTier, DisputeStatus, Method, TopUp, TopUpStatus
from chalicelib.store import dynamo, keys, schema


def _item(top_up: TopUp) -> dict[str, Any]:
    created = top_up.created_at.isoformat()
    return {
        **keys.top_up(top_up.top_up_id),
        **keys.top_ups_index(top_up.user_id, created, top_up.top_up_id),
        **keys.top_ups_month(created[:7], created, top_up.top_up_id),
        "type": "top_up", "topup_id": top_up.top_up_id, "user_id": top_up.user_id, "amount": top_up.amount,
        "bonus": top_up.bonus, "method": top_up.method.value, "status": top_up.status.value, "created_at": created,
        "payment_intent": top_up.payment_intent, "charge": top_up.stripe_charge_id, "reference": top_up.reference,
        "staff_id": top_up.staff_id, "failure": top_up.failure, "refunded": top_up.refunded,
        "disputes": {dispute_id: {"amount": amount, "status": status.value}
                     for dispute_id, (amount, status) in top_up.disputes.items()} or None,
        "bonus_reversed": top_up.bonus_reversed, "bonus_version": top_up.bonus_version, "version": top_up.version,
    }


def _top_up(item: dict[str, Any]) -> TopUp:
    return TopUp(
        top_up_id=int(item["topup_id"]), user_id=item["user_id"], amount=Decimal(item["amount"]),
        bonus=Decimal(item["bonus"]), method=Method(item["method"]), status=TopUpStatus(item["status"]),
        created_at=datetime.fromisoformat(item["created_at"]), payment_intent=item.get("payment_intent"),
        stripe_charge_id=item.get("charge"), reference=item.get("reference"), staff_id=item.get("staff_id"),
        failure=item.get("failure"), refunded=Decimal(item.get("refunded", 0)),
        disputes={dispute_id: (Decimal(d["amount"]), DisputeStatus(d["status"]))
                  for dispute_id, d in (item.get("disputes") or {}).items()},
        bonus_reversed=Decimal(item.get("bonus_reversed", 0)), bonus_version=int(item.get("bonus_version", 0)),
        version=int(item.get("version", 0)),
    )


def insert(top_up: TopUp) -> None:
    dynamo.put(_item(top_up), condition="attribute_not_exists(pk)")


def insert_action(top_up: TopUp) -> dict[str, Any]:
    """Creates the record inside a ledger movement's transaction (manual top-ups)."""
    return {"Put": {"Item": dynamo.to_attributes(_item(top_up)), "ConditionExpression": "attribute_not_exists(pk)"}}


def get(top_up_id: int) -> TopUp | None:
    item = dynamo.get(keys.top_up(top_up_id))
    return _top_up(item) if item else None


def replace_action(before: TopUp, after: TopUp) -> dict[str, Any]:
    """Writes `after` on condition that the stored record is still `before` (its version)."""
    assert after.version == before.version + 1
    return dynamo.put_at_version(_item(after), before.version)


def replace(before: TopUp, after: TopUp) -> bool:
    """The same change without a ledger movement; False if someone changed it first."""
    try:
        dynamo.transact_write([replace_action(before, after)])
    except dynamo.TransactionCancelled:
        return False
    return True


def of_user(user_id: str, limit: int = 50, cursor: str | None = None) -> tuple[list[TopUp], str | None]:
    """A page of the user's top-ups, newest first."""
    page = dynamo.query_page(schema.GSI1, keys.top_ups_of(user_id), limit=limit, cursor=cursor)
    return [_top_up(i) for i in page.items], page.cursor


def in_month(month: str, limit: int = 100, cursor: str | None = None) -> tuple[list[TopUp], str | None]:
    """A page of the month's top-ups, newest first."""
    page = dynamo.query_page(schema.GSI2, keys.top_ups_in(month), limit=limit, cursor=cursor)
    return [_top_up(i) for i in page.items], page.cursor


def all_in_month(month: str) -> Iterator[TopUp]:
    """Every top-up of a month, however many (the reconciliation job)."""
    return map(_top_up, dynamo.query_all(schema.GSI2, keys.top_ups_in(month)))


def claim_action(key_hash: str, top_up_id: int) -> dict[str, Any]:
    return {"Put": {"Item": dynamo.to_attributes({**keys.top_up_claim(key_hash), "topup_id": top_up_id}),
                    "ConditionExpression": "attribute_not_exists(pk)"}}


def claimed(key_hash: str) -> int | None:
    item = dynamo.get(keys.top_up_claim(key_hash))
    return int(item["topup_id"]) if item else None


def insert_claimed(top_up: TopUp, key_hash: str) -> bool:
    """The record and its idempotency claim together; False if the key was claimed first."""
    try:
        dynamo.transact_write([insert_action(top_up), claim_action(key_hash, top_up.top_up_id)])
    except dynamo.TransactionCancelled:
        return False
    return True


def link_stripe_objects(top_up_id: int, *object_ids: str | None) -> None:
    for object_id in filter(None, object_ids):
        dynamo.put({**keys.stripe_object(object_id), "type": "stripe_link", "topup_id": top_up_id})


def by_stripe_object(object_id: str) -> int | None:
    item = dynamo.get(keys.stripe_object(object_id))
    return int(item["topup_id"]) if item else None


def bonus_tiers() -> list[BonusTier]:
    item = dynamo.get(keys.payments_config(), consistent=False)
    return [BonusTier(Decimal(t["min_amount"]), Decimal(t["percent"])) for t in (item or {}).get("tiers", [])]


def save_bonus_tiers(tiers: list[BonusTier], staff_id: str, at_iso: str) -> None:
    dynamo.put({**keys.payments_config(), "type": "config",
                "tiers": [{"min_amount": t.min_amount, "percent": t.percent} for t in tiers],
                "updated_by": staff_id, "updated_at": at_iso})
