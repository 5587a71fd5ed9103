"""Top-ups with Stripe, bonuses, refunds, disputes and manual top-ups.

The browser never credits anything: `start_top_up` creates and confirms a PaymentIntent and
records the top-up as pending; only Stripe's signed webhook (`handle_event`) moves money. Every
movement has a deterministic ledger entry id derived from the Stripe object it comes from, and
joins a conditional write of the top-up record, so any number of deliveries, in any order and
at the same time, changes the balance once.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import timedelta
from decimal import Decimal
from typing import Any

from chalicelib.adapters import stripe_payments
from chalicelib.domain.audit_log import Action, SubjectKind
from chalicelib.domain.errors import InvalidInput, NotFound, PaymentDeclined, Unavailable
from chalicelib.domain.ledger import AlreadyApplied, EntryKind, LedgerEntry
from chalicelib.domain.numbers import whole_number
from chalicelib.domain.payments import (
    MANUAL_METHODS,
    BonusTier,
    DisputeStatus,
    Method,
    TopUp,
    TopUpStatus,
    bonus_for,
    bonus_to_reverse,
    from_cents,
    parse_bonus_tiers,
    parse_payment_method_id,
    parse_top_up_amount,
    to_cents,
)
from chalicelib.observability import logger, metrics
from chalicelib.services import audit_log, clock, ledger
from chalicelib.settings import get_settings
from chalicelib.store import counters
from chalicelib.store import ledger as ledger_store
from chalicelib.store import payments as store

MAX_ATTEMPTS = 20
MANUAL_TOP_UP_LIMIT = Decimal("1000000")
MAX_REFERENCE_LENGTH = 200


def _limits() -> tuple[Decimal, Decimal]:
    settings = get_settings()
    return Decimal(settings.top_up_min_usd), Decimal(settings.top_up_max_usd)


def public_config() -> dict[str, Any]:
    """What the add-funds page needs: limits, tiers, and how to load Stripe.js."""
    settings = get_settings()
    minimum, maximum = _limits()
    return {
        "min_amount": f"{minimum:.2f}", "max_amount": f"{maximum:.2f}",
        "bonus_tiers": [_tier_view(t) for t in store.bonus_tiers()],
        "publishable_key": settings.stripe_publishable_key, "js_url": settings.stripe_js_url,
        "browser": settings.stripe_browser,
    }


def set_bonus_tiers(raw: object, staff_id: str) -> list[dict[str, str]]:
    tiers = parse_bonus_tiers(raw)
    store.save_bonus_tiers(tiers, staff_id, clock.now().isoformat())
    logger.info("bonus tiers changed", extra={"staff_id": staff_id, "tiers": len(tiers)})
    return [_tier_view(t) for t in tiers]


def _tier_view(tier: BonusTier) -> dict[str, str]:
    return {"min_amount": f"{tier.min_amount:.2f}", "percent": f"{tier.percent.normalize():f}"}


# --- card top-ups -------------------------------------------------------------------------

@dataclass(frozen=True)
class Started:
    top_up: TopUp
    client_secret: str | None   # set when the browser must finish 3-D Secure with Stripe.js


def _key_hash(scope: str, key: str) -> str:
    return hashlib.sha256(f"{scope}\0{key}".encode()).hexdigest()


def start_top_up(user_id: str, raw_amount: object, raw_payment_method: object, idempotency_key: str | None) -> Started:
    """Charge a card through a server-confirmed PaymentIntent. The balance is not touched here."""
    minimum, maximum = _limits()
    amount = parse_top_up_amount(raw_amount, minimum, maximum)
    payment_method = parse_payment_method_id(raw_payment_method)
    if not idempotency_key or len(idempotency_key) > 200:
        raise InvalidInput("Send an Idempotency-Key header (up to 200 characters) with each top-up.",
                           fields={"Idempotency-Key": "required"})
    key_hash = _key_hash(f"card:{user_id}", idempotency_key)
    earlier = store.claimed(key_hash)
    if earlier is not None:
        return _replay(user_id, earlier, amount)
    top_up = TopUp(topup_id=counters.next_id("topup"), user_id=user_id, amount=amount,
                   bonus=bonus_for(amount, store.bonus_tiers()), method=Method.CARD, status=TopUpStatus.CREATED,
                   created_at=clock.now())
    if not store.insert_claimed(top_up, key_hash):
        winner = store.claimed(key_hash)
        assert winner is not None
        return _replay(user_id, winner, amount)
    try:
        intent = stripe_payments.create_intent(
            to_cents(amount), payment_method, {"topup_id": str(top_up.topup_id), "user_id": user_id},
            idempotency_key=f"topup-{top_up.topup_id}")
    except stripe_payments.PaymentRefused as exc:
        _record_outcome(top_up.topup_id, TopUpStatus.FAILED, failure=str(exc))
        raise PaymentDeclined(str(exc)) from exc
    except stripe_payments.StripeUnavailable as exc:
        # Stripe may or may not have charged: the record stays "created"; if it did, its
        # webhook credits the balance as usual.
        logger.error("stripe unavailable", extra={"topup_id": top_up.topup_id, "error": str(exc)})
        raise Unavailable("The payment service did not answer. Check your balance before trying again.") from exc
    store.link_stripe_objects(top_up.topup_id, intent.intent_id, intent.charge_id)
    status = _status_of(intent.status)
    updated = _record_outcome(top_up.topup_id, status, intent=intent)
    logger.info("top-up started", extra={"topup_id": top_up.topup_id, "stripe_status": intent.status})
    if status == TopUpStatus.FAILED:
        raise PaymentDeclined(intent.error or "The payment did not go through.")
    return Started(updated, intent.client_secret if status == TopUpStatus.REQUIRES_ACTION else None)


def _replay(user_id: str, topup_id: int, amount: Decimal) -> Started:
    earlier = store.get(topup_id)
    if earlier is None or earlier.user_id != user_id or earlier.amount != amount:
        raise InvalidInput("This Idempotency-Key was used for a different top-up.",
                           fields={"Idempotency-Key": "reused"})
    secret = None
    if earlier.status == TopUpStatus.REQUIRES_ACTION and earlier.payment_intent:
        secret = stripe_payments.retrieve_intent(earlier.payment_intent).client_secret
    return Started(earlier, secret)


def _status_of(stripe_status: str) -> TopUpStatus:
    if stripe_status == "requires_action":
        return TopUpStatus.REQUIRES_ACTION
    if stripe_status in ("requires_payment_method", "canceled"):
        return TopUpStatus.FAILED
    # "succeeded" too: the record says succeeded only once the webhook has credited it.
    return TopUpStatus.PROCESSING


def _record_outcome(topup_id: int, status: TopUpStatus, *, intent: stripe_payments.Intent | None = None,
                    failure: str | None = None) -> TopUp:
    """Note what Stripe answered, unless the webhook got there first (it wins)."""
    for _ in range(MAX_ATTEMPTS):
        current = store.get(topup_id)
        assert current is not None
        if current.status in (TopUpStatus.SUCCEEDED, TopUpStatus.FAILED):
            return current
        after = replace(current, status=status, version=current.version + 1,
                        payment_intent=intent.intent_id if intent else current.payment_intent,
                        charge=(intent.charge_id if intent else None) or current.charge,
                        failure=failure or (intent.error if intent and status == TopUpStatus.FAILED else None))
        if store.replace(current, after):
            return after
    raise Unavailable("The top-up is being updated; reload the page.")


def top_up_of(user_id: str, topup_id: int) -> TopUp:
    """A customer's own top-up (its status, while the browser waits for the webhook)."""
    top_up = store.get(topup_id)
    if top_up is None or top_up.user_id != user_id:
        raise NotFound("No such top-up.")
    return top_up


