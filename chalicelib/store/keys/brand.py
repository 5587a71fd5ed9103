"""White-label settings: one item (services/brand.py) and the prefix its logos are stored under."""

from __future__ import annotations

from chalicelib.store.keys.base import Key
from chalicelib.store.keys.tickets import ATTACHMENT_PREFIX

# In the attachments bucket, beside the users' uploads (no user id is "brand"), so the purge of
# uploads never saved removes an abandoned logo too; read by the public logo route.
LOGO_PREFIX = f"{ATTACHMENT_PREFIX}/brand/"


def brand_settings() -> Key:
    return {"pk": "CONFIG#brand", "sk": "CONFIG"}
