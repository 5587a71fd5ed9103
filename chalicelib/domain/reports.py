"""The staff reports: money in and out per day, and per provider and service over a range.

Pure arithmetic over what the service read: the orders placed in the range, the top-ups made
in it, and the tickets opened in it. Every figure of an order belongs to the UTC day it was
placed: its revenue (charge less whatever was refunded since) and what its provider is owed
(domain/provider_cost.owed), so a day's profit compares the money and the cost of the same
orders. A refund paid later changes the day its order was placed.

A cost nobody knows (orders sent before costs were recorded) is never counted as 0: a group
holding such an order has no cost and no profit (None, "unknown" on the page) and says how
many of its orders lack one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.money import ZERO, quantize
from chalicelib.domain.orders import Order, OrderStatus
from chalicelib.domain.payments import TopUp, TopUpStatus
from chalicelib.domain.provider_cost import owed

MAX_DAYS = 92  # a quarter: the reads stay bounded (at most 4 month partitions of each index)


def checked_range(first: date | None, last: date | None) -> tuple[date, date]:
    """`from` and `to` (both inclusive), both given, in order, at most MAX_DAYS days."""
    if first is None or last is None:
        raise InvalidInput("Give both 'from' and 'to' as dates like 2026-11-30.",
                           fields={"from" if first is None else "to": "missing"})
    if first > last:
        raise InvalidInput("'from' must not be after 'to'.", fields={"from": "after_to"})
    if (last - first).days + 1 > MAX_DAYS:
        raise InvalidInput(f"A report covers at most {MAX_DAYS} days; choose a shorter range.",
                           fields={"to": "too_long"})
    return first, last


def day_of(moment: datetime) -> date:
    """The UTC day of a moment (a stored time without a zone is UTC already)."""
    return (moment.astimezone(UTC) if moment.tzinfo else moment).date()


@dataclass
class Figures:
    """Orders, their revenue and their providers' cost; `cost` None when any order's is unknown."""

    orders: int = 0
    revenue: Decimal = ZERO
    known_cost: Decimal = ZERO
    unknown_cost: int = 0  # orders whose cost nobody knows

    def add(self, order: Order) -> None:
        self.orders += 1
        self.revenue = quantize(self.revenue + order.charge - order.refunded)
        cost = owed(order)
        if cost is None:
            self.unknown_cost += 1
        else:
            self.known_cost = quantize(self.known_cost + cost)

    @property
    def cost(self) -> Decimal | None:
        return None if self.unknown_cost else self.known_cost

    @property
    def profit(self) -> Decimal | None:
        cost = self.cost
        return None if cost is None else quantize(self.revenue - cost)


@dataclass
class Day:
    day: date
    top_ups: int = 0
    top_up_amount: Decimal = ZERO
    figures: Figures = field(default_factory=Figures)


@dataclass
class Line:
    """One provider's or one service's share of the range."""

    ident: int
    name: str
    figures: Figures = field(default_factory=Figures)


@dataclass(frozen=True)
class Tickets:
    """Tickets opened in the range, and how many of them missed their first-response deadline."""

    opened: int
    first_response_breaches: int


@dataclass(frozen=True)
class Report:
    first: date
    last: date
    days: list[Day]
    totals: Figures
    top_ups: int
    top_up_amount: Decimal
    providers: list[Line]
    services: list[Line]
    statuses: dict[OrderStatus, int]
    tickets: Tickets


def build(first: date, last: date, orders: Iterable[Order], top_ups: Iterable[TopUp],
          provider_names: dict[int, str], tickets: Tickets) -> Report:
    """The report of `first`..`last`: every day listed (empty ones too), providers and services
    by revenue (most first), every status counted (0 included). Records outside the range
    and top-ups not credited are left out."""
    days = {first + timedelta(days=n): Day(first + timedelta(days=n)) for n in range((last - first).days + 1)}
    totals = Figures()
    providers: dict[int, Line] = {}
    services: dict[int, Line] = {}
    statuses = dict.fromkeys(OrderStatus, 0)
    for order in orders:
        day = days.get(day_of(order.created_at))
        if day is None:
            continue
        day.figures.add(order)
        totals.add(order)
        provider = providers.setdefault(order.provider_id, Line(
            order.provider_id, provider_names.get(order.provider_id, f"Provider {order.provider_id}")))
        provider.figures.add(order)
        services.setdefault(order.service_id, Line(order.service_id, order.service_name)).figures.add(order)
        statuses[order.status] += 1
    count, amount = 0, ZERO
    for top_up in top_ups:
        day = days.get(day_of(top_up.created_at))
        if day is None or top_up.status != TopUpStatus.SUCCEEDED:
            continue
        day.top_ups += 1
        day.top_up_amount = quantize(day.top_up_amount + top_up.amount)
        count, amount = count + 1, quantize(amount + top_up.amount)

    def ranked(lines: dict[int, Line]) -> list[Line]:
        return sorted(lines.values(), key=lambda line: (-line.figures.revenue, line.name, line.ident))

    return Report(first, last, list(days.values()), totals, count, amount, ranked(providers), ranked(services),
                  statuses, tickets)
