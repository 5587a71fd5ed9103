"""Orders: per-type validation (a pydantic discriminated union), pricing, states, refunds."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from chalicelib.domain import validation
from chalicelib.domain.catalog import PACKAGE_TYPES, ServiceType
from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.money import quantize
from chalicelib.domain.order_history import StatusEvent

RUNS_RANGE = (2, 100)
INTERVAL_RANGE = (1, 1440)  # minutes between drip-feed runs
SUBSCRIPTION_DELAYS = frozenset({0, 5, 10, 15, 30, 60, 90, 120, 150, 180, 210, 240, 270, 300, 360, 420, 480,
                                 540, 600})


class OrderStatus(enum.StrEnum):
    PENDING = "pending"          # charged, waiting to be sent upstream
    SENDING = "sending"          # claimed by the dispatcher; the provider call is in flight
    IN_PROGRESS = "in_progress"
    PROCESSING = "processing"
    COMPLETED = "completed"
    PARTIAL = "partial"
    CANCELED = "canceled"
    NEEDS_REVIEW = "needs_review"  # internal: outcome upstream unknown, staff reconcile


FINAL_STATUSES = frozenset({OrderStatus.COMPLETED, OrderStatus.PARTIAL, OrderStatus.CANCELED})
OPEN_STATUSES = frozenset(OrderStatus) - FINAL_STATUSES
CANCELABLE_STATUSES = frozenset({OrderStatus.PENDING, OrderStatus.SENDING, OrderStatus.IN_PROGRESS,
                                 OrderStatus.PROCESSING})

# The standard API's spelling of each status.
API_STATUS = {
    OrderStatus.PENDING: "Pending",
    OrderStatus.SENDING: "Pending",
    OrderStatus.IN_PROGRESS: "In progress",
    OrderStatus.PROCESSING: "Processing",
    OrderStatus.COMPLETED: "Completed",
    OrderStatus.PARTIAL: "Partial",
    OrderStatus.CANCELED: "Canceled",
    OrderStatus.NEEDS_REVIEW: "In progress",  # the customer sees no internal state
}


@dataclass(frozen=True)
class ServiceTerms:
    """What an order of a service is validated and priced against."""

    service_id: int
    type: ServiceType
    min: int
    max: int
    rate: Decimal  # the user's price per 1000, or per package
    dripfeed: bool


@dataclass(frozen=True)
class OrderDraft:
    """A validated, priced order, ready to be charged."""

    request: Any  # one of the *Order models
    link: str     # the target (the username for Subscriptions)
    quantity: int  # units charged: per-run quantity x runs, lines, or max x posts
    charge: Decimal
    runs: int | None
    interval: int | None

    def fields(self) -> dict[str, Any]:
        """The type's own fields, as sent upstream (lines joined back with newlines)."""
        data: dict[str, Any] = self.request.model_dump(exclude={"type", "link"}, exclude_none=True)
        for key, value in list(data.items()):
            if isinstance(value, list):
                data[key] = "\n".join(value)
            elif isinstance(value, date):
                data[key] = value.strftime("%d/%m/%Y")
        return data


def _units(request: Any) -> int:
    """Quantity of a list-type order is its number of lines."""
    if hasattr(request, "quantity"):
        return int(request.quantity)
    from chalicelib.domain import order_requests as kinds

    if isinstance(request, kinds.MentionsCustomListOrder):
        return len(request.usernames)
    return len(request.comments)


def _within(value: int, terms: ServiceTerms, what: str) -> None:
    if value < terms.min:
        raise InvalidInput(f"{what} less than minimal {terms.min}", fields={"quantity": "too_small"})
    if value > terms.max:
        raise InvalidInput(f"{what} more than maximum {terms.max}", fields={"quantity": "too_large"})


