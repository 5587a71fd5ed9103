"""The one white-label settings item (keys.brand_settings); absent until an admin first saves."""

from __future__ import annotations

import re
import secrets

from chalicelib.domain.brand import Brand, Logo
from chalicelib.store import dynamo, keys


def get() -> Brand | None:
    item = dynamo.get(keys.brand_settings())
    if item is None:
        return None
    logo = (Logo(item["logo_key"], item["logo_type"], item["logo_version"]) if item.get("logo_key") else None)
    return Brand(name=item["name"], accent_color=item["accent_color"], header_color=item["header_color"],
                 mail_from=item["mail_from"], support_email=item["support_email"],
                 privacy_email=item["privacy_email"], legal_email=item["legal_email"], logo=logo)


def put(brand: Brand, changed_at: str, changed_by: str) -> None:
    logo = ({"logo_key": brand.logo.key, "logo_type": brand.logo.content_type, "logo_version": brand.logo.version}
            if brand.logo else {})
    dynamo.put({**keys.brand_settings(), "type": "brand", "name": brand.name, "accent_color": brand.accent_color,
                "header_color": brand.header_color, "mail_from": brand.mail_from,
                "support_email": brand.support_email, "privacy_email": brand.privacy_email,
                "legal_email": brand.legal_email, **logo, "changed_at": changed_at, "changed_by": changed_by})


_LOGO_KEY = re.compile(rf"^{re.escape(keys.LOGO_PREFIX)}([0-9a-f]{{32}})$")


def new_logo_key() -> str:
    """A fresh object key for an uploaded logo, in the attachments bucket."""
    return f"{keys.LOGO_PREFIX}{secrets.token_hex(16)}"


def logo_token(key: object) -> str | None:
    """The random part of a logo key made by `new_logo_key`, or None for any other text."""
    found = _LOGO_KEY.match(key) if isinstance(key, str) else None
    return found.group(1) if found else None
