"""White-label settings (docs/api.md, "Brand"), public part: the brand every page reads at start
and its logo. The admins' form is api/brand_admin.py."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice.app import Blueprint, Response

from chalicelib.api.contract import Reply, lazy
from chalicelib.api.http import Ctx, route
from chalicelib.domain.errors import NotFound
from chalicelib.services import brand

if TYPE_CHECKING:
    from chalicelib.api.schemas.brand import BrandOut

bp = Blueprint(__name__)
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
