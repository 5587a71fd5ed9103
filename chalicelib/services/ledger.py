"""Balance movements: every change of a balance goes through `move`."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from chalicelib.domain.audit_log import Action, SubjectKind
from chalicelib.domain.errors import Conflict, Forbidden, InvalidInput, NotEnoughFunds, NotFound
from chalicelib.domain.ledger import (
    WITHDRAWAL_KINDS,
    EntryKind,
    LedgerEntry,
    restricted_after,
    restricted_shown,
    withdrawable,
)
from chalicelib.domain.money import ZERO, quantize
from chalicelib.observability import logger, metrics
from chalicelib.services import audit_log, caches, clock
from chalicelib.store import ledger

MAX_ATTEMPTS = 100
CLOSED_MESSAGE = "This account is closed."
LOCKED_MESSAGE = ("Your account is on hold because a payment was refunded or disputed and your balance went "
                  "below zero. Please open a support ticket; staff will sort it out with you.")

STAFF_LOCKED_MESSAGE = ("Your account is on hold: staff have paused ordering and API use. Please open a support "
                        "ticket to find out why.")

ExtraActions = Callable[[LedgerEntry], list[dict[str, Any]]]


def move(user_id: str, amount: Decimal, kind: EntryKind, entry_id: str, reference: str, *,
         staff_id: str | None = None, reason: str | None = None, extra: ExtraActions | None = None,
         snapshot: ledger.Account | None = None, spending: bool = False,
         may_go_negative: bool = False, refund_of: str | None = None) -> LedgerEntry:
    """Apply one movement atomically, with the use case's own actions in the same transaction.

    Optimistic concurrency on the account's sequence number: on a conflict, read again and
    retry with jitter. Raises NotEnoughFunds if the balance would go below zero, and
    ledger's AlreadyApplied if `entry_id` was applied before (so retries never pay twice).
    `snapshot`, a consistent read the caller already made, saves the first read; a
    refusal for lack of funds is only ever decided on a fresh read.

    `spending` (orders) is refused while the account is locked. `may_go_negative` (money taken
    back by Stripe) never fails for lack of funds: below zero, it locks the account instead.
    A credit is never refused for the balance it leaves: a top-up paid by a customer whose
    account is below zero still counts, even if the balance stays below zero (and locked).

    The account's non-withdrawable part (service credit and bonus) moves in the same write
    (`domain.ledger.restricted_after`); `refund_of`, an order refund's charge entry id, gives
    back to it what that charge took. A payout (WITHDRAWAL_KINDS) is refused beyond the
    withdrawable part, decided on the exact version the write is conditioned on.
    """
    amount = quantize(amount)
    guess = _best_guess(user_id, snapshot)
    restored = ZERO
    if refund_of is not None:
        charge = ledger.entry(user_id, refund_of)
        restored = -charge.restricted_change if charge is not None else ZERO
    for attempt in range(MAX_ATTEMPTS):
        account = guess or ledger.account(user_id)
        fresh, guess = guess is None, None
        if account is None:
            raise NotFound("No such account.")
        after = account.balance + amount
        if spending and account.closed:
            if not fresh:
                continue
            raise Forbidden(CLOSED_MESSAGE)
        if spending and account.locked:
            if not fresh:
                continue
            raise Forbidden(LOCKED_MESSAGE)
        if spending and account.staff_lock:
            if not fresh:
                continue
            raise Forbidden(STAFF_LOCKED_MESSAGE)
        lock = None
        if after < 0 and may_go_negative:
            lock = f"balance below zero after {entry_id}"
        elif after < 0 and amount <= 0:  # a credit to an account below zero only helps: never refused
            if not fresh:
                continue  # the guess may be old: decide on a fresh read
            raise NotEnoughFunds()
        available = withdrawable(account.balance, account.restricted)
        if kind in WITHDRAWAL_KINDS and -amount > available:
            if not fresh:
                continue
            raise InvalidInput(f"At most {available:.2f} USD of this balance can be paid out: service credit and "
                               "bonus funds are spent on orders, never paid out.", fields={"amount": "too_large"})
        if kind is EntryKind.PAYMENT_REFUND and -amount > available:
            metrics.add_metric(name="RefundBeyondWithdrawable", unit="Count", value=1)
            logger.error("a card refund took more than the withdrawable balance",
                         extra={"user_id": user_id, "entry_id": entry_id, "withdrawable": str(available)})
        restricted = restricted_after(kind, amount, account.restricted, restored)
        entry = LedgerEntry(entry_id=entry_id, user_id=user_id, kind=kind, amount=amount, balance_after=after,
                            seq=account.seq + 1, at=clock.now(), reference=reference, staff_id=staff_id,
                            reason=reason, restricted_after=restricted,
                            restricted_change=restricted - account.restricted)
        actions = extra(entry) if extra else []
        if lock:  # the lock and its audit record are written together
            actions = [*actions, audit_log.action(audit_log.build(
                Action.ACCOUNT_LOCKED, SubjectKind.USER, user_id,
                before={"locked": account.locked, "balance": account.balance},
                after={"locked": lock, "balance": after, "entry_id": entry_id}, record_id=f"lock#{entry_id}"))]
        try:
            ledger.apply(account, entry, actions, lock=lock, open_only=spending)
        except ledger.VersionConflict:
            caches.accounts.drop(user_id)
            if attempt:
                time.sleep(random.uniform(0, min(0.002 * 2 ** min(attempt, 5), 0.05)))
            continue
        caches.accounts.put(user_id, ledger.Account(user_id, entry.balance_after, entry.seq, lock or account.locked,
                                                    account.closed, entry.restricted_after))
        logger.info("balance moved", extra={"user_id": user_id, "kind": kind.value, "entry_id": entry_id})
        if lock:
            logger.warning("account locked: balance below zero", extra={"user_id": user_id, "entry_id": entry_id})
        return entry
    raise Conflict("Your balance is changing too often right now; try again in a moment.")


def _best_guess(user_id: str, snapshot: ledger.Account | None) -> ledger.Account | None:
    """The newest account state this container knows without a read: what it last wrote,
    or the caller's snapshot. A wrong guess costs a refused write and a real read."""
    written: ledger.Account | None = caches.accounts.get(user_id)
    if written is None:
        return snapshot
    if snapshot is None or written.seq >= snapshot.seq:
        return written
    return snapshot


