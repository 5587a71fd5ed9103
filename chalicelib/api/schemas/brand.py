"""White-label settings: the public view every page reads and the admins' form. Named lazily by
api/brand.py."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from chalicelib.api.contract import Body, TextDocument
from chalicelib.api.schemas.common import Out
from chalicelib.api.schemas.tickets import UploadForm
from chalicelib.domain.brand import Brand


class BrandOut(Out):
    """What every page shows: name, colours, logo and the addresses people write to."""

    name: str
    accent_color: str = Field(description="#rrggbb; links and buttons (white text on it).")
    header_color: str = Field(description="#rrggbb; the top bar's background.")
    header_text_color: str = Field(description="#000000 or #ffffff, whichever reads on the header colour.")
    logo_url: str | None = Field(description="The logo (GET /api/brand/logo?v=...), or null when there is none.")
    support_email: str
    privacy_email: str
    legal_email: str

    @classmethod
    def of(cls, brand: Brand) -> BrandOut:
        return cls(**brand.public(), logo_url=f"/api/brand/logo?v={brand.logo.version}" if brand.logo else None)


class AdminBrandOut(BrandOut):
    mail_from: str = Field(description="The address mails are sent from (with the name as sender name).")

    @classmethod
    def of(cls, brand: Brand) -> AdminBrandOut:
        return cls(**BrandOut.of(brand).model_dump(), mail_from=brand.mail_from)


class AdminBrandAnswer(Out):
    brand: AdminBrandOut


class BrandBody(Body):
    """Only the fields given change; each is checked and a refusal changes nothing."""

    name: str | None = Field(default=None, max_length=200)
    accent_color: str | None = Field(default=None, max_length=20)
    header_color: str | None = Field(default=None, max_length=20)
    mail_from: str | None = Field(default=None, max_length=254)
    support_email: str | None = Field(default=None, max_length=254)
    privacy_email: str | None = Field(default=None, max_length=254)
    legal_email: str | None = Field(default=None, max_length=254)
    logo_key: str | None = Field(default=None, max_length=200,
                                 description="The key of a logo uploaded with POST /api/admin/brand/logo.")
    remove_logo: bool = False


class LogoUploadBody(Body):
    filename: str = Field(max_length=200)
    content_type: str = Field(max_length=100, description="image/png, image/svg+xml or image/webp.")
    size: int = Field(description="In bytes; at most 200 KB.")


class LogoUpload(Out):
    key: str
    content_type: str
    max_bytes: int
    expires_in: int
    upload: UploadForm


class LogoUploadAnswer(Out):
    logo: LogoUpload


class PngLogo(TextDocument):
    media_type: ClassVar[str] = "image/png"


class SvgLogo(TextDocument):
    media_type: ClassVar[str] = "image/svg+xml"


class WebpLogo(TextDocument):
    media_type: ClassVar[str] = "image/webp"
