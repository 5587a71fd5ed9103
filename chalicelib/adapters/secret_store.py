"""Secrets (Stripe keys, provider API keys, the app's own random keys) in AWS Secrets Manager:
one secret per name, `smm-panel/<stage>/<name>` (chalicelib/secret_names.py).

The local and test stacks run the same code against moto's Secrets Manager
(AWS_ENDPOINT_URL_SECRETS_MANAGER in .chalice/config.json), so the cloud path is the tested one.

Values are kept in memory for `CACHE_SECONDS`: a warm function does not pay a call per request,
and a value changed by another container (a rotated provider key) is picked up within that
time; the container that wrote it through `put` sees it at once, and `forget()` drops every
cached value (after a rotation made elsewhere, or in tests). Nothing here logs a
value, and errors name the secret, never its value.

Named `secret_store`, not `secrets`, so that it never shadows the standard library's module.
Hand-written over Powertools' SecretsProvider because that one turns every failure into a
message-only GetParameterError (a missing secret cannot be told from a denied one) and its
`set` does not settle two containers creating the same secret at once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError
from cachetools import TTLCache

from chalicelib import secret_names
from chalicelib.settings import get_settings

CACHE_SECONDS = 300

_cache: TTLCache[str, str] = TTLCache(maxsize=256, ttl=CACHE_SECONDS)
_cache_lock = threading.Lock()


class SecretMissing(LookupError):
    """The secret does not exist (or has no value yet): it must be set before use."""

    def __init__(self, full_name: str) -> None:
        super().__init__(f"The secret '{full_name}' is not set in Secrets Manager "
                         "(docs/operations.md, \"Secrets\").")
        self.full_name = full_name


@lru_cache(maxsize=1)
def _client() -> Any:
    return boto3.client("secretsmanager", config=Config(
        connect_timeout=2, read_timeout=5, retries={"max_attempts": 4, "mode": "standard"}))


def full_name(name: str) -> str:
    return secret_names.prefix(get_settings().stage) + name


def _error_code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))


def get(name: str) -> str:
    """The secret's current value; SecretMissing when it does not exist."""
    secret_id = full_name(name)
    with _cache_lock:
        cached = _cache.get(secret_id)
    if cached is not None:
        return cached
    try:
        value = str(_client().get_secret_value(SecretId=secret_id)["SecretString"])
    except ClientError as exc:
        # ResourceNotFound: no such secret, or (for a new secret) no value yet.
        if _error_code(exc) == "ResourceNotFoundException":
            raise SecretMissing(secret_id) from None  # the SDK's message adds nothing
        raise
    with _cache_lock:
        _cache[secret_id] = value
    return value


def put(name: str, value: str) -> None:
    """Store a new value, creating the secret when it does not exist yet; this container reads
    the new value from then on."""
    secret_id = full_name(name)
    _write(secret_id, value)
    with _cache_lock:
        _cache.pop(secret_id, None)


def _write(secret_id: str, value: str) -> None:
    try:
        _client().put_secret_value(SecretId=secret_id, SecretString=value)
        return
    except ClientError as exc:
        if _error_code(exc) != "ResourceNotFoundException":
            raise
    try:
        _client().create_secret(Name=secret_id, SecretString=value)
    except ClientError as exc:
        if _error_code(exc) != "ResourceExistsException":
            raise
        # Another container created it between the two calls: this value is the newer one.
        _client().put_secret_value(SecretId=secret_id, SecretString=value)


def get_or_create(name: str, make: Callable[[], str]) -> str:
    """The secret's value, created from `make()` if it does not exist. Creation is atomic, so
    when two containers race the first value stays and both return it (a key that sealed data
    must never be replaced by a second one)."""
    try:
        return get(name)
    except SecretMissing:
        pass
    try:
        _client().create_secret(Name=full_name(name), SecretString=make())
    except ClientError as exc:
        if _error_code(exc) != "ResourceExistsException":
            raise
    return get(name)  # a miss is never cached: this reads whichever value was created first


def forget() -> None:
    """Drop cached values after a change (a rotated key)."""
    with _cache_lock:
        _cache.clear()
