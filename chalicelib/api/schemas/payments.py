"""Payments: the add-funds flow, top-up history, Stripe's webhook and staff's tools.

api/payments.py names these models lazily (`contract.lazy`). Amounts are sent as text with at
most two decimals; a value of the wrong type is refused in the domain rule's words (the
validators call them), so the messages are those the use cases give.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import ConfigDict, Field, field_validator

from chalicelib.api import params
from chalicelib.api.contract import Body
from chalicelib.api.schemas.common import Cursor, LongPage, Money, Out, Timestamp
from chalicelib.api.schemas.orders import EntryOut
from chalicelib.domain.payments import (
    BonusTier as Tier,
)
from chalicelib.domain.payments import (
    Method,
    TopUp,
    TopUpStatus,
    check_reference,
    parse_manual_method,
    parse_payment_method_id,
)

# --- request bodies and queries -------------------------------------------------------------

AmountIn = Annotated[str, Field(max_length=30)] | int
"""An amount sent as text ("25.00") or as a whole number of dollars."""


class TopUpBody(Body):
    amount: AmountIn = Field(description="Dollars with at most 2 decimals, e.g. \"25.00\".")
    payment_method: str = Field(max_length=255, description="A PaymentMethod id from Stripe.js.")

    @field_validator("amount", mode="before")
    @classmethod
    def _amount(cls, value: object) -> str | int:
        return params.amount(value)

    @field_validator("payment_method", mode="before")
    @classmethod
    def _payment_method(cls, value: object) -> str:
        # Only the type here: a malformed id is refused by the use case, after the attempt is counted.
        return value if isinstance(value, str) else parse_payment_method_id(value)


class ManualTopUpBody(Body):
    amount: AmountIn
    method: Literal["bank_transfer", "crypto", "other"]
    reference: str = Field(max_length=200, description="The bank or transaction reference.")

    @field_validator("amount", mode="before")
    @classmethod
    def _amount(cls, value: object) -> str | int:
        return params.amount(value)

    @field_validator("method", mode="before")
    @classmethod
    def _method(cls, value: object) -> str:
        return parse_manual_method(value).value

    @field_validator("reference", mode="before")
    @classmethod
    def _reference(cls, value: object) -> str:
        return check_reference(value)


class PayoutBody(Body):
    amount: AmountIn
    reference: str = Field(max_length=200, description="The bank transfer's reference.")

    @field_validator("amount", mode="before")
    @classmethod
    def _amount(cls, value: object) -> str | int:
        return params.amount(value)


class UnlockBody(Body):
    note: str = Field(max_length=500)


class BonusTierIn(Body):
    min_amount: str = Field(max_length=30)
    percent: str = Field(max_length=10)


class BonusTiersBody(Body):
    tiers: list[BonusTierIn] = Field(max_length=20)


class MonthPage(LongPage):
    """`?month=YYYY-MM` (required), 100 a page unless asked."""

    month: str | None = Field(default=None, examples=["2026-11"], description="Required: the month, YYYY-MM.",
                              validate_default=True)

    @field_validator("month", mode="before")
    @classmethod
    def _month(cls, value: object) -> str:
        return params.month(None if value is None else str(value))


class StripeEvent(Body):
    """Stripe's event as Stripe sends it; the signature header over the raw body is checked."""

    model_config = ConfigDict(extra="allow", strict=False)

    id: str = Field(max_length=255)
    type: str = Field(max_length=255)


# --- answers --------------------------------------------------------------------------------


class BonusTier(Out):
    min_amount: Money
    percent: str

    @classmethod
    def of(cls, tier: Tier) -> BonusTier:
        return cls(min_amount=f"{tier.min_amount:.2f}", percent=f"{tier.percent.normalize():f}")


class PaymentsConfig(Out):
    min_amount: Money
    max_amount: Money
    bonus_tiers: list[BonusTier]
    publishable_key: str
    js_url: str
    browser: Literal["stripe", "localstripe"]


class TopUpOut(Out):
    """What customers and staff see of a top-up: never card data (we never have any)."""

    id: int
    amount: Money
    bonus: Money
    created_at: Timestamp
    method: Method
    status: TopUpStatus
    transaction_id: str | None
    refunded: Money
    disputed: Money
    failure: str | None
    user_id: str

    @classmethod
    def of(cls, top_up: TopUp) -> TopUpOut:
        return cls(id=top_up.top_up_id, amount=f"{top_up.amount:.2f}", bonus=f"{top_up.bonus:.2f}",
                   created_at=top_up.created_at.isoformat(), method=top_up.method, status=top_up.status,
                   transaction_id=top_up.payment_intent or top_up.reference, refunded=f"{top_up.refunded:.2f}",
                   disputed=f"{top_up.disputed:.2f}", failure=top_up.failure, user_id=top_up.user_id)


class StartedTopUp(Out):
    top_up: TopUpOut
    client_secret: str | None


class TopUpAnswer(Out):
    top_up: TopUpOut


class TopUpPage(Out):
    top_ups: list[TopUpOut]
    next_cursor: Cursor


class WebhookReceived(Out):
    received: Literal[True]


class BonusTiersAnswer(Out):
    bonus_tiers: list[BonusTier]


class Unlocked(Out):
    unlocked: Literal[True]


class PayoutAnswer(Out):
    entry: EntryOut
    balance: Money
    non_withdrawable: Money = Field(description="Service credit and bonus left in the balance: never paid out.")
