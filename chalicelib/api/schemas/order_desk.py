"""The staff order desk's query and answers (api/order_desk.py)."""

from __future__ import annotations

from pydantic import Field

from chalicelib.api.contract import Query
from chalicelib.api.schemas.admin import AdminOrderOut
from chalicelib.api.schemas.common import Money, Out
from chalicelib.api.schemas.orders import EntryOut
from chalicelib.domain.money import show
from chalicelib.domain.order_history import StatusEvent
from chalicelib.domain.orders import Order
from chalicelib.services.order_desk import OrderFile


class OrderSearch(Query):
    """Every filter optional; without `order` or `email`, a date range of at most 31 days
    (the last 7 days when none is given)."""

    order: str | None = Field(default=None, description="An order id.")
    email: str | None = Field(default=None, description="The customer's e-mail address.")
    link: str | None = Field(default=None, max_length=500, description="Text the order's link contains.")
    status: str | None = Field(default=None, description="Internal status, e.g. needs_review.")
    provider: str | None = Field(default=None, description="A provider id.")
    from_: str | None = Field(default=None, alias="from", description="First day placed, YYYY-MM-DD.")
    to: str | None = Field(default=None, description="Last day placed, YYYY-MM-DD.")
    limit: str | None = None
    cursor: str | None = Field(default=None, max_length=2000)


class DeskOrderOut(AdminOrderOut):
    email: str
    provider_cost: Money | None

    @classmethod
    def with_email(cls, order: Order, email: str) -> DeskOrderOut:
        return cls(**AdminOrderOut.of(order).model_dump(), email=email,
                   provider_cost=show(order.provider_cost) if order.provider_cost is not None else None)


class OrderSearchPage(Out):
    orders: list[DeskOrderOut]
    next_cursor: str | None


class HistoryEventOut(Out):
    at: str
    status: str
    note: str

    @classmethod
    def of(cls, event: StatusEvent) -> HistoryEventOut:
        return cls(at=event.at.isoformat(), status=event.status, note=event.note)


class DeskRefillOut(Out):
    id: int
    status: str
    created_at: str


class DeskTicketOut(Out):
    number: int
    subject: str
    status: str


class OrderFileOut(Out):
    order: DeskOrderOut
    history: list[HistoryEventOut]
    refills: list[DeskRefillOut]
    entries: list[EntryOut]
    tickets: list[DeskTicketOut]

    @classmethod
    def of(cls, file: OrderFile) -> OrderFileOut:
        return cls(order=DeskOrderOut.with_email(file.order, file.email),
                   history=[HistoryEventOut.of(e) for e in reversed(file.order.history)],
                   refills=[DeskRefillOut(id=r.refill_id, status=str(r.status), created_at=r.created_at.isoformat())
                            for r in file.refills],
                   entries=[EntryOut.of(e) for e in file.entries],
                   tickets=[DeskTicketOut(number=t.number, subject=t.subject, status=str(t.status))
                            for t in file.tickets])