def history(user_id: str, limit: int = 50, cursor: str | None = None) -> tuple[list[TopUp], str | None]:
    """A page of the user's top-ups, newest first, and the cursor of the next page."""
    return store.of_user(user_id, limit, cursor)


def month_history(month: str, limit: int = 100, cursor: str | None = None) -> tuple[list[TopUp], str | None]:
    if not (len(month) == 7 and month[4] == "-" and whole_number(month[:4], 4) is not None
            and 1 <= (whole_number(month[5:], 2) or 0) <= 12):
        raise InvalidInput("'month' must look like 2026-11.", fields={"month": "invalid"})
    return store.in_month(month, limit, cursor)


# --- Stripe's webhook -----------------------------------------------------------------------

def receive_webhook(payload: bytes, signature: str | None) -> str:
    """Verify and apply one delivery; returns what happened (also logged)."""
    try:
        event = stripe_payments.verify_event(payload, signature)
    except stripe_payments.BadSignature as exc:
        logger.warning("stripe webhook refused: bad signature", extra={"reason": str(exc)})
        raise InvalidInput("Invalid Stripe signature.") from exc
    return handle_event(event)


def handle_event(event: dict[str, Any]) -> str:
    event_type = str(event.get("type", ""))
    handler = _HANDLERS.get(event_type)
    obj = (event.get("data") or {}).get("object") or {}
    if handler is None:
        outcome = "ignored: event type not used"
    elif not isinstance(obj, dict) or not isinstance(obj.get("id"), str):
        outcome = "ignored: no object in the event"
    else:
        outcome = handler(obj)
    log = logger.warning if outcome.startswith("ignored: unknown") or "mismatch" in outcome else logger.info
    log("stripe webhook", extra={"event_id": event.get("id"), "type": event_type, "outcome": outcome})
    return outcome


