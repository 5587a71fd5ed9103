"""The staff audit log, read-only, for admins: by month (newest first) or by subject.

There is deliberately no route that changes or deletes a record.
"""

from __future__ import annotations

from chalice.app import Blueprint, Response

from chalicelib.api import params
from chalicelib.api.http import Ctx, route
from chalicelib.domain.accounts import Role
from chalicelib.domain.errors import InvalidInput
from chalicelib.services import audit_log, clock

bp = Blueprint(__name__)


@route(bp, "/admin/audit", roles=[Role.ADMIN])
def audit_records(ctx: Ctx) -> Response:
    """`?month=YYYY-MM` (default: this month) or `?subject=user:<id>`, with `limit` and `cursor`."""
    subject, month = ctx.query("subject"), ctx.query("month")
    if subject and month:
        raise InvalidInput("Ask for a month or a subject, not both.")
    limit, cursor = ctx.page()
    if subject:
        records, next_cursor = audit_log.subject_page(subject, limit, cursor)
    else:
        chosen = params.month(month) if month else clock.now().strftime("%Y-%m")
        records, next_cursor = audit_log.month_page(chosen, limit, cursor)
    return Response(body={"records": [r.view() for r in records], "next_cursor": next_cursor})
