"""The staff reports' pure rules: an order's provider cost, what is owed for what was delivered,
the per-day and per-provider arithmetic, unknown costs, the range bounds and the CSV tables."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from chalicelib.domain import reports, reports_csv
from chalicelib.domain.catalog import ServiceType
from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.orders import Order, OrderStatus
from chalicelib.domain.payments import Method, TopUp, TopUpStatus
from chalicelib.domain.provider_cost import cost_of, delivered_share, owed

DAY = date(2031, 3, 14)
NOON = datetime(2031, 3, 14, 12, tzinfo=UTC)


def order(**changes: object) -> Order:
    base = Order(order_id=1, user_id="u1", service_id=7, service_name="Likes", type=ServiceType.DEFAULT,
                 link="https://x.test/p", quantity=1000, charge=Decimal("1.50000"), rate=Decimal("1.50000"),
                 fields={}, status=OrderStatus.PROCESSING, created_at=NOON, updated_at=NOON, provider_id=3,
                 provider_service="101", provider_order="55", provider_cost=Decimal("1.00000"))
    return replace(base, **changes)  # type: ignore[arg-type]


def top_up(amount: str, status: TopUpStatus = TopUpStatus.SUCCEEDED, at: datetime = NOON) -> TopUp:
    return TopUp(top_up_id=1, user_id="u1", amount=Decimal(amount), bonus=Decimal("0"), method=Method.CARD,
                 status=status, created_at=at)


@pytest.mark.parametrize(("kind", "quantity", "rate", "cost"), [
    (ServiceType.DEFAULT, 1000, "1.20", "1.20000"),
    (ServiceType.DEFAULT, 333, "0.0123", "0.00410"),      # 0.0040959 half up to 5 places
    (ServiceType.DEFAULT, 7, "0.00005", "0.00000"),
    (ServiceType.PACKAGE, 1, "9.99", "9.99000"),            # a package costs its rate
    (ServiceType.CUSTOM_COMMENTS_PACKAGE, 1, "3", "3.00000"),
    (ServiceType.SUBSCRIPTIONS, 500, "2", "1.00000"),       # max x posts units, like the charge
])
def test_an_orders_cost_is_the_providers_rate_times_its_units(kind, quantity, rate, cost) -> None:
    assert cost_of(kind, quantity, Decimal(rate)) == Decimal(cost)


@pytest.mark.parametrize(("quantity", "remains", "share"), [
    (1000, 0, "1.00000"),
    (1000, 400, "0.60000"),   # partial: 600 delivered of 1000
    (1000, 1000, "0.00000"),  # canceled with nothing delivered
    (1000, 5000, "0.00000"),  # remains above the quantity never make a cost negative
    (1000, -3, "1.00000"),
    (3, 1, "0.66667"),
    (0, 0, "0.00000"),
])
def test_what_is_owed_is_the_delivered_share_of_the_cost(quantity, remains, share) -> None:
    assert delivered_share(Decimal("1.00000"), quantity, remains) == Decimal(share)


def test_owed_follows_the_orders_life() -> None:
    assert owed(order(status=OrderStatus.PENDING, provider_order=None, provider_cost=None)) == 0
    assert owed(order(status=OrderStatus.CANCELED, provider_order=None, provider_cost=None, remains=1000)) == 0
    assert owed(order()) == Decimal("1.00000")  # open at the provider: the whole cost
    assert owed(order(status=OrderStatus.COMPLETED, remains=0)) == Decimal("1.00000")
    assert owed(order(status=OrderStatus.PARTIAL, remains=250)) == Decimal("0.75000")
    assert owed(order(status=OrderStatus.CANCELED, remains=1000)) == Decimal("0.00000")
    # Sent before costs were recorded: unknown, not 0, whatever happened since.
    assert owed(order(provider_cost=None)) is None
    assert owed(order(status=OrderStatus.PARTIAL, remains=250, provider_cost=None)) is None


def test_the_range_is_both_days_in_order_and_at_most_92_days() -> None:
    assert reports.checked_range(DAY, DAY) == (DAY, DAY)
    assert reports.checked_range(date(2031, 1, 1), date(2031, 4, 2)) == (date(2031, 1, 1), date(2031, 4, 2))
    for first, last, words in ((None, DAY, "both"), (DAY, None, "both"), (date(2031, 3, 15), DAY, "after"),
                               (date(2031, 1, 1), date(2031, 4, 3), "92 days")):
        with pytest.raises(InvalidInput, match=words):
            reports.checked_range(first, last)


def test_days_providers_and_services_add_up_to_the_cent() -> None:
    made = reports.build(DAY, date(2031, 3, 16), [
        order(order_id=1, status=OrderStatus.COMPLETED, remains=0),
        order(order_id=2, status=OrderStatus.PARTIAL, remains=400, refunded=Decimal("0.60000")),
        order(order_id=3, provider_id=4, service_id=8, service_name="Views", charge=Decimal("2.00000"),
              provider_cost=Decimal("0.50000"), created_at=datetime(2031, 3, 16, 23, 59, tzinfo=UTC)),
        order(order_id=4, created_at=datetime(2031, 3, 17, 0, 0, tzinfo=UTC)),  # outside the range
    ], [top_up("10.00"), top_up("5.00"), top_up("99.00", TopUpStatus.FAILED),
        top_up("1.00", at=datetime(2031, 3, 13, 23, 59, tzinfo=UTC))],
        {3: "Sim A"}, reports.Tickets(opened=2, first_response_breaches=1))
    first, middle, last = made.days
    assert (first.day, first.top_ups, first.top_up_amount) == (DAY, 2, Decimal("15.00000"))
    assert (first.figures.orders, first.figures.revenue, first.figures.cost, first.figures.profit) == (
        2, Decimal("2.40000"), Decimal("1.60000"), Decimal("0.80000"))
    assert (middle.figures.orders, middle.figures.cost, middle.top_ups) == (0, Decimal(0), 0)
    assert (last.figures.revenue, last.figures.cost, last.figures.profit) == (
        Decimal("2.00000"), Decimal("0.50000"), Decimal("1.50000"))
    assert (made.totals.orders, made.totals.revenue, made.totals.profit) == (3, Decimal("4.40000"), Decimal("2.30000"))
    assert (made.top_ups, made.top_up_amount) == (2, Decimal("15.00000"))
    assert [(p.ident, p.name, p.figures.revenue) for p in made.providers] == [
        (3, "Sim A", Decimal("2.40000")), (4, "Provider 4", Decimal("2.00000"))]
    assert [(s.name, s.figures.orders) for s in made.services] == [("Likes", 2), ("Views", 1)]
    assert made.statuses[OrderStatus.COMPLETED] == 1 and made.statuses[OrderStatus.PENDING] == 0
    assert made.tickets == reports.Tickets(2, 1)


def test_an_unknown_cost_makes_its_groups_cost_and_profit_unknown_not_zero() -> None:
    made = reports.build(DAY, DAY, [order(order_id=1), order(order_id=2, provider_cost=None, service_id=9)], [],
                         {}, reports.Tickets(0, 0))
    figures = made.days[0].figures
    assert (figures.cost, figures.profit, figures.unknown_cost, figures.known_cost) == (None, None, 1, Decimal(1))
    by_service = {line.ident: line.figures for line in made.services}
    assert by_service[7].cost == Decimal("1.00000") and by_service[9].cost is None
    rows = reports_csv.rows(made, "days")
    assert rows[1][5:8] == ["unknown", "unknown", "1"]


def test_csv_tables_have_a_header_and_defuse_formulas_in_names() -> None:
    made = reports.build(DAY, DAY, [order(service_name="=HYPERLINK(\"x\")")], [top_up("3.5")], {3: "@evil"},
                         reports.Tickets(0, 0))
    days = list(csv.reader(io.StringIO(reports_csv.render(made, "days"))))
    assert days == [["day", "top_ups", "top_up_amount", "orders", "revenue", "provider_cost", "profit",
                     "orders_without_cost"],
                    ["2031-03-14", "1", "3.50000", "1", "1.50000", "1.00000", "0.50000", "0"]]
    services = list(csv.reader(io.StringIO(reports_csv.render(made, "services"))))
    assert services[1][:2] == ["7", "'=HYPERLINK(\"x\")"]
    assert list(csv.reader(io.StringIO(reports_csv.render(made, "providers"))))[1][1] == "'@evil"
    statuses = list(csv.reader(io.StringIO(reports_csv.render(made, "statuses"))))
    assert ["processing", "1"] in statuses and len(statuses) == 1 + len(OrderStatus)
    assert reports_csv.filename(made, "days") == "report-days-2031-03-14-to-2031-03-14.csv"
