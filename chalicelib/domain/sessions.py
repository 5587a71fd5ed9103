"""Session and token rules: random secrets (adapters/random_tokens.py) shown once, stored
only as hashes; sliding expiry."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta


def secret_hash(secret: str) -> str:
    """What we store instead of a secret: a stolen table leaks no usable session or token."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def same_secret(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


@dataclass(frozen=True)
class SessionWindow:
    """When a session expires: `idle` after its last use, never after `absolute_deadline`."""

    idle: timedelta
    absolute: timedelta

    def first_expiry(self, now: datetime) -> tuple[datetime, datetime]:
        deadline = now + self.absolute
        return min(now + self.idle, deadline), deadline

    def slid_expiry(self, now: datetime, deadline: datetime) -> datetime:
        return min(now + self.idle, deadline)

    def needs_refresh(
        self, now: datetime, expires_at: datetime, deadline: datetime, refresh_every: timedelta
    ) -> bool:
        """Write a new expiry only when it would move by more than `refresh_every`."""
        return self.slid_expiry(now, deadline) - expires_at > refresh_every
