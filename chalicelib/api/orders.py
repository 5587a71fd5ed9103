"""The customer's catalog, orders and balance."""

from __future__ import annotations

from chalice.app import Blueprint, Response
from pydantic import Field

from chalicelib.api.http import ANY_SIGNED_IN, Body, Ctx, route
from chalicelib.api.views import entry_view, order_view, service_view
from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.money import show
from chalicelib.domain.numbers import iso_date, whole_number
from chalicelib.domain.orders import OrderFilter, OrderStatus
from chalicelib.services import catalog, orders
from chalicelib.store import ledger

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
    status = STATUS_BY_LABEL.get(status_text.lower()) if status_text else None
    if status_text and status is None:
        raise InvalidInput(f"Unknown status '{status_text}'.")
    service_text = ctx.query("service")
    service_id = whole_number(service_text) if service_text else None
    if service_text and service_id is None:
        raise InvalidInput("'service' must be a service id.")
    limit = whole_number(ctx.query("limit") or "25", 3)
    if limit is None:
        raise InvalidInput("'limit' must be a number from 1 to 100.")
    dates = {}
    for name in ("from", "to"):
        text = ctx.query(name)
        dates[name] = iso_date(text) if text else None
        if text and dates[name] is None:
            raise InvalidInput(f"'{name}' must be a date like 2026-11-30.", fields={name: "invalid"})
    if dates["from"] and dates["to"] and dates["from"] > dates["to"]:
        raise InvalidInput("'from' must not be after 'to'.", fields={"from": "after_to"})
    filters = OrderFilter(status=status, service_id=service_id,
                          date_from=dates["from"].isoformat() if dates["from"] else None,
                          date_to=dates["to"].isoformat() if dates["to"] else None, link_contains=ctx.query("search"))
    found, cursor = orders.list_for_user(ctx.me.user_id, filters, limit, ctx.query("cursor"))
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
    account = ledger.account(ctx.me.user_id)
    assert account is not None
    entries, next_cursor = ledger.entries_page(ctx.me.user_id, *ctx.page())
    return Response(body={"balance": show(account.balance), "currency": "USD", "locked": account.locked is not None,
                          "ledger": [entry_view(e) for e in entries], "next_cursor": next_cursor})
