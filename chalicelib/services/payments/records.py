"""The top-up record's shared pieces: its one versioned update, idempotency key hashes, and
what people see of it."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import replace

from chalicelib.domain.errors import Unavailable
from chalicelib.domain.ledger import AlreadyApplied
from chalicelib.domain.payment_events import TopUpChange
from chalicelib.domain.payments import TopUp
from chalicelib.services import ledger
from chalicelib.store import ledger as ledger_store
from chalicelib.store import payments as store

MAX_ATTEMPTS = 20

Decide = Callable[[TopUp], TopUpChange | None]  # a rule of domain/payment_events; None: nothing to do


def change(top_up_id: int, decide: Decide, *, retry_if_applied: bool = False) -> tuple[TopUp, TopUpChange | None]:
    """Apply `decide` to the stored record and write the result on condition that nobody changed
    the record meanwhile (its version), joined to its ledger movement in one transaction; on a
    conflict, read again and decide again, a bounded number of times.

    Returns the record as written and the change, or the record as read and None when there was
    nothing to do: `decide` said so, or the movement's entry exists already (applied by another
    delivery). `retry_if_applied`: an existing entry means a stale read (its id carries a
    counter of the record, like a bonus reversal's), so read again instead of stopping."""
    for _ in range(MAX_ATTEMPTS):
        before = store.get(top_up_id)
        assert before is not None
        decided = decide(before)
        if decided is None:
            return before, None
        after = replace(decided.after, version=before.version + 1)
        movement = decided.movement
        if movement is None:
            if store.replace(before, after):
                return after, replace(decided, after=after)
            continue
        try:
            ledger.move(before.user_id, movement.amount, movement.kind, movement.entry_id,
                        reference=f"top-up #{before.top_up_id}", may_go_negative=movement.may_go_negative,
                        extra=_record_change(before, after))
        except AlreadyApplied:
            if retry_if_applied:
                continue
            return before, None
        except ledger_store.ExtraActionFailed:
            continue  # the record changed since it was read (another delivery, the browser's request)
        return after, replace(decided, after=after)
    raise Unavailable("The top-up is being updated; reload the page.")


def _record_change(before: TopUp, after: TopUp) -> ledger.ExtraActions:
    """The top-up record's own change, joined to the ledger movement it explains."""
    return lambda _entry: [store.replace_action(before, after)]


def key_hash(scope: str, key: str) -> str:
    return hashlib.sha256(f"{scope}\0{key}".encode()).hexdigest()