def adjust(user_id: str, amount: Decimal, reason: str, staff_id: str, *, entry_id: str) -> LedgerEntry:
    """A staff member's manual adjustment (credit or debit) with a required reason, and its
    audit record in the same transaction."""
    if not reason.strip():
        raise InvalidInput("A reason is required for a manual adjustment.", fields={"reason": "required"})

    def audited(entry: LedgerEntry) -> list[dict[str, Any]]:
        return [audit_log.action(audit_log.build(
            Action.BALANCE_ADJUSTED, SubjectKind.USER, user_id, actor=staff_id, record_id=entry_id,
            before={"balance": entry.balance_after - entry.amount},
            after={"balance": entry.balance_after, "amount": entry.amount, "reason": entry.reason,
                   "entry_id": entry_id}))]

    return move(user_id, amount, EntryKind.MANUAL_ADJUSTMENT, entry_id, reference=f"staff:{staff_id}",
                staff_id=staff_id, reason=reason.strip(), extra=audited)


@dataclass(frozen=True)
class Statement:
    """An account's balance with one page of its ledger, newest first."""

    account: ledger.Account
    entries: list[LedgerEntry]
    next_cursor: str | None

    @property
    def non_withdrawable(self) -> Decimal:
        """Service credit and bonus still in the balance."""
        return restricted_shown(self.account.balance, self.account.restricted)

    @property
    def withdrawable(self) -> Decimal:
        return withdrawable(self.account.balance, self.account.restricted)


def statement(user_id: str, limit: int, cursor: str | None) -> Statement:
    account = ledger.account(user_id)
    if account is None:
        raise NotFound("No such account.")
    entries, next_cursor = ledger.entries_page(user_id, limit, cursor)
    return Statement(account, entries, next_cursor)


def withdrawable_of(user_id: str) -> Decimal:
    """What of the account's balance may be paid back to the customer (card refund, bank payout,
    the balance of a closed account): never its service credit or bonus (S13)."""
    account = ledger.account(user_id)
    if account is None:
        raise NotFound("No such account.")
    return withdrawable(account.balance, account.restricted)
