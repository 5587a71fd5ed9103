"""Payments: the add-funds flow, top-up history, Stripe's webhook, and staff's tools.

The use cases and the models (api/schemas/payments.py) are loaded on the first payments
request: most requests never pay, and a cold start should not pay for them (bench/cold_start.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice.app import Blueprint

from chalicelib.api import params
from chalicelib.api.contract import lazy
from chalicelib.api.http import ANY_SIGNED_IN, Ctx, route
from chalicelib.api.schemas.common import Page
from chalicelib.domain.accounts import Role
from chalicelib.domain.ledger import restricted_shown
from chalicelib.services import limits
from chalicelib.settings import get_settings

if TYPE_CHECKING:
    from types import ModuleType

    from chalicelib.api.schemas.payments import (
        BonusTiersAnswer,
        ManualTopUpBody,
        MonthPage,
        PaymentsConfig,
        PayoutAnswer,
        PayoutBody,
        StartedTopUp,
        TopUpAnswer,
        TopUpBody,
        TopUpPage,
        UnlockBody,
        Unlocked,
        WebhookReceived,
    )
    from chalicelib.domain.payments import TopUp

bp = Blueprint(__name__)
P = lazy("chalicelib.api.schemas.payments")
ADMIN = [Role.ADMIN]


def _card() -> ModuleType:
    from chalicelib.services.payments import card

    return card


def _webhook() -> ModuleType:
    from chalicelib.services.payments import webhook

    return webhook


def _staff() -> ModuleType:
    from chalicelib.services.payments import staff

    return staff


@route(bp, "/payments/config", roles=ANY_SIGNED_IN, response=P.PaymentsConfig)
def config(ctx: Ctx) -> PaymentsConfig:
    """What the add-funds page needs: limits, bonus tiers, and how to load Stripe.js."""
    from chalicelib.api.schemas import payments as s

    setup = _card().public_config()
    return s.PaymentsConfig(min_amount=f"{setup.min_amount:.2f}", max_amount=f"{setup.max_amount:.2f}",
                            bonus_tiers=[s.BonusTier.of(t) for t in setup.bonus_tiers],
                            publishable_key=setup.publishable_key, js_url=setup.js_url,
                            browser=setup.browser)


@route(bp, "/payments/top-ups", methods=["POST"], roles=ANY_SIGNED_IN, body=P.TopUpBody, response=P.StartedTopUp,
       status=201, errors=[402, 409, 429, 503])
def start_top_up(ctx: Ctx, body: TopUpBody) -> StartedTopUp:
    """Add funds by card (header `Idempotency-Key` required); the webhook credits the balance."""
    from chalicelib.api.schemas import payments as s

    settings = get_settings()  # card testing: few attempts per account and per address
    limits.take("top-up attempts",
                limits.per_subject("topup-start", ctx.me.user_id, settings.top_up_starts_per_account),
                limits.per_ip("topup-start", ctx.client_ip, settings.top_up_starts_per_ip))
    started = _card().start_top_up(ctx.me.user_id, body.amount, body.payment_method,
                                   ctx.request.headers.get("idempotency-key"))
    return s.StartedTopUp(top_up=s.TopUpOut.of(started.top_up), client_secret=started.client_secret)


@route(bp, "/payments/top-ups", roles=ANY_SIGNED_IN, query=Page, response=P.TopUpPage)
def my_top_ups(ctx: Ctx, query: Page) -> TopUpPage:
    """The caller's top-ups, newest first."""
    return _top_ups_page(*_card().history(ctx.me.user_id, query.limit, query.cursor))


@route(bp, "/payments/top-ups/{top_up_id}", roles=ANY_SIGNED_IN, response=P.TopUpAnswer)
def my_top_up(ctx: Ctx, top_up_id: str) -> TopUpAnswer:
    """One of the caller's top-ups (anyone else's is 404, like a missing one)."""
    from chalicelib.api.schemas import payments as s

    return s.TopUpAnswer(top_up=s.TopUpOut.of(_card().top_up_of(ctx.me.user_id,
                                                                 params.path_id(top_up_id, "top-up"))))


@route(bp, "/payments/webhook", methods=["POST"], body=P.StripeEvent, raw_body=True, response=P.WebhookReceived,
       errors=[409, 503])
