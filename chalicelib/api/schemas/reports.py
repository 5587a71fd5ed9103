"""The staff reports' models: the query (`?from=&to=`, `&table=` for a CSV) and the report.

Amounts are the ledger's 5-place decimal text; a cost or profit nobody knows (orders sent
before costs were recorded) is null, never "0.00000", and `orders_without_cost` says how many
orders made it so.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from pydantic import Field, field_validator

from chalicelib.api import params
from chalicelib.api.contract import Query, TextDocument
from chalicelib.api.schemas.common import Money, Out
from chalicelib.domain import reports
from chalicelib.domain.money import show


class ReportQuery(Query):
    """`?from=YYYY-MM-DD&to=YYYY-MM-DD` (both required, inclusive, at most 92 days)."""

    date_from: date | None = Field(default=None, alias="from", description="Required: the first day, YYYY-MM-DD.")
    date_to: date | None = Field(default=None, alias="to", description="Required: the last day, YYYY-MM-DD.")

    @field_validator("date_from", "date_to", mode="before")
    @classmethod
    def _date(cls, value: object, info: Any) -> date | None:
        return params.day(None if value is None else str(value), "from" if info.field_name == "date_from" else "to")


class ReportCsvQuery(ReportQuery):
    """The same range, and which table: `days` (default), `providers`, `services` or `statuses`."""

    table: str | None = Field(default=None, description="days (default), providers, services or statuses.")


def _money(value: Any) -> str | None:
    return None if value is None else show(value)


class FiguresOut(Out):
    """Orders placed, their revenue (charges less refunds), what their providers are owed, the
    profit; `provider_cost` and `profit` are null (unknown) when any order's cost is unknown."""

    orders: int
    revenue: Money
    provider_cost: Money | None
    profit: Money | None
    orders_without_cost: int

    @staticmethod
    def fields_of(figures: reports.Figures) -> dict[str, Any]:
        return {"orders": figures.orders, "revenue": show(figures.revenue), "provider_cost": _money(figures.cost),
                "profit": _money(figures.profit), "orders_without_cost": figures.unknown_cost}

    @classmethod
    def of(cls, figures: reports.Figures) -> FiguresOut:
        return cls(**cls.fields_of(figures))


class ReportDayOut(FiguresOut):
    """One UTC day: the top-ups credited, and the orders placed that day."""

    day: str = Field(examples=["2026-11-30"])
    top_ups: int
    top_up_amount: Money

    @classmethod
    def of_day(cls, day: reports.Day) -> ReportDayOut:
        return cls(day=day.day.isoformat(), top_ups=day.top_ups, top_up_amount=show(day.top_up_amount),
                   **FiguresOut.fields_of(day.figures))


class ReportLineOut(FiguresOut):
    """One provider's or service's orders over the range."""

    id: int
    name: str

    @classmethod
    def of_line(cls, line: reports.Line) -> ReportLineOut:
        return cls(id=line.ident, name=line.name, **FiguresOut.fields_of(line.figures))


class StatusCountOut(Out):
    status: str
    orders: int


class StaffReport(Out):
    """The report of a range: per day, totals, per provider and per service (most revenue
    first), orders by status, tickets opened and their first-response breaches."""

    date_from: str = Field(alias="from")
    date_to: str = Field(alias="to")
    days: list[ReportDayOut]
    totals: FiguresOut
    top_ups: int
    top_up_amount: Money
    providers: list[ReportLineOut]
    services: list[ReportLineOut]
    statuses: list[StatusCountOut]
    tickets_opened: int
    first_response_breaches: int

    @classmethod
    def of(cls, report: reports.Report) -> StaffReport:
        return cls(date_from=report.first.isoformat(), date_to=report.last.isoformat(),
                   days=[ReportDayOut.of_day(day) for day in report.days], totals=FiguresOut.of(report.totals),
                   top_ups=report.top_ups, top_up_amount=show(report.top_up_amount),
                   providers=[ReportLineOut.of_line(line) for line in report.providers],
                   services=[ReportLineOut.of_line(line) for line in report.services],
                   statuses=[StatusCountOut(status=status.value, orders=count)
                             for status, count in report.statuses.items()],
                   tickets_opened=report.tickets.opened,
                   first_response_breaches=report.tickets.first_response_breaches)


class ReportCsv(TextDocument):
    """One table of the report as CSV (text/csv), downloaded as a file."""

    media_type: ClassVar[str] = "text/csv"
