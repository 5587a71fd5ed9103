"""The cookie registry as the site serves it, and consent proof (C8, C9).

A consent choice is recorded append-only with what proves it and nothing more: the banner's
consent id, time, accepted and rejected categories, the registry revision it answered, the
action, the signed-in user if any, an HMAC of the client IP under a secret key (the same IP
gives the same hash, so records from one address can be matched in a dispute, but the IP
cannot be read back) and the user agent family.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from collections.abc import Collection
from functools import lru_cache
from pathlib import Path

from chalicelib import secret_names
from chalicelib.adapters import secret_store
from chalicelib.domain import consent as rules
from chalicelib.domain.consent import ConsentRecord
from chalicelib.domain.cookie_registry import Registry, parse
from chalicelib.services import clock, limits
from chalicelib.settings import get_settings
from chalicelib.store import consent as records

REGISTRY_FILE = Path(__file__).resolve().parent.parent / "cookie_registry.json"


@lru_cache(maxsize=1)
def registry() -> Registry:
    """The registry file, parsed and checked once per process."""
    return parse(json.loads(REGISTRY_FILE.read_text(encoding="utf-8")))


def record_choice(consent_id: str, action: str, accepted: Collection[str], rejected: Collection[str],
                  revision: int, *, ip: str, user_agent: str, user_id: str | None) -> ConsentRecord:
    """Check and append one choice; throttled per client IP and per consent id. A refused
    choice (bad input, too many) stores nothing."""
    settings = get_settings()
    choice = rules.choice(consent_id, action, accepted, rejected, revision, registry().revision)
    limits.take("cookie choices", limits.per_ip("consent", ip, settings.consent_posts_per_ip),
                limits.per_subject("consent-id", choice.consent_id, settings.consent_posts_per_id))
    record = ConsentRecord(
        consent_id=choice.consent_id, at=clock.now(), action=choice.action, accepted=choice.accepted,
        rejected=choice.rejected, revision=choice.revision, user_id=user_id, ip_hash=ip_hash(ip),
        user_agent_family=rules.user_agent_family(user_agent),
    )
    records.append(record)
    return record


def records_of(consent_id: str) -> list[ConsentRecord]:
    """A consent id's records, oldest first."""
    return records.of_consent_id(consent_id)


def records_of_user(user_id: str) -> list[ConsentRecord]:
    """The choices a user made while signed in, oldest first (for their data export)."""
    return records.of_user(user_id)


def ip_hash(ip: str) -> str:
    return hmac.new(_ip_hash_key(), ip.encode("utf-8"), hashlib.sha256).hexdigest()


def _ip_hash_key() -> bytes:
    """The HMAC key from the secret store, made on first use in every stage. Creation is
    atomic (the first key stays), so every container hashes an address the same way."""
    encoded = secret_store.get_or_create(
        secret_names.CONSENT_IP_HASH_KEY, lambda: base64.b64encode(secrets.token_bytes(32)).decode("ascii"))
    return base64.b64decode(encoded)