def prepare(terms: ServiceTerms, body: dict[str, Any], today: date, *, lenient: bool = False) -> OrderDraft:
    """Validate an order body against its service's type and limits, and price it.
    `today` (UTC) is the first day a subscription's expiry may not be. `lenient` (the reseller
    API) ignores parameters the type does not take and empty ones, as panel scripts expect."""
    from chalicelib.domain import order_requests as kinds  # built on first use (cold starts)

    if lenient:
        body = kinds.lenient(terms.type, body)
    try:
        request = kinds.order_adapter().validate_python({**body, "type": terms.type})
    except ValidationError as exc:
        raise InvalidInput(validation.describe(exc, validation.ORDER)) from exc

    runs = interval = None
    if isinstance(request, kinds.DefaultOrder) and (request.runs is not None or request.interval is not None):
        if not terms.dripfeed:
            raise InvalidInput("This service does not offer drip-feed; leave runs and interval empty.")
        if request.runs is None or request.interval is None:
            raise InvalidInput("Drip-feed needs both runs and interval.")
        if not RUNS_RANGE[0] <= request.runs <= RUNS_RANGE[1]:
            raise InvalidInput(f"Runs must be between {RUNS_RANGE[0]} and {RUNS_RANGE[1]}.")
        if not INTERVAL_RANGE[0] <= request.interval <= INTERVAL_RANGE[1]:
            raise InvalidInput(f"Interval must be between {INTERVAL_RANGE[0]} and {INTERVAL_RANGE[1]} minutes.")
        runs, interval = request.runs, request.interval

    if isinstance(request, kinds.SubscriptionsOrder):
        if request.min > request.max:
            raise InvalidInput("Subscription min must not be more than max.")
        _within(request.min, terms, "Quantity")
        _within(request.max, terms, "Quantity")
        if request.delay not in SUBSCRIPTION_DELAYS:
            raise InvalidInput("Delay must be one of " + ", ".join(str(d) for d in sorted(SUBSCRIPTION_DELAYS)) + ".")
        if request.expiry is not None and request.expiry <= today:
            raise InvalidInput("Expiry must be a future date.")
        units, target = request.max * request.posts, request.username
    elif terms.type in PACKAGE_TYPES:
        units, target = 1, request.link
    else:
        units = _units(request)
        _within(units, terms, "Quantity")
        target = request.link
        if runs:
            units *= runs

    if terms.type in PACKAGE_TYPES:
        charge = quantize(terms.rate)
    else:
        charge = quantize(terms.rate * Decimal(units) / Decimal(1000))
    if charge <= 0:
        raise InvalidInput("This order would cost nothing; choose a larger quantity.")
    return OrderDraft(request=request, link=target, quantity=units, charge=charge, runs=runs, interval=interval)


def can_request_refill(status: OrderStatus, completed_at: datetime | None, now: datetime, window_days: int) -> bool:
    return (status in {OrderStatus.COMPLETED, OrderStatus.PARTIAL} and completed_at is not None
            and now - completed_at <= timedelta(days=window_days))


CANCEL_NOT_OFFERED = "This service does not allow cancellation."
CANCEL_TOO_LATE = "This order can no longer be canceled."
REFILL_NOT_OFFERED = "This service does not offer refills."


def cancel_refusal(status: OrderStatus, service_cancels: bool) -> str | None:
    """Why a customer may not ask to cancel an order, or None if they may: the service must
    offer cancels and the order must still be open upstream (or not sent yet)."""
    if not service_cancels:
        return CANCEL_NOT_OFFERED
    if status not in CANCELABLE_STATUSES:
        return CANCEL_TOO_LATE
    return None


def refill_refusal(status: OrderStatus, completed_at: datetime | None, now: datetime, service_refills: bool,
                   window_days: int) -> str | None:
    """Why a customer may not ask for a refill, or None if they may: the service must offer
    refills and the order must have ended delivered within the service's window."""
    if not service_refills:
        return REFILL_NOT_OFFERED
    if not can_request_refill(status, completed_at, now, window_days):
        return f"Refills can be requested for completed orders within {window_days} days of completion."
    return None


@dataclass(frozen=True)
class Order:
    order_id: int
    user_id: str
    service_id: int
    service_name: str
    type: ServiceType
    link: str
    quantity: int
    charge: Decimal
    rate: Decimal
    fields: dict[str, Any]
    status: OrderStatus
    created_at: datetime
    updated_at: datetime
    provider_id: int
    provider_service: str
    runs: int | None = None
    interval: int | None = None
    start_count: int | None = None
    remains: int | None = None
    refunded: Decimal = Decimal("0.00000")
    cancel_requested: bool = False
    completed_at: datetime | None = None
    provider_order: str | None = None
    active_link_hash: str | None = None
    attempts: int = 0                    # dispatch attempts that failed in a retryable way
    review_reason: str | None = None     # why staff must look at it
    claimed_at: datetime | None = None
    sent_at: datetime | None = None
    progress_at: datetime | None = None  # last time upstream reported any progress
    stuck: bool = False
    cancel_forwarded: bool = False
    upstream_status: str | None = None   # the provider's own spelling, last seen
    runs_done: int | None = None         # drip-feed: runs the provider reports made
    posts_done: int | None = None        # subscription: posts the provider reports served
    provider_cost: Decimal | None = None  # what the provider bills for the whole order, set when sent;
    #                                       None on orders sent before it was recorded (unknown)
    history: tuple[StatusEvent, ...] = ()  # status changes, oldest first (domain/order_history.py)

    @property
    def progress_percent(self) -> int:
        if self.status == OrderStatus.COMPLETED:
            return 100
        if self.remains is None or self.quantity <= 0:
            return 0
        delivered = self.quantity - min(max(self.remains, 0), self.quantity)
        return int(delivered * 100 / self.quantity)


