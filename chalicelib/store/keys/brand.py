"""White-label settings: one item (services/brand.py) and the prefix its logos are stored under."""

from __future__ import annotations

from chalicelib.store.keys.base import Key

LOGO_PREFIX = "brand/logo/"   # in the attachments bucket; read by the public logo route


def brand_settings() -> Key:
    return {"pk": "CONFIG#brand", "sk": "CONFIG"}
