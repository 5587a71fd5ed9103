"""Refill requests: a customer asks the provider to top a completed order back up.

A refill is created `pending` (not forwarded yet); the status sync forwards it with the
standard's `refill` action (`in_progress`) and follows it until the provider reports a final
status. The provider's spellings are mapped here; anything else is left as it was.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime


class RefillStatus(enum.StrEnum):
    PENDING = "pending"          # asked for, not forwarded to the provider yet
    IN_PROGRESS = "in_progress"  # the provider has it
    COMPLETED = "completed"
    REJECTED = "rejected"
    CANCELED = "canceled"


# The standard API's spelling of each refill status (the reseller API and the order page).
REFILL_LABELS = {RefillStatus.PENDING: "Pending", RefillStatus.IN_PROGRESS: "In progress",
                 RefillStatus.COMPLETED: "Completed", RefillStatus.REJECTED: "Rejected",
                 RefillStatus.CANCELED: "Canceled"}

FINAL_REFILL_STATUSES = frozenset({RefillStatus.COMPLETED, RefillStatus.REJECTED, RefillStatus.CANCELED})


@dataclass(frozen=True)
class Refill:
    refill_id: int
    order_id: int
    user_id: str
    provider_id: int
    provider_order: str | None
    status: RefillStatus
    provider_refill: str | None
    created_at: datetime

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_REFILL_STATUSES


# Every spelling of a refill status seen from upstream panels, mapped to ours.
UPSTREAM_REFILL_STATUS = {
    "completed": RefillStatus.COMPLETED, "complete": RefillStatus.COMPLETED, "rejected": RefillStatus.REJECTED,
    "canceled": RefillStatus.CANCELED, "cancelled": RefillStatus.CANCELED, "in progress": RefillStatus.IN_PROGRESS,
    "pending": RefillStatus.IN_PROGRESS, "processing": RefillStatus.IN_PROGRESS,
}


def parse_upstream_refill_status(raw: str | None) -> RefillStatus | None:
    """Ours for a provider's refill status; None for anything we do not know (never guessed)."""
    return UPSTREAM_REFILL_STATUS.get((raw or "").strip().lower())
