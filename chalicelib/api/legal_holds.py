"""Preservation holds and disclosure packages in the legal console (`/legal/holds...`,
`/legal/packages...`): legal staff only; support, admins and customers get 403. The register
(`/legal/requests...`) places holds and builds packages when it accepts a request; these routes
show them, extend a hold for a later request, and download a package. docs/legal.md.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from chalice.app import Blueprint

from chalicelib.api.contract import Reply, lazy
from chalicelib.api.http import Ctx, route
from chalicelib.domain.accounts import Role
from chalicelib.services import legal_disclosure, legal_holds

if TYPE_CHECKING:
    from chalicelib.api.schemas.legal_holds import (
        DownloadQuery,
        ExtendBody,
        HoldAnswer,
        PackageAnswer,
        PackageFileContent,
    )

bp = Blueprint(__name__)
LEGAL = [Role.LEGAL]
S = lazy("chalicelib.api.schemas.legal_holds")


@route(bp, "/legal/holds/{request_id}", roles=LEGAL, response=S.HoldAnswer)
def hold_detail(ctx: Ctx, request_id: str) -> HoldAnswer:
    """A request's preservation hold: categories, period, last day, extensions, the copy's digest."""
    from chalicelib.api.schemas import legal_holds as s

    return s.HoldAnswer(hold=s.HoldOut.of(legal_holds.get(request_id)))


@route(bp, "/legal/holds/{request_id}/extend", methods=["POST"], roles=LEGAL, body=S.ExtendBody,
       response=S.HoldAnswer, errors=[409])
def extend_hold(ctx: Ctx, request_id: str, body: ExtendBody) -> HoldAnswer:
    """Extend the hold for a later request: the new last day counts from today."""
    from chalicelib.api.schemas import legal_holds as s

    hold = legal_holds.extend(request_id, body.by_request_id, body.business_days, ctx.me.user_id)
    return s.HoldAnswer(hold=s.HoldOut.of(hold))


@route(bp, "/legal/packages/{package_id}", roles=LEGAL, response=S.PackageAnswer)
def package_detail(ctx: Ctx, package_id: str) -> PackageAnswer:
    """A disclosure package's record: request, categories, period, counts, each file's SHA-256."""
    from chalicelib.api.schemas import legal_holds as s

    return s.PackageAnswer(package=s.PackageOut.of(legal_disclosure.get(package_id)))


@route(bp, "/legal/packages/{package_id}/download", roles=LEGAL, query=S.DownloadQuery,
       response=S.PackageFileContent, errors=[409])
def download_package(ctx: Ctx, package_id: str, query: DownloadQuery) -> Reply[PackageFileContent]:
    """The package's JSON file or HTML report, its digest checked; every download is audited."""
    from chalicelib.api.schemas import legal_holds as s

    found = legal_disclosure.download(package_id, query.format, ctx.me.user_id)
    return Reply(s.PackageFileContent(filename=found.filename, content_type=found.content_type,
                                      sha256=hashlib.sha256(found.body).hexdigest(),
                                      content=found.body.decode("utf-8")),
                 headers={"Cache-Control": "no-store"})