def _record_change(before: TopUp, after: TopUp) -> ledger.ExtraActions:
    """The top-up record's own change, joined to the ledger movement it explains."""
    return lambda _entry: [store.replace_action(before, after)]


def _find(*object_ids: object) -> TopUp | None:
    for object_id in object_ids:
        if isinstance(object_id, str):
            topup_id = store.by_stripe_object(object_id)
            if topup_id is not None:
                return store.get(topup_id)
    return None


def _intent_succeeded(intent: dict[str, Any]) -> str:
    metadata = intent.get("metadata") or {}
    raw_id = str(metadata.get("topup_id", ""))
    number = whole_number(raw_id)
    top_up = store.get(number) if number is not None else _find(intent["id"])
    if top_up is None:
        return "ignored: unknown top-up (no account to credit)"
    if (metadata.get("user_id") != top_up.user_id or top_up.method != Method.CARD
            or intent.get("amount") != to_cents(top_up.amount) or str(intent.get("currency", "")).lower() != "usd"):
        return "ignored: mismatch between the payment and our top-up record"
    if top_up.payment_intent not in (None, intent["id"]):
        return "ignored: mismatch (another payment intent already paid this top-up)"
    charge = intent.get("latest_charge")
    charge_id = charge if isinstance(charge, str) else (charge or {}).get("id")
    store.link_stripe_objects(top_up.topup_id, intent["id"], charge_id)
    outcome = "already applied"
    for _ in range(MAX_ATTEMPTS):
        current = store.get(top_up.topup_id)
        assert current is not None
        if current.status == TopUpStatus.SUCCEEDED:
            break
        after = replace(current, status=TopUpStatus.SUCCEEDED, payment_intent=intent["id"],
                        charge=charge_id or current.charge, failure=None, version=current.version + 1)
        try:
            ledger.move(current.user_id, current.amount, EntryKind.TOP_UP, f"topup#{intent['id']}",
                        reference=f"top-up #{current.topup_id}", extra=_record_change(current, after))
        except AlreadyApplied:
            break
        except ledger_store.ExtraActionFailed:
            continue  # the record changed (the browser's request noted Stripe's answer): again
        outcome = "credited"
        metrics.add_metric(name="TopUpsCredited", unit="Count", value=1)
        break
    else:
        raise Unavailable("top-up record kept changing")
    if top_up.bonus > 0:
        with contextlib.suppress(AlreadyApplied):
            ledger.move(top_up.user_id, top_up.bonus, EntryKind.BONUS, f"bonus#{intent['id']}",
                        reference=f"bonus on top-up #{top_up.topup_id}")
    return outcome


