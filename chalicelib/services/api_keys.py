"""Reseller API keys: create (shown once), list, revoke, rotate; authenticate a request."""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import replace
from datetime import timedelta

from chalicelib.adapters import queue, random_tokens
from chalicelib.domain import api_keys as rules
from chalicelib.domain.api_keys import ApiKey, TokenBucket
from chalicelib.domain.errors import InvalidInput, NotAuthenticated, NotFound, TooManyRequests
from chalicelib.domain.sessions import secret_hash
from chalicelib.services import caches, clock
from chalicelib.settings import get_settings
from chalicelib.store import api_keys as store

INVALID_KEY = "Invalid API key"
KEY_CREATED_MESSAGE = "api_key_created"


class InvalidApiKey(NotAuthenticated):
    code = "invalid_api_key"


def create(user_id: str, label: str, allowed_ips: list[str] | None = None, rps_limit: int | None = None,
           daily_limit: int | None = None) -> tuple[str, ApiKey]:
    """A new key for the user; the key itself is returned this once and never stored."""
    settings = get_settings()
    label = label.strip()
    if not 1 <= len(label) <= 60:
        raise InvalidInput("Give the key a label of 1 to 60 characters.")
    if len([k for k in store.of_user(user_id) if not k.revoked]) >= settings.api_keys_per_user:
        raise InvalidInput(f"You can have at most {settings.api_keys_per_user} active keys; revoke one first.")
    rps, daily = _checked_limits(rps_limit, daily_limit)
    text = random_tokens.hex_digits(rules.KEY_BYTES)
    key = ApiKey(key_hash=secret_hash(text), key_id=secrets.token_hex(6), user_id=user_id, label=label,
                 prefix=text[:6], created_at=clock.now(), rps_limit=rps, daily_limit=daily,
                 allowed_ips=rules.parse_allowlist(allowed_ips or []))
    store.insert(key)
    # The owner hears of every new key: a key made by someone in their session is no secret.
    queue.send(settings.mail_queue_name, {"kind": KEY_CREATED_MESSAGE, "user_id": user_id, "key_id": key.key_id})
    return text, key


def _checked_limits(rps_limit: int | None, daily_limit: int | None) -> tuple[int, int]:
    """The key's limits (the panel's defaults where not given), each at most the default: a key
    can be held tighter than the panel allows, never looser."""
    settings = get_settings()
    rps = rps_limit or settings.api_default_rps
    daily = daily_limit or settings.api_default_daily
    if not 1 <= rps <= settings.api_default_rps or not 1 <= daily <= settings.api_default_daily:
        raise InvalidInput(f"Limits go from 1 up to {settings.api_default_rps} requests per second and "
                           f"{settings.api_default_daily} per day.")
    return rps, daily


def send_created_notice(user_id: str, key_id: str) -> bool:
    """Worker side: mail the owner that a key was created (its label and first characters only)."""
    from chalicelib.services import brand
    from chalicelib.store import users

    user = users.get(user_id)
    key = next((k for k in store.of_user(user_id) if k.key_id == key_id), None)
    if user is None or key is None:
        return False
    brand.send_mail(user.email, "A new API key was created",
                    f"Hello {user.username},\n\nA new API key \"{key.label}\" (starting {key.prefix}...) was created "
                    f"for your account at {key.created_at:%Y-%m-%d %H:%M} UTC.\n\nIf this was not you, revoke it on "
                    f"{get_settings().site_url}/api-keys, change your password and tell our support team.\n")
    return True


def of_user(user_id: str) -> list[ApiKey]:
    return store.of_user(user_id)


def _own(user_id: str, key_id: str) -> ApiKey:
    for key in store.of_user(user_id):
        if key.key_id == key_id:
            return key
    raise NotFound("No such API key.")


def revoke(user_id: str, key_id: str) -> ApiKey:
    key = _own(user_id, key_id)
    store.revoke(key)
    caches.api_keys.drop(key.key_hash)
    return replace(key, revoked=True)


