"""Staff reports (admins only): money, costs and profit per day, provider and service, as
JSON for the page and as CSV files. The models are named lazily, like the staff console's."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice.app import Blueprint

from chalicelib.api.contract import Reply, lazy
from chalicelib.api.http import Ctx, route
from chalicelib.domain.accounts import Role
from chalicelib.services import reports

if TYPE_CHECKING:
    from chalicelib.api.schemas.reports import ReportCsv, ReportCsvQuery, ReportQuery, StaffReport

bp = Blueprint(__name__)
ADMIN = [Role.ADMIN]
R = lazy("chalicelib.api.schemas.reports")


@route(bp, "/admin/reports", roles=ADMIN, query=R.ReportQuery, response=R.StaffReport)
def report(ctx: Ctx, query: ReportQuery) -> StaffReport:
    """`?from=YYYY-MM-DD&to=YYYY-MM-DD` (at most 92 days): per day, provider, service and status."""
    from chalicelib.api.schemas import reports as s

    return s.StaffReport.of(reports.report(query.date_from, query.date_to))


@route(bp, "/admin/reports.csv", roles=ADMIN, query=R.ReportCsvQuery, response=R.ReportCsv)
def report_csv(ctx: Ctx, query: ReportCsvQuery) -> Reply[ReportCsv]:
    """The same report as CSV, one table per file: `&table=days|providers|services|statuses`."""
    from chalicelib.api.schemas import reports as s

    name, text = reports.csv_table(query.date_from, query.date_to, query.table)
    return Reply(s.ReportCsv(text=text, filename=name), headers={"Cache-Control": "no-store"})
