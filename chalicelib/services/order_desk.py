"""The staff order desk: find orders (support and admin) and read one order's whole file:
its customer, status history, refills, the ledger entries it caused and the tickets naming it.

Search never scans the table: an order id is one read; an e-mail reads that customer's
orders index a page at a time; otherwise a date range (at most SEARCH_MAX_DAYS) bounds a
read of the orders-by-month index. Reconciling stays in services/order_review.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from chalicelib.domain.accounts import normalize_email
from chalicelib.domain.errors import InvalidInput, NotFound
from chalicelib.domain.ledger import LedgerEntry
from chalicelib.domain.orders import Order, OrderFilter, OrderStatus
from chalicelib.domain.refills import Refill
from chalicelib.domain.tickets.model import Ticket
from chalicelib.services import clock
from chalicelib.store import ledger, refills, tickets, users
from chalicelib.store import orders as store

SEARCH_MAX_DAYS = 31
NO_ORDER = "No such order."


@dataclass(frozen=True)
class Search:
    order_id: int | None = None
    email: str | None = None
    link: str | None = None
    status: OrderStatus | None = None
    provider_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None


@dataclass(frozen=True)
class Found:
    orders: list[Order]
    emails: dict[str, str]  # user id -> e-mail, for the results shown
    cursor: str | None


def _matches(order: Order, search: Search) -> bool:
    day = order.created_at.date()
    return ((search.status is None or order.status == search.status)
            and (search.provider_id is None or order.provider_id == search.provider_id)
            and (not search.link or search.link.lower() in order.link.lower())
            and (search.date_from is None or day >= search.date_from)
            and (search.date_to is None or day <= search.date_to))


def _emails(found: list[Order]) -> dict[str, str]:
    emails: dict[str, str] = {}
    for user_id in {o.user_id for o in found}:
        user = users.get(user_id)
        emails[user_id] = (user.email or "") if user else ""
    return emails


def search(search: Search, limit: int, cursor: str | None) -> Found:
    """One page of the orders matching every filter given, newest first."""
    if search.order_id is not None:
        order = store.get(search.order_id)
        found = [order] if order is not None and _matches(order, search) else []
        if found and search.email:  # both given: the order must be that customer's
            owner = users.get_by_email(normalize_email(search.email))
            found = [o for o in found if owner is not None and o.user_id == owner.user_id]
        return Found(found, _emails(found), None)
    if search.email:
        user = users.get_by_email(normalize_email(search.email))
        if user is None:
            return Found([], {}, None)
        filters = OrderFilter(status=search.status, link_contains=search.link or None,
                              date_from=search.date_from.isoformat() if search.date_from else None,
                              date_to=search.date_to.isoformat() if search.date_to else None)
        page, after = store.list_for_user(user.user_id, filters, limit, cursor)
        found = [o for o in page if _matches(o, search)]
        return Found(found, {user.user_id: user.email or ""}, after)
    last = search.date_to or clock.now().date()
    first = search.date_from or last - timedelta(days=6)
    if (last - first).days >= SEARCH_MAX_DAYS:
        raise InvalidInput(f"Without an order id or e-mail, search at most {SEARCH_MAX_DAYS} days at a time.",
                           fields={"from": "range_too_long"})
    matching = [o for o in reversed(store.placed_between(first, last)) if _matches(o, search)]
    start = int(cursor) if cursor and cursor.isdigit() else 0
    found = matching[start:start + limit]
    after = str(start + limit) if start + limit < len(matching) else None
    return Found(found, _emails(found), after)


@dataclass(frozen=True)
class OrderFile:
    order: Order
    email: str
    refills: list[Refill]
    entries: list[LedgerEntry]
    tickets: list[Ticket]


def order_file(order_id: int) -> OrderFile:
    order = store.get(order_id)
    if order is None:
        raise NotFound(NO_ORDER)
    user = users.get(order.user_id)
    entries = [e for e in (ledger.entry(order.user_id, f"order#{order_id}"),
                           ledger.entry(order.user_id, f"refund#{order_id}")) if e is not None]
    naming = [t for t in tickets.of_user(order.user_id) if order_id in t.order_ids]
    return OrderFile(order, (user.email or "") if user else "", refills.of_order(order_id), entries, naming)
