"""Reseller API keys: shown once, stored as a hash; optional IP allowlist and limits."""

from __future__ import annotations

import ipaddress
import secrets
import threading
from dataclasses import dataclass, field
from datetime import datetime

from chalicelib.domain.errors import InvalidInput

KEY_BYTES = 20  # 40 hex characters, the shape panel tools expect
MAX_ALLOWED_IPS = 20


def new_key() -> str:
    return secrets.token_hex(KEY_BYTES)


def looks_like_a_key(text: str) -> bool:
    return len(text) == KEY_BYTES * 2 and all(c in "0123456789abcdef" for c in text)


def parse_allowlist(entries: list[str]) -> tuple[str, ...]:
    """IP addresses or networks (CIDR); an empty list allows any address."""
    if len(entries) > MAX_ALLOWED_IPS:
        raise InvalidInput(f"At most {MAX_ALLOWED_IPS} addresses or networks per key.")
    parsed = []
    for entry in entries:
        try:
            parsed.append(str(ipaddress.ip_network(entry.strip(), strict=False)))
        except ValueError as exc:
            raise InvalidInput(f"'{entry}' is not an IP address or network.") from exc
    return tuple(parsed)


def ip_allowed(allowlist: tuple[str, ...], ip: str) -> bool:
    if not allowlist:
        return True
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(network) for network in allowlist)


@dataclass(frozen=True)
class ApiKey:
    key_hash: str
    key_id: str
    user_id: str
    label: str
    prefix: str  # the first characters, so the owner can tell keys apart
    created_at: datetime
    rps_limit: int
    daily_limit: int
    allowed_ips: tuple[str, ...] = ()
    revoked: bool = False
    last_used_at: datetime | None = None


@dataclass
class TokenBucket:
    """Requests per second, allowing a burst of one second's worth."""

    rate: float
    tokens: float = -1.0
    updated: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def take(self, now: float) -> bool:
        with self.lock:
            if self.tokens < 0:
                self.tokens, self.updated = self.rate, now
            self.tokens = min(self.rate, self.tokens + (now - self.updated) * self.rate)
            self.updated = now
            if self.tokens >= 1:
                self.tokens -= 1
                return True
            return False