def stripe_webhook(ctx: Ctx) -> WebhookReceived:
    """Stripe's deliveries: no session, no CSRF; the signature over the raw body is the proof."""
    from chalicelib.api.schemas import payments as s

    raw = ctx.request.raw_body or b""
    signature = ctx.request.headers.get("stripe-signature")
    _webhook().receive_webhook(raw.encode() if isinstance(raw, str) else raw, signature)
    return s.WebhookReceived(received=True)


@route(bp, "/admin/payments/bonus-tiers", methods=["PUT"], roles=ADMIN, body=P.BonusTiersBody, raw_body=True,
       response=P.BonusTiersAnswer)
def set_bonus_tiers(ctx: Ctx) -> BonusTiersAnswer:
    """Replace the bonus tiers (the domain rule words what is wrong with them)."""
    from chalicelib.api.schemas import payments as s

    tiers = _staff().set_bonus_tiers(ctx.json_object().get("tiers"), ctx.me.user_id)
    return s.BonusTiersAnswer(bonus_tiers=[s.BonusTier.of(tier) for tier in tiers])


@route(bp, "/admin/top-ups", roles=ADMIN, query=P.MonthPage, response=P.TopUpPage)
def top_ups_of_month(ctx: Ctx, query: MonthPage) -> TopUpPage:
    """Every top-up of a month (`?month=YYYY-MM`), 100 a page."""
    return _top_ups_page(*_card().month_history(params.month(query.month), query.limit, query.cursor))


@route(bp, "/admin/users/{user_id}/top-ups", roles=ADMIN, query=Page, response=P.TopUpPage)
def top_ups_of_user(ctx: Ctx, user_id: str, query: Page) -> TopUpPage:
    """A customer's top-ups, newest first."""
    return _top_ups_page(*_card().history(user_id, query.limit, query.cursor))


def _top_ups_page(top_ups: list[TopUp], next_cursor: str | None) -> TopUpPage:
    from chalicelib.api.schemas import payments as s

    return s.TopUpPage(top_ups=[s.TopUpOut.of(t) for t in top_ups], next_cursor=next_cursor)


@route(bp, "/admin/users/{user_id}/top-ups", methods=["POST"], roles=ADMIN, body=P.ManualTopUpBody,
       response=P.TopUpAnswer, status=201, errors=[409, 503])
def manual_top_up(ctx: Ctx, user_id: str, body: ManualTopUpBody) -> TopUpAnswer:
    """Credit money received outside Stripe, with its reference (header `Idempotency-Key` required)."""
    from chalicelib.api.schemas import payments as s

    top_up = _staff().manual_top_up(ctx.me.user_id, user_id, body.amount, body.method, body.reference,
                                   ctx.request.headers.get("idempotency-key"))
    return s.TopUpAnswer(top_up=s.TopUpOut.of(top_up))


@route(bp, "/admin/users/{user_id}/payouts", methods=["POST"], roles=ADMIN, body=P.PayoutBody,
       response=P.PayoutAnswer, status=201, errors=[402, 409])
def pay_out(ctx: Ctx, user_id: str, body: PayoutBody) -> PayoutAnswer:
    """Record balance paid back to the customer outside Stripe; at most the withdrawable part
    (service credit and bonus are never paid out). Header `Idempotency-Key` required."""
    from chalicelib.api.schemas import payments as s
    from chalicelib.api.schemas.orders import EntryOut
    from chalicelib.services.payments import payouts

    entry = payouts.pay_out(ctx.me.user_id, user_id, body.amount, body.reference,
                            ctx.request.headers.get("idempotency-key"))
    return s.PayoutAnswer(entry=EntryOut.of(entry), balance=f"{entry.balance_after:.2f}",
                          non_withdrawable=f"{restricted_shown(entry.balance_after, entry.restricted_after):.2f}")


@route(bp, "/admin/users/{user_id}/unlock", methods=["POST"], roles=ADMIN, body=P.UnlockBody,
       response=P.Unlocked, errors=[409])
def unlock(ctx: Ctx, user_id: str, body: UnlockBody) -> Unlocked:
    """Unlock an account whose negative balance was resolved, with a note (audited)."""
    from chalicelib.api.schemas import payments as s

    _staff().unlock(ctx.me.user_id, user_id, body.note)
    return s.Unlocked(unlocked=True)
