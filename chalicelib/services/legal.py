"""What the public policy pages need from the server: the operator's name and addresses (from
settings, so a white-label operator publishes the pages as they are), the recipients of personal
data (`chalicelib/recipients.json`, P9), the cookie table (`chalicelib/cookie_registry.json`,
C8) and the retention periods the settings give."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from chalicelib.settings import get_settings

PACKAGE = Path(__file__).resolve().parents[1]
RECIPIENTS_FILE = PACKAGE / "recipients.json"
COOKIE_REGISTRY_FILE = PACKAGE / "cookie_registry.json"


@dataclass(frozen=True)
class Recipient:
    name: str
    role: str
    purpose: str
    receives: tuple[str, ...]
    when: str
    basis: str


@dataclass(frozen=True)
class Cookie:
    name: str
    provider: str
    purpose: str
    category: str
    expiry: str
    party: str


@lru_cache(maxsize=1)
def recipients() -> tuple[Recipient, ...]:
    """Every recipient of personal data, from the one list in the repository."""
    data = json.loads(RECIPIENTS_FILE.read_text(encoding="utf-8"))
    return tuple(Recipient(r["name"], r["role"], r["purpose"], tuple(r["receives"]), r["when"], r["basis"])
                 for r in data["recipients"])


def _text(entry: dict[str, Any], *names: str) -> str:
    for name in names:
        if entry.get(name) not in (None, ""):
            return str(entry[name])
    return ""


def _party(entry: dict[str, Any]) -> str:
    if isinstance(entry.get("first_party"), bool):
        return "first" if entry["first_party"] else "third"
    return _text(entry, "party").removesuffix("-party").removesuffix(" party") or "first"


# What the site itself sets before the cookie registry exists: only strictly necessary storage.
_FALLBACK_COOKIES = (
    Cookie("__Host-session (session on the local stack)", "this site", "Keeps you signed in; HttpOnly, "
           "not readable by scripts.", "necessary", "14 days at most; ends when you sign out", "first"),
)


@lru_cache(maxsize=1)
def cookies() -> tuple[Cookie, ...]:
    """The cookie table of the cookie policy, from the cookie registry the banner also renders."""
    if not COOKIE_REGISTRY_FILE.exists():
        return _FALLBACK_COOKIES
    data = json.loads(COOKIE_REGISTRY_FILE.read_text(encoding="utf-8"))
    entries = data if isinstance(data, list) else data.get("cookies") or data.get("entries") or []
    return tuple(Cookie(_text(e, "name", "pattern"), _text(e, "provider"), _text(e, "purpose", "description"),
                        _text(e, "category"), _text(e, "expiry", "duration", "expires"), _party(e))
                 for e in entries if isinstance(e, dict))


@dataclass(frozen=True)
class Operator:
    company_name: str
    company_address: str
    privacy_email: str
    legal_email: str
    support_email: str
    site_url: str


def operator() -> Operator:
    from chalicelib.services import brand  # the addresses are white-label settings

    s, b = get_settings(), brand.current()
    return Operator(s.company_name, s.company_address, b.privacy_email, b.legal_email, b.support_email, s.site_url)


@dataclass(frozen=True)
class Periods:
    login_ip_business_days: int
    ticket_text_days: int


def periods() -> Periods:
    s = get_settings()
    return Periods(s.login_ip_retention_business_days, s.ticket_text_retention_days)
