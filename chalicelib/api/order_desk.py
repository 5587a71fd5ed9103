"""The staff order desk (support and admin): search orders, read one order's file.
Reconciling an order stays `POST /admin/orders/{order_id}/reconcile` (admins only)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice.app import Blueprint

from chalicelib.api import params
from chalicelib.api.contract import lazy
from chalicelib.api.http import Ctx, route
from chalicelib.domain.accounts import Role
from chalicelib.domain.orders import OrderStatus
from chalicelib.services import order_desk

if TYPE_CHECKING:
    from chalicelib.api.schemas.order_desk import OrderFileOut, OrderSearch, OrderSearchPage

bp = Blueprint(__name__)
STAFF = [Role.SUPPORT, Role.ADMIN]
D = lazy("chalicelib.api.schemas.order_desk")
STATUSES = {s.value: s for s in OrderStatus}


@route(bp, "/staff/orders", roles=STAFF, query=D.OrderSearch, response=D.OrderSearchPage)
def search_orders(ctx: Ctx, query: OrderSearch) -> OrderSearchPage:
    """Orders by id, customer e-mail, link text, status, provider and days placed; newest first, paged."""
    from chalicelib.api.schemas import order_desk as s

    first, last = params.date_range(query.from_ or None, query.to or None)
    search = order_desk.Search(
        order_id=params.number(query.order or None, "'order' must be an order id (digits only)."),
        email=(query.email or "").strip() or None, link=(query.link or "").strip() or None,
        status=params.choice(query.status or None, STATUSES,
                             f"Unknown status '{query.status}'; use one of {', '.join(STATUSES)}."),
        provider_id=params.number(query.provider or None, "'provider' must be a provider id (digits only)."),
        date_from=first, date_to=last)
    found = order_desk.search(search, params.page_size(query.limit, 25, 100), query.cursor)
    return s.OrderSearchPage(orders=[s.DeskOrderOut.with_email(o, found.emails.get(o.user_id, ""))
                                     for o in found.orders], next_cursor=found.cursor)


@route(bp, "/staff/orders/{order_id}", roles=STAFF, response=D.OrderFileOut)
def order_file(ctx: Ctx, order_id: str) -> OrderFileOut:
    """One order's file: customer, provider, status history, refills, ledger entries, tickets naming it."""
    from chalicelib.api.schemas import order_desk as s

    return s.OrderFileOut.of(order_desk.order_file(params.path_id(order_id, "order")))