def set_limits(user_id: str, key_id: str, rps_limit: int, daily_limit: int) -> ApiKey:
    """Change a live key's per-second and daily limits; warm containers see them once their
    cached copy of the key expires (session_cache_seconds)."""
    rps, daily = _checked_limits(rps_limit, daily_limit)
    key = _own(user_id, key_id)
    if key.revoked or not store.set_limits(key, rps, daily):
        raise InvalidInput("This key is revoked; create a new one.")
    caches.api_keys.drop(key.key_hash)
    return replace(key, rps_limit=rps, daily_limit=daily)


def revoke_all(user_id: str) -> int:
    """Revoke every live key of the user; returns how many."""
    live = [key for key in store.of_user(user_id) if not key.revoked]
    for key in live:
        store.revoke(key)
        caches.api_keys.drop(key.key_hash)
    return len(live)


def rotate(user_id: str, key_id: str) -> tuple[str, ApiKey]:
    """A new key with the same label, limits and allowlist; the old one stops working."""
    old = _own(user_id, key_id)
    if old.revoked:
        raise InvalidInput("This key is revoked; create a new one.")
    text, new = create(user_id, old.label, list(old.allowed_ips), old.rps_limit, old.daily_limit)
    revoke(user_id, key_id)
    return text, new


# Per-second limits, per warm container: each key's bucket, replaced under one lock (a take
# is a few arithmetic operations, so one lock for all keys costs nothing measurable).
_buckets: dict[str, TokenBucket] = {}
_buckets_lock = threading.Lock()


def _within_rate(key_hash: str, rps_limit: int, now: float) -> bool:
    """Take one token of the key's bucket (created full on first use, at the key's limit)."""
    slot = f"{key_hash}/{rps_limit}"  # a changed limit starts a bucket of its own size
    with _buckets_lock:
        bucket = _buckets.get(slot) or TokenBucket.full(float(rps_limit), now)
        _buckets[slot], allowed = rules.take(bucket, now)
    return allowed


def authenticate(key_text: str, ip: str) -> ApiKey:
    """The live key behind a request, within its per-second limit; else InvalidApiKey or
    TooManyRequests. The per-second limit is kept per warm container (a burst spread over
    several containers may exceed it briefly); the daily limit is exact (DynamoDB)."""
    if not rules.looks_like_a_key(key_text):
        raise InvalidApiKey(INVALID_KEY)
    key_hash = secret_hash(key_text)
    key: ApiKey | None = caches.api_keys.get(key_hash)
    if key is None:
        key = store.get(key_hash)
        if key is not None:
            caches.api_keys.put(key_hash, key)
    if key is None or key.revoked:
        raise InvalidApiKey(INVALID_KEY)
    if not rules.ip_allowed(key.allowed_ips, ip):
        raise InvalidApiKey("This API key is not allowed from your IP address")
    if not _within_rate(key_hash, key.rps_limit, time.monotonic()):
        raise TooManyRequests(f"Too many requests: this key allows {key.rps_limit} per second",
                              retry_after_seconds=1)
    now = clock.now()
    if key.last_used_at is None or now - key.last_used_at > timedelta(minutes=1):
        store.touch(key, now)
        caches.api_keys.put(key_hash, replace(key, last_used_at=now))
    return key


def today() -> str:
    return clock.now().strftime("%Y%m%d")


def count_request(key: ApiKey) -> None:
    """Count a request that places no order against the key's daily limit."""
    if not store.count_request(key, today(), int(clock.now().timestamp())):
        raise TooManyRequests(daily_limit_message(key), retry_after_seconds=_seconds_to_midnight())


def daily_limit_message(key: ApiKey) -> str:
    return f"Too many requests: this key allows {key.daily_limit} per day"


def _seconds_to_midnight() -> int:
    now = clock.now()
    midnight = (now + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return max(1, int((midnight - now).total_seconds()))
