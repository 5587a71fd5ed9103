"""The staff audit log, read-only, for admins: by month (newest first) or by subject.

There is deliberately no route that changes or deletes a record.
"""

from __future__ import annotations

from chalice.app import Blueprint

from chalicelib.api.http import Ctx, route
from chalicelib.api.schemas.audit import AuditPage, AuditQuery, AuditRecordOut
from chalicelib.domain.accounts import Role
from chalicelib.services import audit_log, clock

bp = Blueprint(__name__)


@route(bp, "/admin/audit", roles=[Role.ADMIN], query=AuditQuery, response=AuditPage)
def audit_records(ctx: Ctx, query: AuditQuery) -> AuditPage:
    """`?month=YYYY-MM` (default: this month) or `?subject=user:<id>`, with `limit` and `cursor`."""
    if query.subject:
        records, next_cursor = audit_log.subject_page(query.subject, query.limit, query.cursor)
    else:
        month = query.month or clock.now().strftime("%Y-%m")
        records, next_cursor = audit_log.month_page(month, query.limit, query.cursor)
    return AuditPage(records=[AuditRecordOut.of(r) for r in records], next_cursor=next_cursor)
