"""The staff reports (admins): what the service reads for a date range, and the report the
pure rules (domain/reports.py) make of it.

Every read is bounded by the range (at most domain/reports.MAX_DAYS days, so at most four
months): orders through the orders-by-month index (GSI3, store/orders.placed_between), top-ups
through the top-ups-by-month listing (GSI2 `TOPUPS#<month>`), tickets through the ticket month
index the SLA breach count reads (services/tickets/breaches), provider names from the catalog.
"""

from __future__ import annotations

from datetime import date

from chalicelib.domain import reports, reports_csv
from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.payments import TopUp
from chalicelib.observability import logger
from chalicelib.services.tickets import breaches
from chalicelib.store import catalog
from chalicelib.store import orders as order_store
from chalicelib.store import payments as payment_store


def index_old_orders() -> int:
    """A one-off operator task (`panel reports index-orders`): orders placed before the
    orders-by-month index existed join it, so the reports see them (their cost stays unknown)."""
    indexed = order_store.index_by_month()
    logger.info("orders indexed by month", extra={"indexed": indexed})
    return indexed


def _months(first: date, last: date) -> list[str]:
    months, month = [], date(first.year, first.month, 1)
    while month <= last:
        months.append(month.strftime("%Y-%m"))
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return months


def report(first: date | None, last: date | None) -> reports.Report:
    """The report of `first`..`last` (both inclusive, both required, at most MAX_DAYS days)."""
    first, last = reports.checked_range(first, last)
    top_ups: list[TopUp] = [t for month in _months(first, last) for t in payment_store.all_in_month(month)]
    names = {provider.provider_id: provider.name for provider in catalog.providers()}
    return reports.build(first, last, order_store.placed_between(first, last), top_ups, names,
                         breaches.opened_between(first, last))


def csv_table(first: date | None, last: date | None, table: str | None) -> tuple[str, str]:
    """One table of the report as CSV (`days` unless asked): its file name and its text."""
    chosen = table or "days"
    if chosen not in reports_csv.TABLES:
        raise InvalidInput(f"'table' must be one of {', '.join(reports_csv.TABLES)}.", fields={"table": "invalid"})
    made = report(first, last)
    return reports_csv.filename(made, chosen), reports_csv.render(made, chosen)
