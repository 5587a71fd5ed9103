"""The catalog console (admins): preview a provider's services, sync now, change reports."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice.app import Blueprint

from chalicelib.api.contract import lazy
from chalicelib.api.http import Ctx, route
from chalicelib.api.params import path_id
from chalicelib.domain.accounts import Role
from chalicelib.services import catalog

if TYPE_CHECKING:
    from chalicelib.api.schemas.catalog import Acked, ChangeReportList, SyncAnswer, UpstreamList

bp = Blueprint(__name__)
ADMIN = [Role.ADMIN]
C = lazy("chalicelib.api.schemas.catalog")


@route(bp, "/admin/providers/{provider_id}/services", roles=ADMIN, response=C.UpstreamList)
def upstream_services(ctx: Ctx, provider_id: str) -> UpstreamList:
    """The provider's services as it offers them now, each with whether it is imported (before an import)."""
    from chalicelib.api.schemas import catalog as s

    found, skipped = catalog.upstream_services(path_id(provider_id, "provider"))
    return s.UpstreamList(services=[s.UpstreamServiceOut.of(up) for up in found], skipped=skipped)


@route(bp, "/admin/providers/{provider_id}/sync", methods=["POST"], roles=ADMIN, response=C.SyncAnswer)
def sync_provider(ctx: Ctx, provider_id: str) -> SyncAnswer:
    """Bring our copies of the provider's services up to date now; what changed is reported."""
    from chalicelib.api.schemas import catalog as s

    return s.SyncAnswer(changes=len(catalog.sync_one(path_id(provider_id, "provider"))))


@route(bp, "/admin/catalog/changes", roles=ADMIN, response=C.ChangeReportList)
def change_reports(ctx: Ctx) -> ChangeReportList:
    """Change reports of imports and syncs staff have not acknowledged, oldest first."""
    from chalicelib.api.schemas import catalog as s

    return s.ChangeReportList(reports=[s.ChangeReportOut.of(r) for r in catalog.open_change_reports()])


@route(bp, "/admin/catalog/changes/{report_id}/ack", methods=["POST"], roles=ADMIN, response=C.Acked)
def acknowledge(ctx: Ctx, report_id: str) -> Acked:
    """Staff have read a change report: it leaves the list (audited)."""
    from chalicelib.api.schemas import catalog as s

    catalog.acknowledge_changes(path_id(report_id, "change report"), ctx.me.user_id)
    return s.Acked(ok=True)
