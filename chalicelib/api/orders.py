"""The customer's catalog, orders, balance and dashboard."""

from __future__ import annotations

from chalice.app import Blueprint

from chalicelib.api.contract import Reply
from chalicelib.api.http import ANY_SIGNED_IN, Ctx, route
from chalicelib.api.schemas.common import Page
from chalicelib.api.schemas.dashboard import DashboardOut
from chalicelib.api.schemas.orders import (
    BalanceOut,
    EntryOut,
    MassLineOut,
    MassOrderBody,
    MassResults,
    OrderAnswer,
    OrderBody,
    OrderDetailAnswer,
    OrderOut,
    OrderPage,
    OrderQuery,
    RefillAnswer,
    ServiceList,
    ServiceOut,
)
from chalicelib.api.schemas.services import PublicServiceList, PublicServiceOut
from chalicelib.domain.accounts import Role
from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.money import show
from chalicelib.domain.orders import OrderFilter
from chalicelib.services import catalog, dashboard, ledger, orders
from chalicelib.settings import get_settings

bp = Blueprint(__name__)
CUSTOMERS = frozenset({Role.CUSTOMER})


@route(bp, "/services", roles=ANY_SIGNED_IN, response=ServiceList)
def list_services(ctx: Ctx) -> ServiceList:
    """The catalog at the caller's own rates."""
    return ServiceList(services=[ServiceOut.of(s, rate) for s, rate in catalog.price_list(ctx.me.user_id)])


@route(bp, "/services/public", response=PublicServiceList)
def public_services(ctx: Ctx) -> Reply[PublicServiceList]:
    """The catalog for anyone, signed in or not: list rates, limits, flags and the average
    completion time of completed orders. Never a provider."""
    body = PublicServiceList(services=[PublicServiceOut.of(o) for o in catalog.public_catalog()])
    seconds = int(get_settings().catalog_cache_seconds)
    return Reply(body, headers={"Cache-Control": f"public, max-age={seconds}"})


@route(bp, "/orders", methods=["POST"], roles=ANY_SIGNED_IN, body=OrderBody, raw_body=True, response=OrderAnswer,
       status=201, errors=[402, 409])
def place_order(ctx: Ctx) -> OrderAnswer:
    """Place an order (header `Idempotency-Key` optional); the charge is taken at once."""
    body = ctx.json_object()
    service_id = body.pop("service", None)
    if service_id is None:
        raise InvalidInput("'service' is required.", fields={"service": "missing"})
    order = orders.place(ctx.me.user_id, service_id, body, ctx.request.headers.get("idempotency-key"),
                         account=ctx.account)
    return OrderAnswer(order=OrderOut.of(order))


@route(bp, "/orders/mass", methods=["POST"], roles=ANY_SIGNED_IN, body=MassOrderBody, response=MassResults)
def place_mass_order(ctx: Ctx, body: MassOrderBody) -> MassResults:
    """Place one order a line; each line answers its order or its error."""
    results = orders.place_mass(ctx.me.user_id, body.orders)
    return MassResults(results=[
        MassLineOut(line=r.line, text=r.text, order=r.order_id, charge=show(r.charge) if r.charge else None,
                    error=r.error) for r in results
    ])


@route(bp, "/orders", roles=ANY_SIGNED_IN, query=OrderQuery, response=OrderPage)
def list_orders(ctx: Ctx, query: OrderQuery) -> OrderPage:
    """The caller's orders, newest first, filtered."""
    filters = OrderFilter(status=query.status, service_id=query.service,
                          date_from=query.date_from.isoformat() if query.date_from else None,
                          date_to=query.date_to.isoformat() if query.date_to else None, link_contains=query.search,
                          order_id=query.order)
    found, cursor = orders.list_for_user(ctx.me.user_id, filters, query.limit, query.cursor)
    return OrderPage(orders=[OrderOut.of(o) for o in found], next_cursor=cursor)


@route(bp, "/orders/{order_id}", roles=ANY_SIGNED_IN, response=OrderDetailAnswer)
def get_order(ctx: Ctx, order_id: str) -> OrderDetailAnswer:
    """One of the caller's orders, whether it may be canceled or refilled now, and its refill
    requests (anyone else's order is 404, like a missing one)."""
    found = orders.detail_for_user(ctx.me.user_id, order_id)
    return OrderDetailAnswer.of(found.order, found.can_cancel, found.can_refill, found.refills)


@route(bp, "/orders/{order_id}/cancel", methods=["POST"], roles=ANY_SIGNED_IN, response=OrderAnswer, errors=[409])
def cancel_order(ctx: Ctx, order_id: str) -> OrderAnswer:
    """Cancel (and refund) a pending order, or ask the provider to cancel a running one."""
    return OrderAnswer(order=OrderOut.of(orders.request_cancel(ctx.me.user_id, order_id)))


@route(bp, "/orders/{order_id}/refill", methods=["POST"], roles=ANY_SIGNED_IN, response=RefillAnswer, status=201,
       errors=[409])
def refill_order(ctx: Ctx, order_id: str) -> RefillAnswer:
    """Ask for a refill within the service's refill window."""
    return RefillAnswer(refill=orders.request_refill(ctx.me.user_id, order_id))


@route(bp, "/balance", roles=ANY_SIGNED_IN, query=Page, response=BalanceOut)
def balance(ctx: Ctx, query: Page) -> BalanceOut:
    """The balance and the ledger, newest first."""
    found = ledger.statement(ctx.me.user_id, query.limit, query.cursor)
    return BalanceOut(balance=show(found.account.balance), non_withdrawable=show(found.non_withdrawable),
                      withdrawable=show(found.withdrawable), currency="USD", locked=found.account.locked is not None,
                      ledger=[EntryOut.of(e) for e in found.entries], next_cursor=found.next_cursor)


@route(bp, "/dashboard", roles=CUSTOMERS, response=DashboardOut)
def customer_dashboard(ctx: Ctx) -> DashboardOut:
    """The customer's balance, spend this month (UTC), 5 newest orders and open tickets."""
    return DashboardOut.of(dashboard.summary(ctx.me.user_id))
