"""The public policy pages' data: who the operator is, who receives personal data, the cookies."""

from __future__ import annotations

from chalice.app import Blueprint

from chalicelib.api.http import Ctx, Reply, route
from chalicelib.api.schemas.legal import LegalInfo

bp = Blueprint(__name__)


@route(bp, "/legal", response=LegalInfo)
def legal_info(ctx: Ctx) -> Reply[LegalInfo]:
    """The operator's name and addresses, the recipients of personal data and the cookie table."""
    return Reply(LegalInfo.current())
