"""The customer's dashboard: balance, spend this month, recent orders and open tickets.

Every read is bounded by the customer's own keys (no scan): the user item, one key range of
their ledger (this UTC month), the first page of their order history, and their newest tickets.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from chalicelib.domain import spending
from chalicelib.domain.errors import NotFound
from chalicelib.domain.orders import Order, OrderFilter
from chalicelib.domain.tickets.model import Status, Ticket
from chalicelib.services import clock
from chalicelib.store import ledger as ledger_store
from chalicelib.store import orders as order_store
from chalicelib.store import tickets as ticket_store

RECENT_ORDERS = 5
TICKETS_READ = 50  # the newest tickets read for the open ones; older open tickets are on /tickets


@dataclass(frozen=True)
class Dashboard:
    balance: Decimal
    month: str  # YYYY-MM, UTC
    month_spend: Decimal
    recent_orders: list[Order]
    open_tickets: list[Ticket]


def summary(user_id: str) -> Dashboard:
    """The dashboard of `user_id`, its balance read fresh (not the session's snapshot)."""
    account = ledger_store.account(user_id)
    if account is None:
        raise NotFound("No such account.")
    month = spending.month_of(clock.now())
    entries = ledger_store.entries_between(user_id, month.label, month.label)
    recent, _ = order_store.list_for_user(user_id, OrderFilter(), RECENT_ORDERS, None)
    tickets = [t for t in ticket_store.of_user(user_id, limit=TICKETS_READ) if t.status != Status.CLOSED]
    return Dashboard(account.balance, month.label, spending.month_spend(entries, month), recent, tickets)
