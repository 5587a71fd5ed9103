"""Balance movements: every change of a balance goes through `move`."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from chalicelib.domain.errors import Conflict, InvalidInput, NotEnoughFunds, NotFound
from chalicelib.domain.ledger import EntryKind, LedgerEntry
from chalicelib.domain.money import quantize
from chalicelib.observability import logger
from chalicelib.services import clock
from chalicelib.store import ledger

MAX_ATTEMPTS = 100

ExtraActions = Callable[[LedgerEntry], list[dict[str, Any]]]


def move(user_id: str, amount: Decimal, kind: EntryKind, entry_id: str, reference: str, *,
         staff_id: str | None = None, reason: str | None = None, extra: ExtraActions | None = None) -> LedgerEntry:
    """Apply one movement atomically, with the use case's own actions in the same transaction.

    Optimistic concurrency on the account's sequence number: on a conflict, read again and
    retry with jitter. Raises NotEnoughFunds if the balance would go below zero, and
    ledger's AlreadyApplied if `entry_id` was applied before (so retries never pay twice).
    """
    amount = quantize(amount)
    for attempt in range(MAX_ATTEMPTS):
        account = ledger.account(user_id)
        if account is None:
            raise NotFound("No such account.")
        after = account.balance + amount
        if after < 0:
            raise NotEnoughFunds()
        entry = LedgerEntry(entry_id=entry_id, user_id=user_id, kind=kind, amount=amount, balance_after=after,
                            seq=account.seq + 1, at=clock.now(), reference=reference, staff_id=staff_id,
                            reason=reason)
        try:
            ledger.apply(account, entry, extra(entry) if extra else None)
        except ledger.VersionConflict:
            time.sleep(random.uniform(0, min(0.002 * 2 ** min(attempt, 5), 0.05)))
            continue
        logger.info("balance moved", extra={"user_id": user_id, "kind": kind.value, "entry_id": entry_id})
        return entry
    raise Conflict("Your balance is changing too often right now; try again in a moment.")


def adjust(user_id: str, amount: Decimal, reason: str, staff_id: str, *, entry_id: str) -> LedgerEntry:
    """A staff member's manual adjustment (credit or debit) with a required reason."""
    if not reason.strip():
        raise InvalidInput("A reason is required for a manual adjustment.", fields={"reason": "required"})
    return move(user_id, amount, EntryKind.MANUAL_ADJUSTMENT, entry_id, reference=f"staff:{staff_id}",
                staff_id=staff_id, reason=reason.strip())
