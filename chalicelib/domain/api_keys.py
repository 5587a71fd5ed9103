"""Reseller API keys: shown once, stored as a hash; optional IP allowlist and limits."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, replace
from datetime import datetime

from chalicelib.domain.errors import InvalidInput

KEY_BYTES = 20  # 40 hex characters, the shape panel tools expect
MAX_ALLOWED_IPS = 20


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


@dataclass(frozen=True)
class TokenBucket:
    """Requests per second, allowing a burst of one second's worth: `tokens` were left at
    time `updated` (seconds on any steady clock). A value: `take` returns the next one."""

    rate: float
    tokens: float
    updated: float

    @classmethod
    def full(cls, rate: float, now: float) -> TokenBucket:
        return cls(rate=rate, tokens=rate, updated=now)


def take(bucket: TokenBucket, now: float) -> tuple[TokenBucket, bool]:
    """Refill at `rate` per second since the last take (never above one second's worth),
    then spend one token if there is one. The new bucket, and whether the request may go."""
    tokens = min(bucket.rate, bucket.tokens + (now - bucket.updated) * bucket.rate)
    if tokens >= 1:
        return replace(bucket, tokens=tokens - 1, updated=now), True
    return replace(bucket, tokens=tokens, updated=now), False
