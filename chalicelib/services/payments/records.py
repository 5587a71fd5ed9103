"""The top-up record's shared pieces: idempotency key hashes and what people see of it."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from typing import Any

from chalicelib.domain.payments import BonusTier, DisputeStatus, TopUp

MAX_ATTEMPTS = 20


def key_hash(scope: str, key: str) -> str:
    return hashlib.sha256(f"{scope}\0{key}".encode()).hexdigest()


def tier_view(tier: BonusTier) -> dict[str, str]:
    return {"min_amount": f"{tier.min_amount:.2f}", "percent": f"{tier.percent.normalize():f}"}


def view(top_up: TopUp) -> dict[str, Any]:
    """What customers and staff see: never card data (we never have any)."""
    disputed = sum((amount for amount, status in top_up.disputes.values() if status != DisputeStatus.WON),
                   Decimal("0.00"))
    return {
        "id": top_up.topup_id, "amount": f"{top_up.amount:.2f}", "bonus": f"{top_up.bonus:.2f}",
        "created_at": top_up.created_at.isoformat(), "method": top_up.method.value, "status": top_up.status.value,
        "transaction_id": top_up.payment_intent or top_up.reference, "refunded": f"{top_up.refunded:.2f}",
        "disputed": f"{disputed:.2f}", "failure": top_up.failure, "user_id": top_up.user_id,
    }
