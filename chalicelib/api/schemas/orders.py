"""The customer's catalog, orders, mass orders and balance: request bodies, queries, answers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, WithJsonSchema, field_validator, model_validator

from chalicelib.api import params
from chalicelib.api.contract import Body, Query
from chalicelib.api.schemas.common import Cursor, Money, Out, Timestamp
from chalicelib.domain.catalog import Service, ServiceType
from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.ledger import EntryKind, LedgerEntry
from chalicelib.domain.money import show
from chalicelib.domain.orders import API_STATUS, Order, OrderStatus
from chalicelib.domain.refills import REFILL_LABELS, Refill

# --- request bodies -------------------------------------------------------------------------


class OrderBody(Body):
    """`service` and the fields its type needs (domain/order_requests.py checks them and says
    what is wrong): numbers may be JSON numbers or digits as text, lists are one item a line."""

    model_config = ConfigDict(extra="allow")

    service: int | str = Field(description="The service id.")
    link: str | None = Field(default=None, max_length=2000)
    quantity: int | str | None = None
    runs: int | str | None = None
    interval: int | str | None = None
    comments: str | None = None
    usernames: str | None = None
    hashtags: str | None = None
    keywords: str | None = None
    hashtag: str | None = None
    username: str | None = None
    media: str | None = None
    answer_number: int | str | None = None
    min: int | str | None = None
    max: int | str | None = None
    posts: int | str | None = None
    old_posts: int | str | None = None
    delay: int | str | None = None
    expiry: str | None = Field(default=None, description="A date, YYYY-MM-DD or DD/MM/YYYY.")


class MassOrderBody(Body):
    orders: str = Field(max_length=60_000, description="One order a line: service_id | link | quantity.")


# --- queries --------------------------------------------------------------------------------

STATUS_BY_LABEL = {s.value: s for s in OrderStatus} | {
    "pending": OrderStatus.PENDING, "in progress": OrderStatus.IN_PROGRESS, "completed": OrderStatus.COMPLETED,
    "partial": OrderStatus.PARTIAL, "canceled": OrderStatus.CANCELED, "processing": OrderStatus.PROCESSING,
}
STATUS_LABELS = sorted(STATUS_BY_LABEL)


class OrderQuery(Query):
    """`GET /orders` filters: status, service id, dates (YYYY-MM-DD), a link search, 25 a page."""

    status: Annotated[OrderStatus | None, WithJsonSchema({"type": "string", "enum": STATUS_LABELS})] = None
    service: int | None = Field(default=None, ge=1)
    limit: int = Field(default=25, json_schema_extra={"minimum": 1, "maximum": 100})  # checked in words below
    date_from: date | None = Field(default=None, alias="from")
    date_to: date | None = Field(default=None, alias="to")
    search: str | None = Field(default=None, description="Text the order's link contains.")
    order: int | None = Field(default=None, ge=1, description="One order, by its id.")
    cursor: str | None = None

    # Each filter is read by the one parser for URLs (api/params.py), with its own message.
    @field_validator("status", mode="before")
    @classmethod
    def _status(cls, value: object) -> OrderStatus | None:
        return params.choice(_text(value), STATUS_BY_LABEL, f"Unknown status '{value}'.")

    @field_validator("service", mode="before")
    @classmethod
    def _service(cls, value: object) -> int | None:
        return params.number(_text(value), "'service' must be a service id.")

    @field_validator("order", mode="before")
    @classmethod
    def _order(cls, value: object) -> int | None:
        message = "'order' must be an order id (digits only)."
        number = params.number(_text(value), message)
        if number == 0:
            raise InvalidInput(message)
        return number

    @field_validator("limit", mode="before")
    @classmethod
    def _limit(cls, value: object) -> int:
        message = "'limit' must be a number from 1 to 100."
        number = params.number(_text(value), message, max_digits=3)
        if number is not None and not 1 <= number <= 100:
            raise InvalidInput(message)
        return 25 if number is None else number

    @field_validator("date_from", "date_to", mode="before")
    @classmethod
    def _date(cls, value: object, info: Any) -> date | None:
        return params.day(_text(value), "from" if info.field_name == "date_from" else "to")

    @model_validator(mode="after")
    def _order_of_dates(self) -> OrderQuery:
        params.date_range(*(d.isoformat() if d else None for d in (self.date_from, self.date_to)))
        return self


def _text(value: object) -> str | None:
    return None if value is None else str(value)


# --- answers --------------------------------------------------------------------------------


class ServiceOut(Out):
    """What customers see of a service: never the provider, its URL or its service id."""

    service: int
    name: str
    description: str
    category: str
    type: ServiceType
    rate: Money
    min: int
    max: int
    refill: bool
    cancel: bool
    dripfeed: bool

    @classmethod
    def of(cls, service: Service, rate: Decimal) -> ServiceOut:
        return cls(service=service.service_id, name=service.name, description=service.description,
                   category=service.category, type=service.type, rate=show(rate), min=service.min,
                   max=service.max, refill=service.refill, cancel=service.cancel, dripfeed=service.dripfeed)


class ServiceList(Out):
    services: list[ServiceOut]


class OrderOut(Out):
    id: int
    service: int
    service_name: str
    type: ServiceType
    link: str
    quantity: int
    charge: Money
    status: Literal["Pending", "In progress", "Processing", "Completed", "Partial", "Canceled"]
    start_count: int | None
    remains: int | None
    progress: int
    runs: int | None
    interval: int | None
    refunded: Money
    cancel_requested: bool
    created_at: Timestamp
    fields: dict[str, Any]

    @classmethod
    def fields_of(cls, order: Order) -> dict[str, Any]:
        return {"id": order.order_id, "service": order.service_id, "service_name": order.service_name,
                "type": order.type, "link": order.link, "quantity": order.quantity, "charge": show(order.charge),
                "status": API_STATUS[order.status], "start_count": order.start_count, "remains": order.remains,
                "progress": order.progress_percent, "runs": order.runs, "interval": order.interval,
                "refunded": show(order.refunded), "cancel_requested": order.cancel_requested,
                "created_at": order.created_at.isoformat(), "fields": order.fields}

    @classmethod
    def of(cls, order: Order) -> OrderOut:
        return cls(**cls.fields_of(order))


class OrderAnswer(Out):
    order: OrderOut


class RefillOut(Out):
    """One refill request of an order and where it stands."""

    id: int
    status: Literal["Pending", "In progress", "Completed", "Rejected", "Canceled"]
    created_at: Timestamp

    @classmethod
    def of(cls, refill: Refill) -> RefillOut:
        return cls(id=refill.refill_id, status=REFILL_LABELS[refill.status], created_at=refill.created_at.isoformat())


class OrderDetailOut(OrderOut):
    """An order on its own page: what the customer may ask of it now, and its refills."""

    can_cancel: bool = Field(description="The service and the order's status allow a cancel request now.")
    can_refill: bool = Field(description="The service offers refills and the order is within its refill window.")
    refills: list[RefillOut] = Field(description="The order's refill requests, newest first.")


class OrderDetailAnswer(Out):
    order: OrderDetailOut

    @classmethod
    def of(cls, order: Order, can_cancel: bool, can_refill: bool, refills: list[Refill]) -> OrderDetailAnswer:
        return cls(order=OrderDetailOut(**OrderOut.fields_of(order), can_cancel=can_cancel, can_refill=can_refill,
                                        refills=[RefillOut.of(r) for r in refills]))


class OrderPage(Out):
    orders: list[OrderOut]
    next_cursor: Cursor


class MassLineOut(Out):
    line: int
    text: str
    order: int | None
    charge: Money | None
    error: str | None


class MassResults(Out):
    results: list[MassLineOut]


class RefillAnswer(Out):
    refill: int


class EntryOut(Out):
    """One balance movement; `amount` is signed (debits negative)."""

    id: str
    kind: EntryKind
    amount: Money
    balance_after: Money
    reference: str
    reason: str | None
    at: Timestamp

    @classmethod
    def of(cls, entry: LedgerEntry) -> EntryOut:
        return cls(id=entry.entry_id, kind=entry.kind, amount=show(entry.amount),
                   balance_after=show(entry.balance_after), reference=entry.reference, reason=entry.reason,
                   at=entry.at.isoformat())


class BalanceOut(Out):
    balance: Money
    non_withdrawable: Money = Field(description="The part of the balance that is service credit or bonus: "
                                                "spent on orders first, never paid out.")
    withdrawable: Money = Field(description="The part that could be refunded to the customer.")
    currency: Literal["USD"]
    locked: bool
    ledger: list[EntryOut]
    next_cursor: Cursor