def _intent_failed(intent: dict[str, Any]) -> str:
    top_up = _find(intent["id"])
    raw_id = str((intent.get("metadata") or {}).get("topup_id", ""))
    number = whole_number(raw_id)
    if top_up is None and number is not None:
        top_up = store.get(number)
    if top_up is None:
        return "ignored: unknown top-up"
    error = (intent.get("last_payment_error") or {}).get("message") or "The payment did not go through."
    _record_outcome(top_up.topup_id, TopUpStatus.FAILED, failure=str(error))
    return "marked failed"


def _charge_refunded(charge: dict[str, Any]) -> str:
    top_up = _find(charge.get("payment_intent"), charge["id"])
    if top_up is None:
        return "ignored: unknown charge"
    refunded = min(from_cents(int(charge.get("amount_refunded") or 0)), top_up.amount)
    outcome = "already applied"
    for _ in range(MAX_ATTEMPTS):
        current = store.get(top_up.topup_id)
        assert current is not None
        if refunded <= current.refunded:
            break  # an older or repeated delivery: refunds only ever grow
        after = replace(current, refunded=refunded, version=current.version + 1)
        try:
            ledger.move(current.user_id, -(refunded - current.refunded), EntryKind.PAYMENT_REFUND,
                        f"card-refund#{charge['id']}#{to_cents(refunded)}", reference=f"top-up #{current.topup_id}",
                        may_go_negative=True, extra=_record_change(current, after))
        except AlreadyApplied:
            break
        except ledger_store.ExtraActionFailed:
            continue
        outcome = "debited"
        break
    _reverse_bonus(top_up.topup_id)
    return outcome


def _dispute(dispute: dict[str, Any], closing: bool) -> str:
    top_up = _find(dispute.get("payment_intent"), dispute.get("charge"))
    if top_up is None:
        return "ignored: unknown charge"
    dispute_id = dispute["id"]
    status = str(dispute.get("status", ""))
    if not closing and status.startswith("warning"):
        return "ignored: an inquiry moves no money"
    amount = min(from_cents(int(dispute.get("amount") or 0)), top_up.amount)
    outcome = "already applied"
    for _ in range(MAX_ATTEMPTS):
        current = store.get(top_up.topup_id)
        assert current is not None
        known = current.disputes.get(dispute_id)
        move: tuple[Decimal, EntryKind | None, str, DisputeStatus] | None
        if not closing:
            move = None if known else (-amount, EntryKind.DISPUTE, f"dispute#{dispute_id}", DisputeStatus.OPEN)
        elif status == "won":
            if known is None:
                move = (Decimal(0), None, "", DisputeStatus.WON)   # never debited: nothing to give back
            elif known[1] == DisputeStatus.OPEN:
                move = (known[0], EntryKind.DISPUTE_WON, f"dispute-won#{dispute_id}", DisputeStatus.WON)
            else:
                move = None
        elif status == "lost":
            if known is None:
                move = (-amount, EntryKind.DISPUTE, f"dispute#{dispute_id}", DisputeStatus.LOST)
            elif known[1] == DisputeStatus.OPEN:
                move = (Decimal(0), None, "", DisputeStatus.LOST)  # debited when opened
            else:
                move = None
        else:
            return f"ignored: dispute closed as {status or 'unknown'}"
        if move is None:
            break
        delta, kind, entry_id, new_status = move
        held = known[0] if known else amount
        after = replace(current, disputes={**current.disputes, dispute_id: (held, new_status)},
                        version=current.version + 1)
        if kind is None:
            if store.replace(current, after):
                outcome = f"recorded {new_status.value}"
                break
            continue
        try:
            ledger.move(current.user_id, delta, kind, entry_id, reference=f"top-up #{current.topup_id}",
                        may_go_negative=True, extra=_record_change(current, after))
        except AlreadyApplied:
            break
        except ledger_store.ExtraActionFailed:
            continue
        outcome = "credited back" if delta > 0 else "debited"
        break
    _reverse_bonus(top_up.topup_id)
    return outcome


