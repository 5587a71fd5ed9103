"""Payment rules: top-up amounts, bonus tiers, and what a refund or dispute takes back.

Pure: what Stripe's events do to a top-up is in domain/payment_events.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_DOWN, Decimal

from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.money import parse_amount

CENT = Decimal("0.01")
MAX_BONUS_TIERS = 10
# Stripe object ids the browser may hand us: a PaymentMethod (Stripe.js), or the card of a
# token (localstripe's Stripe.js). Anything else is refused before Stripe is called.
PAYMENT_METHOD_ID = re.compile(r"^(pm|card)_[A-Za-z0-9]{6,64}$")


class TopUpStatus(enum.StrEnum):
    CREATED = "created"                  # our record exists; Stripe not answered yet
    REQUIRES_ACTION = "requires_action"  # the customer must finish 3-D Secure in the browser
    PROCESSING = "processing"
    SUCCEEDED = "succeeded"              # credited (only the webhook sets this)
    FAILED = "failed"                    # declined, authentication failed or canceled


class Method(enum.StrEnum):
    CARD = "card"
    BANK_TRANSFER = "bank_transfer"
    CRYPTO = "crypto"
    OTHER = "other"


MANUAL_METHODS = frozenset({Method.BANK_TRANSFER, Method.CRYPTO, Method.OTHER})


class DisputeStatus(enum.StrEnum):
    OPEN = "open"    # Stripe holds the money: debited
    WON = "won"      # given back: re-credited
    LOST = "lost"    # gone for good: stays debited


@dataclass(frozen=True)
class BonusTier:
    """From `min_amount` (inclusive) up, a top-up earns `percent` on top."""

    min_amount: Decimal
    percent: Decimal


@dataclass(frozen=True)
class TopUp:
    top_up_id: int
    user_id: str
    amount: Decimal
    bonus: Decimal
    method: Method
    status: TopUpStatus
    created_at: datetime
    payment_intent: str | None = None
    stripe_charge_id: str | None = None  # the Stripe Charge that paid it (refunds and disputes name it)
    reference: str | None = None       # manual top-ups: the bank or chain reference
    staff_id: str | None = None
    failure: str | None = None
    refunded: Decimal = Decimal("0.00")
    disputes: dict[str, tuple[Decimal, DisputeStatus]] = field(default_factory=dict)
    bonus_reversed: Decimal = Decimal("0.00")
    bonus_version: int = 0
    version: int = 0

    @property
    def disputed(self) -> Decimal:
        """What the card holder's bank holds or took back: every dispute not won."""
        return sum((amount for amount, status in self.disputes.values() if status != DisputeStatus.WON),
                   Decimal("0.00"))


def to_cents(amount: Decimal) -> int:
    return int((amount / CENT).to_integral_value())


def from_cents(cents: int) -> Decimal:
    return (Decimal(cents) * CENT).quantize(CENT)


def parse_top_up_amount(raw: object, minimum: Decimal, maximum: Decimal) -> Decimal:
    """A top-up amount in dollars and cents, within the configured limits."""
    value = parse_amount(raw, max_places=2)
    if value < minimum:
        raise InvalidInput(f"The smallest top-up is ${minimum:.2f}.", fields={"amount": "below_minimum"})
    if value > maximum:
        raise InvalidInput(f"The largest top-up is ${maximum:.2f}.", fields={"amount": "above_maximum"})
    return value.quantize(CENT)


def parse_payment_method_id(raw: object) -> str:
    if not isinstance(raw, str) or not PAYMENT_METHOD_ID.match(raw):
        raise InvalidInput("The card could not be read; enter it again.", fields={"payment_method": "invalid"})
    return raw


MAX_REFERENCE_LENGTH = 200


def parse_manual_method(raw: object) -> Method:
    """How money received outside Stripe came in."""
    if not isinstance(raw, str) or raw not in MANUAL_METHODS:  # StrEnum members equal their text
        raise InvalidInput("'method' must be bank_transfer, crypto or other.", fields={"method": "invalid"})
    return Method(str(raw))


def check_reference(raw: object) -> str:
    """The bank or transaction reference of a manual top-up, trimmed."""
    reference = raw.strip() if isinstance(raw, str) else ""
    if not reference or len(reference) > MAX_REFERENCE_LENGTH:
        raise InvalidInput(f"A reference (up to {MAX_REFERENCE_LENGTH} characters) is required: the bank or "
                           "transaction reference of the money received.", fields={"reference": "required"})
    return reference


def parse_bonus_tiers(raw: object) -> list[BonusTier]:
    """Admin input: a list of {"min_amount": "100", "percent": "5"}; sorted, distinct, sane."""
    if not isinstance(raw, list) or len(raw) > MAX_BONUS_TIERS:
        raise InvalidInput(f"Send 'tiers' as a list of at most {MAX_BONUS_TIERS} tiers.", fields={"tiers": "invalid"})
    tiers: list[BonusTier] = []
    for index, item in enumerate(raw):
        if not isinstance(item, dict) or set(item) != {"min_amount", "percent"}:
            raise InvalidInput(f"Tier {index + 1} must have exactly 'min_amount' and 'percent'.",
                               fields={f"tiers.{index}": "invalid"})
        minimum = parse_amount(item["min_amount"], field=f"tiers.{index}.min_amount", max_places=2)
        percent = parse_amount(item["percent"], field=f"tiers.{index}.percent", max_places=2)
        if percent > 100:
            raise InvalidInput(f"Tier {index + 1}: the amount must be above 0 and the percent between 0 and 100.",
                               fields={f"tiers.{index}": "out_of_range"})
        tiers.append(BonusTier(minimum.quantize(CENT), percent))
    tiers.sort(key=lambda tier: tier.min_amount)
    if len({tier.min_amount for tier in tiers}) != len(tiers):
        raise InvalidInput("Two tiers start at the same amount.", fields={"tiers": "duplicate"})
    return tiers


def bonus_for(amount: Decimal, tiers: list[BonusTier]) -> Decimal:
    """The highest tier the amount reaches decides; rounded down to the cent."""
    reached = [tier for tier in tiers if amount >= tier.min_amount]
    if not reached:
        return Decimal("0.00")
    best = max(reached, key=lambda tier: tier.min_amount)
    return (amount * best.percent / 100).quantize(CENT, rounding=ROUND_DOWN)


def taken_back(top_up: TopUp) -> Decimal:
    """Paid money the customer no longer has: refunds, plus disputes not won."""
    return min(top_up.amount, top_up.refunded + top_up.disputed)


def bonus_to_reverse(top_up: TopUp) -> Decimal:
    """The part of the bonus that follows the money taken back, so that bonus funds never
    outlive the payment that earned them (SLA maths tells bonus funds from paid funds)."""
    if top_up.amount <= 0 or top_up.bonus <= 0:
        return Decimal("0.00")
    return (top_up.bonus * taken_back(top_up) / top_up.amount).quantize(CENT, rounding=ROUND_DOWN)
