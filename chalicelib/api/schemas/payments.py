"""Payments: the add-funds flow, top-up history, Stripe's webhook and staff's tools.

api/payments.py moves onto these models when its handlers are typed. Amounts are sent as
text with at most two decimals (the domain rule words what is wrong with any other value).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from chalicelib.api.contract import Body
from chalicelib.api.schemas.common import Cursor, LongPage, Money, Out, Timestamp
from chalicelib.domain.payments import Method, TopUpStatus

# --- request bodies and queries -------------------------------------------------------------


class TopUpBody(Body):
    amount: str = Field(max_length=30, description="Dollars with at most 2 decimals, e.g. \"25.00\".")
    payment_method: str = Field(max_length=255, description="A PaymentMethod id from Stripe.js.")


class ManualTopUpBody(Body):
    amount: str = Field(max_length=30)
    method: Literal["bank_transfer", "crypto", "other"]
    reference: str = Field(max_length=200, description="The bank or transaction reference.")


class UnlockBody(Body):
    note: str = Field(max_length=500)


class BonusTierIn(Body):
    min_amount: str = Field(max_length=30)
    percent: str = Field(max_length=10)


class BonusTiersBody(Body):
    tiers: list[BonusTierIn] = Field(max_length=20)


class MonthPage(LongPage):
    """`?month=YYYY-MM`, 100 a page unless asked."""

    month: str | None = Field(default=None, examples=["2026-11"])


# --- answers --------------------------------------------------------------------------------


class BonusTier(Out):
    min_amount: Money
    percent: str


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
