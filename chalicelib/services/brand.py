"""White-label settings (docs/operations.md, "Brand"): the one stored item, or the defaults from
settings until an admin first saves; the logo upload and its public bytes; the mail sender and
signature every mail goes out with; the second factor's issuer name.

Reused for `catalog_cache_seconds` in a warm container (services/caches.py): a change reaches
every page, mail and provisioning URI within that time (in the saving container at once).
"""

from __future__ import annotations

import re
from dataclasses import replace
from email.utils import formataddr
from typing import Any

from chalicelib.adapters import attachments as bucket
from chalicelib.adapters import mail
from chalicelib.domain import brand as rules
from chalicelib.domain.audit_log import Action, SubjectKind, changed_fields
from chalicelib.domain.brand import Brand, Logo
from chalicelib.domain.errors import InvalidInput
from chalicelib.services import audit_log, caches, clock
from chalicelib.settings import get_settings
from chalicelib.store import brand as store
from chalicelib.store import uploads

_FILENAME = re.compile(r"^[^\x00-\x1f/\\]{1,120}$")


def defaults() -> Brand:
    """Today's constants: nothing changes until an admin saves."""
    s = get_settings()
    return Brand(name=s.totp_issuer, accent_color="#2f5bea", header_color="#ffffff", mail_from=s.mail_from,
                 support_email=s.support_email, privacy_email=s.privacy_email, legal_email=s.legal_email)


def current() -> Brand:
    """The saved brand, or the defaults (from settings as they are now) while none is saved."""
    cached = caches.brand.get("brand")
    if cached is None:
        cached = (store.get(),)  # a tuple: "nothing saved" is cached too
        caches.brand.put("brand", cached)
    return cached[0] or defaults()


def save(raw: dict[str, Any], admin_id: str) -> Brand:
    """Check every given field (and a newly uploaded logo) first, then store all at once: a refusal
    changes nothing. Audited with the values before and after."""
    before = store.get() or defaults()
    fields = {k: v for k, v in raw.items() if k not in ("logo_key", "remove_logo") and v is not None}
    after = rules.changed(before, fields)
    if raw.get("remove_logo"):
        after = replace(after, logo=None)
    elif raw.get("logo_key"):
        after = replace(after, logo=_uploaded_logo(raw["logo_key"]))
    store.put(after, clock.now().isoformat(), admin_id)
    caches.brand.clear()
    if before.logo and before.logo != after.logo:
        bucket.delete(get_settings().attachments_bucket, before.logo.key)  # replaced or removed: not kept
    old, new = changed_fields(before.changes(), after.changes())
    audit_log.record(Action.BRAND_CHANGED, SubjectKind.BRAND, "site", before=old, after=new, actor=admin_id)
    return after


def logo_upload_form(admin_id: str, filename: object, content_type: object, size: object) -> dict[str, Any]:
    """A presigned form to upload a logo (the ticket attachments' way); saved with `logo_key`."""
    kind = content_type.split(";")[0].strip().lower() if isinstance(content_type, str) else ""
    if kind not in rules.LOGO_TYPES:
        raise InvalidInput("The logo must be a PNG, SVG or WebP image.", fields={"content_type": "type"})
    if not isinstance(size, int) or isinstance(size, bool) or not 0 < size <= rules.LOGO_MAX_BYTES:
        raise InvalidInput(f"The logo must be at most {rules.LOGO_MAX_BYTES // 1024} KB.", fields={"size": "size"})
    name = filename.strip() if isinstance(filename, str) else ""
    if not _FILENAME.match(name):
        raise InvalidInput("Give the file's name (at most 120 characters).", fields={"filename": "invalid"})
    key = store.new_logo_key()
    settings = get_settings()
    uploads.claim(key, admin_id, clock.now())   # a logo never saved is purged like an unused attachment
    form = bucket.presigned_post(settings.attachments_bucket, key, kind, name, rules.LOGO_MAX_BYTES,
                                 settings.attachment_url_seconds)
    return {"key": key, "content_type": kind, "max_bytes": rules.LOGO_MAX_BYTES,
            "expires_in": settings.attachment_url_seconds, "upload": form}


def _uploaded_logo(raw_key: object) -> Logo:
    token = store.logo_token(raw_key)
    name = get_settings().attachments_bucket
    stored = bucket.head(name, raw_key) if token and isinstance(raw_key, str) else None
    if token is None or stored is None or not isinstance(raw_key, str):
        raise InvalidInput("The logo was not found: the upload did not finish or the link expired. Upload it again.",
                           fields={"logo_key": "not_uploaded"})
    data = bucket.read_start(name, raw_key, min(stored.size, rules.LOGO_MAX_BYTES + 1)) if stored.size else b""
    try:
        kind = rules.check_logo(stored.content_type, stored.size, data)
    except InvalidInput:
        bucket.delete(name, raw_key)
        raise
    uploads.take(raw_key)   # kept: the purge of unattached uploads leaves it
    return Logo(raw_key, kind, token[:12])


def logo() -> tuple[bytes, str] | None:
    """The current logo's bytes and type, or None when there is none."""
    brand = current()
    if brand.logo is None:
        return None
    cached = caches.brand.get(("logo", brand.logo.key))
    if cached is None:
        stored = bucket.head(get_settings().attachments_bucket, brand.logo.key)
        if stored is None:
            return None
        cached = (bucket.read_start(get_settings().attachments_bucket, brand.logo.key, stored.size),
                  brand.logo.content_type)
        caches.brand.put(("logo", brand.logo.key), cached)
    return cached  # type: ignore[no-any-return]


def send_mail(to: str, subject: str, text: str) -> None:
    """Send one mail from the brand's sender, signed with its name and support address."""
    brand = current()
    signed = f"{text.rstrip()}\n\n-- \n{brand.name}\n{brand.support_email}\n"
    mail.send(to, subject, signed, sender=formataddr((brand.name, brand.mail_from)))


def totp_issuer() -> str:
    """The issuer authenticator apps show next to the code: the panel's name."""
    return current().name