@dataclass(frozen=True)
class OrderFilter:
    """What a customer's order history is narrowed by (all optional)."""

    status: OrderStatus | None = None
    service_id: int | None = None
    date_from: str | None = None  # ISO dates, inclusive
    date_to: str | None = None
    link_contains: str | None = None
    order_id: int | None = None  # one order, looked up by its id

    def matches(self, order: Order) -> bool:
        """Whether one order passes every filter (the lookup by id reads the order directly,
        then checks it against the rest here, as the list's query would)."""
        created = order.created_at.date().isoformat()
        return ((self.order_id is None or order.order_id == self.order_id)
                and (self.status is None or order.status == self.status)
                and (self.service_id is None or order.service_id == self.service_id)
                and (self.date_from is None or created >= self.date_from)
                and (self.date_to is None or created <= self.date_to)
                and (not self.link_contains or self.link_contains in order.link))


# Every spelling of a status seen from upstream panels, mapped to ours; anything else is
# left for staff rather than guessed.
UPSTREAM_STATUS = {
    "pending": OrderStatus.PROCESSING,  # accepted upstream, not started: no longer "waiting to be sent"
    "in progress": OrderStatus.IN_PROGRESS,
    "inprogress": OrderStatus.IN_PROGRESS,
    "in_progress": OrderStatus.IN_PROGRESS,
    "processing": OrderStatus.PROCESSING,
    "completed": OrderStatus.COMPLETED,
    "complete": OrderStatus.COMPLETED,
    "partial": OrderStatus.PARTIAL,
    "canceled": OrderStatus.CANCELED,
    "cancelled": OrderStatus.CANCELED,
    # subscriptions; "expired" is final too: see is_expiry (its settlement differs)
    "active": OrderStatus.IN_PROGRESS,
    "paused": OrderStatus.IN_PROGRESS,
    "expired": OrderStatus.COMPLETED,
}


def is_expiry(raw: str) -> bool:
    """A subscription that reached its expiry date: final, but posts may be left over."""
    return " ".join(raw.split()).lower() == "expired"


def api_status(order: Order) -> str:
    """The status the standard API reports. A subscription has its own words: Active or
    Paused while open (as the provider last said), then Completed, Expired or Canceled; a
    subscription that ended partial (posts left over) but not by expiry reads Completed,
    with `posts` telling how many were served."""
    if order.type != ServiceType.SUBSCRIPTIONS:
        return API_STATUS[order.status]
    raw = " ".join((order.upstream_status or "").split()).lower()
    if order.status == OrderStatus.CANCELED:
        return "Canceled"
    if order.status in FINAL_STATUSES:
        return "Expired" if is_expiry(raw) else "Completed"
    return "Paused" if raw == "paused" else "Active"


def api_progress(order: Order) -> dict[str, str]:
    """What the standard API adds to a status: `runs` made of a drip-feed, `posts` served of
    a subscription (as text, like the other counts; 0 until the provider reports any)."""
    if order.runs:
        return {"runs": str(order.runs_done or 0)}
    if order.type == ServiceType.SUBSCRIPTIONS:
        return {"posts": str(order.posts_done or 0)}
    return {}


def parse_upstream_status(raw: str) -> OrderStatus | None:
    return UPSTREAM_STATUS.get(" ".join(raw.split()).lower())


# Fields of each type that the standard API sends with `add` (quantity where the type has one).
def upstream_params(order: Order) -> dict[str, Any]:
    """What a provider receives for an order: its service, target and the type's own fields.
    Never who ordered it (promise P3)."""
    params: dict[str, Any] = {"service": order.provider_service}
    if order.type != ServiceType.SUBSCRIPTIONS:
        params["link"] = order.link
    params.update(order.fields)  # drip-feed: the per-run quantity with runs and interval
    return params
