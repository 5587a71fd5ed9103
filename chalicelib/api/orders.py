"""The customer's catalog, orders and balance."""

from __future__ import annotations

from chalice.app import Blueprint, Response
from pydantic import Field

from chalicelib.api import params
from chalicelib.api.http import ANY_SIGNED_IN, Body, Ctx, route
from chalicelib.api.views import entry_view, order_view, service_view
from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.money import show
from chalicelib.domain.orders import OrderFilter, OrderStatus
from chalicelib.services import catalog, ledger, orders

bp = Blueprint(__name__)

STATUS_BY_LABEL = {s.value: s for s in OrderStatus} | {
    "pending": OrderStatus.PENDING, "in progress": OrderStatus.IN_PROGRESS, "completed": OrderStatus.COMPLETED,
    "partial": OrderStatus.PARTIAL, "canceled": OrderStatus.CANCELED, "processing": OrderStatus.PROCESSING,
}


class MassOrderBody(Body):
    orders: str = Field(max_length=60_000)


@route(bp, "/services", roles=ANY_SIGNED_IN)
def list_services(ctx: Ctx) -> Response:
    return Response(body={"services": [service_view(s, rate) for s, rate in catalog.price_list(ctx.me.user_id)]})


@route(bp, "/orders", methods=["POST"], roles=ANY_SIGNED_IN)
def place_order(ctx: Ctx) -> Response:
    body = ctx.json_object()
    service_id = body.pop("service", None)
    if service_id is None:
        raise InvalidInput("'service' is required.", fields={"service": "missing"})
    order = orders.place(ctx.me.user_id, service_id, body, ctx.request.headers.get("idempotency-key"),
                         account=ctx.account)
    return Response(body={"order": order_view(order)}, status_code=201)


@route(bp, "/orders/mass", methods=["POST"], roles=ANY_SIGNED_IN)
def place_mass_order(ctx: Ctx) -> Response:
    results = orders.place_mass(ctx.me.user_id, ctx.body(MassOrderBody).orders)
    return Response(body={"results": [
        {"line": r.line, "text": r.text, "order": r.order_id, "charge": show(r.charge) if r.charge else None,
         "error": r.error} for r in results
    ]})


@route(bp, "/orders", roles=ANY_SIGNED_IN)
def list_orders(ctx: Ctx) -> Response:
    status_text = ctx.query("status")
    status = params.choice(status_text, STATUS_BY_LABEL, f"Unknown status '{status_text}'.")
    service_id = params.number(ctx.query("service"), "'service' must be a service id.")
    limit = params.number(ctx.query("limit"), "'limit' must be a number from 1 to 100.", max_digits=3)
    date_from, date_to = params.date_range(ctx.query("from"), ctx.query("to"))
    filters = OrderFilter(status=status, service_id=service_id,
                          date_from=date_from.isoformat() if date_from else None,
                          date_to=date_to.isoformat() if date_to else None, link_contains=ctx.query("search"))
    found, cursor = orders.list_for_user(ctx.me.user_id, filters, 25 if limit is None else limit, ctx.query("cursor"))
    return Response(body={"orders": [order_view(o) for o in found], "next_cursor": cursor})


@route(bp, "/orders/{order_id}", roles=ANY_SIGNED_IN)
def get_order(ctx: Ctx, order_id: str) -> Response:
    return Response(body={"order": order_view(orders.get_for_user(ctx.me.user_id, order_id))})


@route(bp, "/orders/{order_id}/cancel", methods=["POST"], roles=ANY_SIGNED_IN)
def cancel_order(ctx: Ctx, order_id: str) -> Response:
    return Response(body={"order": order_view(orders.request_cancel(ctx.me.user_id, order_id))})


@route(bp, "/orders/{order_id}/refill", methods=["POST"], roles=ANY_SIGNED_IN)
def refill_order(ctx: Ctx, order_id: str) -> Response:
    return Response(body={"refill": orders.request_refill(ctx.me.user_id, order_id)}, status_code=201)


@route(bp, "/balance", roles=ANY_SIGNED_IN)
def balance(ctx: Ctx) -> Response:
    found = ledger.statement(ctx.me.user_id, *ctx.page())
    return Response(body={"balance": show(found.account.balance), "currency": "USD",
                          "locked": found.account.locked is not None,
                          "ledger": [entry_view(e) for e in found.entries], "next_cursor": found.next_cursor})
