"""The customer's dashboard: one answer with the balance, spend this month, recent orders and
open tickets."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from chalicelib.api.schemas.common import Money, Out, Timestamp
from chalicelib.domain.money import show
from chalicelib.domain.orders import API_STATUS, Order
from chalicelib.domain.tickets.model import Ticket
from chalicelib.services.dashboard import Dashboard


class RecentOrderOut(Out):
    id: int
    service: int
    service_name: str
    status: Literal["Pending", "In progress", "Processing", "Completed", "Partial", "Canceled"]
    charge: Money
    created_at: Timestamp

    @classmethod
    def of(cls, order: Order) -> RecentOrderOut:
        return cls(id=order.order_id, service=order.service_id, service_name=order.service_name,
                   status=API_STATUS[order.status], charge=show(order.charge), created_at=order.created_at.isoformat())


class OpenTicketOut(Out):
    number: int
    display: str
    subject: str
    status: Literal["open", "awaiting_customer", "answered"]
    updated_at: Timestamp

    @classmethod
    def of(cls, ticket: Ticket) -> OpenTicketOut:
        return cls(number=ticket.number, display=ticket.display, subject=ticket.subject,
                   status=ticket.status.value,  # closed ones are left out by the service
                   updated_at=ticket.updated_at.isoformat())


class DashboardOut(Out):
    balance: Money
    currency: Literal["USD"]
    month: str = Field(description="The current UTC month, YYYY-MM.")
    month_spend: Money = Field(description="Order charges minus order refunds in the month's ledger, "
                                           "never below zero.")
    recent_orders: list[RecentOrderOut] = Field(description="The 5 newest orders.")
    open_tickets: list[OpenTicketOut] = Field(description="Tickets not closed, among the 50 newest.")

    @classmethod
    def of(cls, dashboard: Dashboard) -> DashboardOut:
        return cls(balance=show(dashboard.balance), currency="USD", month=dashboard.month,
                   month_spend=show(dashboard.month_spend),
                   recent_orders=[RecentOrderOut.of(o) for o in dashboard.recent_orders],
                   open_tickets=[OpenTicketOut.of(t) for t in dashboard.open_tickets])
