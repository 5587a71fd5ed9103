"""The staff report as CSV files, one table per file (`?table=`), for spreadsheets.

One table per file rather than sections in one file: a spreadsheet opens each as a plain grid
that sorts and sums, with no blank rows or second header to step around. Amounts are the
ledger's 5-place decimals (the page rounds to cents; a sum in a spreadsheet then matches the
ledger), a cost nobody knows is the word `unknown`, never 0. Names come from providers'
catalogs: a cell that a spreadsheet would run as a formula (=, +, -, @, tab, carriage return
first) is prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from decimal import Decimal

from chalicelib.domain.money import show
from chalicelib.domain.reports import Figures, Line, Report

TABLES = ("days", "providers", "services", "statuses")
UNKNOWN = "unknown"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _amount(value: Decimal | None) -> str:
    return UNKNOWN if value is None else show(value)


def _text(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _figures(figures: Figures) -> list[str]:
    return [str(figures.orders), _amount(figures.revenue), _amount(figures.cost), _amount(figures.profit),
            str(figures.unknown_cost)]


FIGURE_HEADERS = ["orders", "revenue", "provider_cost", "profit", "orders_without_cost"]


def _lines(kind: str, lines: Iterable[Line]) -> list[list[str]]:
    return [[f"{kind}_id", kind, *FIGURE_HEADERS],
            *([str(line.ident), _text(line.name), *_figures(line.figures)] for line in lines)]


def rows(report: Report, table: str) -> list[list[str]]:
    """The rows of one table, its header first."""
    if table == "days":
        return [["day", "top_ups", "top_up_amount", *FIGURE_HEADERS],
                *([day.day.isoformat(), str(day.top_ups), show(day.top_up_amount), *_figures(day.figures)]
                  for day in report.days)]
    if table == "providers":
        return _lines("provider", report.providers)
    if table == "services":
        return _lines("service", report.services)
    if table == "statuses":
        return [["status", "orders"], *([status.value, str(count)] for status, count in report.statuses.items())]
    raise ValueError(f"no table {table!r}")


def render(report: Report, table: str) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows(report, table))
    return out.getvalue()


def filename(report: Report, table: str) -> str:
    return f"report-{table}-{report.first.isoformat()}-to-{report.last.isoformat()}.csv"
