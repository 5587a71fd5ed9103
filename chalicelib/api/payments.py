"""Payments: the add-funds flow, top-up history, Stripe's webhook, and staff's tools."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalice.app import Blueprint, Response
from pydantic import Field

from chalicelib.api import params
from chalicelib.api.http import ANY_SIGNED_IN, Body, Ctx, route
from chalicelib.domain.accounts import Role
from chalicelib.services import limits
from chalicelib.settings import get_settings

if TYPE_CHECKING:
    from types import ModuleType

bp = Blueprint(__name__)


def _card() -> ModuleType:
    """The payments use cases, loaded on the first paying request: most requests never pay,
    and a cold start should not pay for them (bench/cold_start.py)."""
    from chalicelib.services.payments import card

    return card


def _webhook() -> ModuleType:
    from chalicelib.services.payments import webhook

    return webhook


def _staff() -> ModuleType:
    from chalicelib.services.payments import staff

    return staff


def _view(top_up: Any) -> dict[str, Any]:
    from chalicelib.services.payments import records

    return records.view(top_up)


ADMIN = [Role.ADMIN]


class TopUpBody(Body):
    # Text, validated by the domain rule (2 decimals, limits); the id comes from Stripe.js.
    amount: Any
    payment_method: Any


class ManualTopUpBody(Body):
    amount: Any
    method: Any
    reference: Any


class UnlockBody(Body):
    note: str = Field(max_length=500)


@route(bp, "/payments/config", roles=ANY_SIGNED_IN)
def config(ctx: Ctx) -> Response:
    return Response(body=_card().public_config())


@route(bp, "/payments/top-ups", methods=["POST"], roles=ANY_SIGNED_IN)
def start_top_up(ctx: Ctx) -> Response:
    body = ctx.body(TopUpBody)
    settings = get_settings()  # card testing: few attempts per account and per address
    limits.take("top-up attempts",
                limits.per_subject("topup-start", ctx.me.user_id, settings.top_up_starts_per_account),
                limits.per_ip("topup-start", ctx.client_ip, settings.top_up_starts_per_ip))
    started = _card().start_top_up(ctx.me.user_id, body.amount, body.payment_method,
                                   ctx.request.headers.get("idempotency-key"))
    return Response(body={"top_up": _view(started.top_up), "client_secret": started.client_secret},
                    status_code=201)


@route(bp, "/payments/top-ups", roles=ANY_SIGNED_IN)
def my_top_ups(ctx: Ctx) -> Response:
    return _top_ups_page(*_card().history(ctx.me.user_id, *ctx.page()))


@route(bp, "/payments/top-ups/{top_up_id}", roles=ANY_SIGNED_IN)
def my_top_up(ctx: Ctx, top_up_id: str) -> Response:
    return Response(body={"top_up": _view(_card().top_up_of(ctx.me.user_id, params.path_id(top_up_id, "top-up")))})


@route(bp, "/payments/webhook", methods=["POST"])
def stripe_webhook(ctx: Ctx) -> Response:
    """Stripe's deliveries: no session, no CSRF; the signature over the raw body is the proof."""
    raw = ctx.request.raw_body or b""
    signature = ctx.request.headers.get("stripe-signature")
    _webhook().receive_webhook(raw.encode() if isinstance(raw, str) else raw, signature)
    return Response(body={"received": True})


@route(bp, "/admin/payments/bonus-tiers", methods=["PUT"], roles=ADMIN)
def set_bonus_tiers(ctx: Ctx) -> Response:
    tiers = _staff().set_bonus_tiers(ctx.json_object().get("tiers"), ctx.me.user_id)
    return Response(body={"bonus_tiers": tiers})


@route(bp, "/admin/top-ups", roles=ADMIN)
def top_ups_of_month(ctx: Ctx) -> Response:
    return _top_ups_page(*_card().month_history(params.month(ctx.query("month")), *ctx.page(default=100)))


@route(bp, "/admin/users/{user_id}/top-ups", roles=ADMIN)
def top_ups_of_user(ctx: Ctx, user_id: str) -> Response:
    return _top_ups_page(*_card().history(user_id, *ctx.page()))


def _top_ups_page(top_ups: list[Any], next_cursor: str | None) -> Response:
    return Response(body={"top_ups": [_view(t) for t in top_ups], "next_cursor": next_cursor})


@route(bp, "/admin/users/{user_id}/top-ups", methods=["POST"], roles=ADMIN)
def manual_top_up(ctx: Ctx, user_id: str) -> Response:
    body = ctx.body(ManualTopUpBody)
    top_up = _staff().manual_top_up(ctx.me.user_id, user_id, body.amount, body.method, body.reference,
                                   ctx.request.headers.get("idempotency-key"))
    return Response(body={"top_up": _view(top_up)}, status_code=201)


@route(bp, "/admin/users/{user_id}/unlock", methods=["POST"], roles=ADMIN)
def unlock(ctx: Ctx, user_id: str) -> Response:
    _staff().unlock(ctx.me.user_id, user_id, ctx.body(UnlockBody).note)
    return Response(body={"unlocked": True})
