"""White-label settings (docs/api.md, "Brand"): the public brand every page reads at start, its
logo, and the admins' form (audited in services/brand.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice.app import Blueprint, Response

from chalicelib.api.contract import Reply, lazy
from chalicelib.api.http import Ctx, route
from chalicelib.domain.accounts import Role
from chalicelib.domain.errors import NotFound
from chalicelib.services import brand

if TYPE_CHECKING:
    from chalicelib.api.schemas.brand import AdminBrandAnswer, BrandBody, BrandOut, LogoUploadAnswer, LogoUploadBody

bp = Blueprint(__name__)
ADMIN = [Role.ADMIN]
S = lazy("chalicelib.api.schemas.brand")
BROWSER_SECONDS = 60


@route(bp, "/brand", response=S.BrandOut)
def public_brand(ctx: Ctx) -> Reply[BrandOut]:
    """The panel's name, colours, logo address and contact addresses (public; pages read it once)."""
    from chalicelib.api.schemas.brand import BrandOut

    return Reply(BrandOut.of(brand.current()), headers={"Cache-Control": f"public, max-age={BROWSER_SECONDS}"})


@route(bp, "/brand/logo", response=(S.PngLogo, S.SvgLogo, S.WebpLogo), errors=[404])
def logo(ctx: Ctx) -> Response:
    """The current logo (public). An SVG is served with a policy that lets it run nothing."""
    found = brand.logo()
    if found is None:
        raise NotFound("There is no logo.")
    data, kind = found
    headers: dict[str, str | list[str]] = {"Content-Type": kind, "Cache-Control": "public, max-age=86400",
               "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox"}
    return Response(body=data.decode("utf-8") if kind == "image/svg+xml" else data, status_code=200, headers=headers)


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
