"""White-label settings in the console (admins only; docs/api.md, "Brand"): read, change, and a
form to upload a logo. Every change is audited with the acting admin (services/brand.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice.app import Blueprint

from chalicelib.api.contract import lazy
from chalicelib.api.http import Ctx, route
from chalicelib.domain.accounts import Role
from chalicelib.services import brand

if TYPE_CHECKING:
    from chalicelib.api.schemas.brand import AdminBrandAnswer, BrandBody, LogoUploadAnswer, LogoUploadBody

bp = Blueprint(__name__)
ADMIN = [Role.ADMIN]
S = lazy("chalicelib.api.schemas.brand")


@route(bp, "/admin/brand", roles=ADMIN, response=S.AdminBrandAnswer)
def admin_brand(ctx: Ctx) -> AdminBrandAnswer:
    """The white-label settings with the mail sender (admins)."""
    from chalicelib.api.schemas import brand as s

    return s.AdminBrandAnswer(brand=s.AdminBrandOut.of(brand.current()))


@route(bp, "/admin/brand", methods=["PUT"], roles=ADMIN, body=S.BrandBody, response=S.AdminBrandAnswer)
def save_brand(ctx: Ctx, body: BrandBody) -> AdminBrandAnswer:
    """Change the given fields (and the logo); every field is checked first and a refusal changes nothing."""
    from chalicelib.api.schemas import brand as s

    saved = brand.save(body.model_dump(exclude_unset=True), ctx.me.user_id)
    return s.AdminBrandAnswer(brand=s.AdminBrandOut.of(saved))


@route(bp, "/admin/brand/logo", methods=["POST"], roles=ADMIN, body=S.LogoUploadBody, response=S.LogoUploadAnswer)
def logo_upload(ctx: Ctx, body: LogoUploadBody) -> LogoUploadAnswer:
    """A presigned form to upload a logo (PNG, SVG or WebP, at most 200 KB); then save with its key."""
    from chalicelib.api.schemas import brand as s

    form = brand.logo_upload_form(ctx.me.user_id, body.filename, body.content_type, body.size)
    return s.LogoUploadAnswer(logo=s.LogoUpload.model_validate(form))