def _reverse_bonus(topup_id: int) -> None:
    """Bring the bonus taken back in line with the money taken back (either direction)."""
    for _ in range(MAX_ATTEMPTS):
        current = store.get(topup_id)
        assert current is not None
        target = bonus_to_reverse(current)
        if target == current.bonus_reversed:
            return
        after = replace(current, bonus_reversed=target, bonus_version=current.bonus_version + 1,
                        version=current.version + 1)
        try:
            ledger.move(current.user_id, current.bonus_reversed - target, EntryKind.BONUS_REVERSAL,
                        f"bonus-reversal#{topup_id}#{after.bonus_version}", reference=f"top-up #{topup_id}",
                        may_go_negative=True, extra=_record_change(current, after))
        except (AlreadyApplied, ledger_store.ExtraActionFailed):
            continue


_HANDLERS: dict[str, Callable[[dict[str, Any]], str]] = {
    "payment_intent.succeeded": _intent_succeeded,
    "payment_intent.payment_failed": _intent_failed,
    "charge.refunded": _charge_refunded,
    "charge.dispute.created": lambda d: _dispute(d, closing=False),
    "charge.dispute.closed": lambda d: _dispute(d, closing=True),
}


# --- lost webhooks ---------------------------------------------------------------------------

RECONCILE_AFTER = timedelta(minutes=30)
ABANDON_AFTER = timedelta(hours=24)


