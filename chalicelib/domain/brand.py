"""White-label settings as pure rules: the panel's name, colours, mail sender, the support,
privacy and legal addresses and its logo (docs/operations.md, "Brand").

Every rule refuses with a clear message naming the field; nothing here reads settings or
storage (services/brand.py fills in the defaults and keeps the one stored item).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from chalicelib.domain.errors import InvalidInput

NAME_MAX = 60
LOGO_MAX_BYTES = 200 * 1024
LOGO_TYPES = ("image/png", "image/svg+xml", "image/webp")
# WCAG AA for normal text: the ratio pages keep between a colour and the text on or around it.
MIN_CONTRAST = 4.5
# The header's text (the name and the menu, black or white) must reach WCAG AAA: every colour
# reaches 4.5:1 with one of the two, so only this refuses the mid tones where neither reads well.
MIN_HEADER_CONTRAST = 7.0
EMAIL_FIELDS = ("mail_from", "support_email", "privacy_email", "legal_email")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
# Anything in an SVG that can run code or fetch from elsewhere.
_SVG_ACTIVE = re.compile(rb"<\s*script|<\s*foreignobject|\bon[a-z]+\s*=|javascript:|<!entity|<!doctype|"
                         rb"href\s*=\s*[\"']?(?![#\"'])|<\s*(?:iframe|embed|object)\b|"
                         rb"url\s*\(\s*[\"']?(?![#\"'])", re.IGNORECASE)


@dataclass(frozen=True)
class Logo:
    key: str            # where the bytes are in the attachments bucket
    content_type: str
    version: str        # changes with every new logo, so browsers fetch the new one


@dataclass(frozen=True)
class Brand:
    name: str
    accent_color: str   # links and buttons (white text on it, it on white pages)
    header_color: str   # the top bar's background (its text is black or white, whichever reads)
    mail_from: str
    support_email: str
    privacy_email: str
    legal_email: str
    logo: Logo | None = None

    def public(self) -> dict[str, Any]:
        return {"name": self.name, "accent_color": self.accent_color, "header_color": self.header_color,
                "header_text_color": text_colour_on(self.header_color), "support_email": self.support_email,
                "privacy_email": self.privacy_email, "legal_email": self.legal_email}

    def changes(self) -> dict[str, Any]:
        """What an audit record shows of it (the logo by version)."""
        return {**self.public(), "mail_from": self.mail_from, "logo": self.logo.version if self.logo else None}


def _luminance(colour: str) -> float:
    def channel(hex2: str) -> float:
        c = int(hex2, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(colour[i:i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two #rrggbb colours (1 to 21)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_colour_on(background: str) -> str:
    """Black or white: whichever reads better on `background`."""
    return "#000000" if contrast(background, "#000000") >= contrast(background, "#ffffff") else "#ffffff"


def check_name(raw: object) -> str:
    name = " ".join(raw.split()) if isinstance(raw, str) else ""
    if not 1 <= len(name) <= NAME_MAX or any(ord(ch) < 32 for ch in name):
        raise InvalidInput(f"The name must be 1 to {NAME_MAX} characters.", fields={"name": "invalid"})
    return name


def check_colour(field: str, raw: object) -> str:
    if not isinstance(raw, str) or not _COLOUR.match(raw.strip()):
        raise InvalidInput(f"{_label(field)} must be a colour like #2f5bea.", fields={field: "invalid"})
    colour = raw.strip().lower()
    if field == "accent_color":
        ratio = contrast(colour, "#ffffff")
        if ratio < MIN_CONTRAST:
            raise InvalidInput(f"The accent colour {colour} is too light: white text on it has a contrast of "
                               f"{ratio:.1f}:1, at least {MIN_CONTRAST}:1 is needed. Choose a darker colour.",
                               fields={field: "low_contrast"})
    else:
        ratio = max(contrast(colour, "#ffffff"), contrast(colour, "#000000"))
        if ratio < MIN_HEADER_CONTRAST:
            raise InvalidInput(f"The header colour {colour} gives neither black nor white text a contrast of "
                               f"{MIN_HEADER_CONTRAST:g}:1 (at most {ratio:.1f}:1). Choose a lighter or darker colour.",
                               fields={field: "low_contrast"})
    return colour


def check_email(field: str, raw: object) -> str:
    from email_validator import EmailNotValidError, validate_email  # on use: only saving needs it

    text = raw.strip() if isinstance(raw, str) else ""
    try:
        if not text or len(text) > 254:
            raise EmailNotValidError("it is empty or too long")
        return str(validate_email(text, check_deliverability=False).normalized)
    except EmailNotValidError as exc:
        raise InvalidInput(f"{_label(field)} is not a valid e-mail address: {exc}", fields={field: "invalid"}) from exc


def _label(field: str) -> str:
    return {"accent_color": "The accent colour", "header_color": "The header colour",
            "mail_from": "The mail sender", "support_email": "The support address",
            "privacy_email": "The privacy address", "legal_email": "The legal address"}.get(field, field)


FIELDS = ("name", "accent_color", "header_color", *EMAIL_FIELDS)


def changed(current: Brand, raw: dict[str, Any]) -> Brand:
    """`current` with the fields given in `raw` checked and set; an unknown field is refused."""
    unknown = sorted(set(raw) - set(FIELDS))
    if unknown:
        raise InvalidInput(f"Unknown field: {unknown[0]}.", fields={unknown[0]: "unknown"})
    values: dict[str, Any] = {}
    for field, value in raw.items():
        if field == "name":
            values[field] = check_name(value)
        elif field in ("accent_color", "header_color"):
            values[field] = check_colour(field, value)
        else:
            values[field] = check_email(field, value)
    return replace(current, **values)


def check_logo(content_type: str, size: int, data: bytes) -> str:
    """The logo's type when it is an allowed image no larger than LOGO_MAX_BYTES whose bytes match
    its type; an SVG that can run scripts or load anything from elsewhere is refused."""
    kind = content_type.split(";")[0].strip().lower()
    if kind not in LOGO_TYPES:
        raise InvalidInput("The logo must be a PNG, SVG or WebP image.", fields={"logo": "type"})
    if not 0 < size <= LOGO_MAX_BYTES:
        raise InvalidInput(f"The logo must be at most {LOGO_MAX_BYTES // 1024} KB.", fields={"logo": "size"})
    if kind == "image/png" and not data.startswith(b"\x89PNG\r\n\x1a\n"):
        raise InvalidInput("The file is not a PNG image.", fields={"logo": "type"})
    if kind == "image/webp" and not (data[:4] == b"RIFF" and data[8:12] == b"WEBP"):
        raise InvalidInput("The file is not a WebP image.", fields={"logo": "type"})
    if kind == "image/svg+xml":
        if b"<svg" not in data[:4096].lower():
            raise InvalidInput("The file is not an SVG image.", fields={"logo": "type"})
        if _SVG_ACTIVE.search(data):
            raise InvalidInput("The SVG logo contains scripts, event handlers or links to other files; "
                               "export it as a plain drawing (or as PNG).", fields={"logo": "unsafe"})
    return kind