def reconcile_pending() -> dict[str, int]:
    """Hourly: card top-ups still open 30 minutes after they started are checked with Stripe.
    A payment whose webhook never arrived (endpoint down past Stripe's retries) is credited by
    the same code and entry ids as the webhook, so a late webhook still changes nothing; a
    3-D Secure step abandoned for a day is canceled at Stripe, so it can no longer be paid."""
    now = clock.now()
    months = {now.strftime("%Y-%m"), (now.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")}
    counts = {"checked": 0, "credited": 0, "failed": 0, "unresolved": 0}
    for top_up in (t for month in sorted(months) for t in store.all_in_month(month)):
        if (top_up.method != Method.CARD or top_up.status in (TopUpStatus.SUCCEEDED, TopUpStatus.FAILED)
                or now - top_up.created_at < RECONCILE_AFTER):
            continue
        counts["checked"] += 1
        if not top_up.payment_intent:
            counts["unresolved"] += 1  # Stripe never answered the request: staff look it up
            logger.warning("top-up without a payment intent", extra={"topup_id": top_up.topup_id})
            continue
        try:
            intent = stripe_payments.intent_object(top_up.payment_intent)
            if intent["status"] == "succeeded":
                counts["credited"] += _intent_succeeded(intent) == "credited"
            elif intent["status"] in ("requires_payment_method", "canceled"):
                _intent_failed(intent)
                counts["failed"] += 1
            elif intent["status"] == "requires_action" and now - top_up.created_at >= ABANDON_AFTER:
                stripe_payments.cancel_intent(top_up.payment_intent)
                _record_outcome(top_up.topup_id, TopUpStatus.FAILED, failure="Card authentication was not completed.")
                counts["failed"] += 1
        except stripe_payments.StripeUnavailable:
            counts["unresolved"] += 1
            logger.warning("stripe unavailable while reconciling", extra={"topup_id": top_up.topup_id})
    if counts["credited"]:
        logger.warning("top-ups credited without their webhook", extra={"count": counts["credited"]})
    return counts


# --- staff ----------------------------------------------------------------------------------

def manual_top_up(staff_id: str, user_id: str, raw_amount: object, raw_method: object, raw_reference: object,
                  idempotency_key: str | None) -> TopUp:
    """Money received outside Stripe (bank transfer, crypto), credited with its reference."""
    amount = parse_top_up_amount(raw_amount, Decimal("0.01"), MANUAL_TOP_UP_LIMIT)
    if raw_method not in MANUAL_METHODS:  # StrEnum members equal their text
        raise InvalidInput("'method' must be bank_transfer, crypto or other.", fields={"method": "invalid"})
    method = Method(str(raw_method))
    reference = raw_reference.strip() if isinstance(raw_reference, str) else ""
    if not reference or len(reference) > MAX_REFERENCE_LENGTH:
        raise InvalidInput(f"A reference (up to {MAX_REFERENCE_LENGTH} characters) is required: the bank or "
                           "transaction reference of the money received.", fields={"reference": "required"})
    if not idempotency_key or len(idempotency_key) > 200:
        raise InvalidInput("Send an Idempotency-Key header with each manual top-up.",
                           fields={"Idempotency-Key": "required"})
    if ledger_store.account(user_id) is None:
        raise NotFound("No such user.")
    key_hash = _key_hash(f"manual:{staff_id}", idempotency_key)
    earlier = store.claimed(key_hash)
    if earlier is not None:
        found = store.get(earlier)
        assert found is not None
        return found
    top_up = TopUp(topup_id=counters.next_id("topup"), user_id=user_id, amount=amount, bonus=Decimal("0.00"),
                   method=method, status=TopUpStatus.SUCCEEDED, created_at=clock.now(), reference=reference,
                   staff_id=staff_id)
    try:
        ledger.move(user_id, amount, EntryKind.MANUAL_TOP_UP, f"manual-topup#{top_up.topup_id}",
                    reference=f"top-up #{top_up.topup_id}", staff_id=staff_id, reason=f"{method.value}: {reference}",
                    extra=lambda e: [store.insert_action(top_up), store.claim_action(key_hash, top_up.topup_id),
                                     _manual_top_up_record(top_up, e)])
    except ledger_store.ExtraActionFailed:
        winner = store.claimed(key_hash)
        found = store.get(winner) if winner is not None else None
        if found is None:
            raise
        return found
    logger.info("manual top-up", extra={"topup_id": top_up.topup_id, "staff_id": staff_id, "method": method.value})
    return top_up


def _manual_top_up_record(top_up: TopUp, entry: LedgerEntry) -> dict[str, Any]:
    """The audit record of a manual top-up, written in the top-up's own transaction."""
    return audit_log.action(audit_log.build(
        Action.MANUAL_TOP_UP, SubjectKind.USER, top_up.user_id, actor=top_up.staff_id,
        record_id=f"manual-topup#{top_up.topup_id}", before={"balance": entry.balance_after - entry.amount},
        after={"balance": entry.balance_after, "amount": top_up.amount, "method": top_up.method,
               "reference": top_up.reference, "topup_id": top_up.topup_id}))


def unlock(staff_id: str, user_id: str, raw_note: object) -> None:
    note = raw_note.strip() if isinstance(raw_note, str) else ""
    if not note:
        raise InvalidInput("Say how the negative balance was resolved.", fields={"note": "required"})
    account = ledger_store.account(user_id)
    record = audit_log.build(Action.ACCOUNT_UNLOCKED, SubjectKind.USER, user_id, actor=staff_id,
                             before={"locked": account.locked if account else None},
                             after={"locked": None, "note": note[:500]})
    if not ledger_store.unlock(user_id, staff_id, note[:500], clock.now().isoformat(),
                               also=[audit_log.action(record)]):
        raise InvalidInput("This account is not locked.", fields={"user_id": "not_locked"})
    logger.info("account unlocked", extra={"user_id": user_id, "staff_id": staff_id})


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
