"""Unguessable tokens from the operating system's CSPRNG (session ids, reset links, CSRF
tokens, API keys). The domain says what a token looks like and draws none; record ids
(user ids, key ids, attachment names) are drawn where they are made, with `secrets` too."""

from __future__ import annotations

import secrets

SECRET_BYTES = 32  # 256 bits


def url_safe(nbytes: int = SECRET_BYTES) -> str:
    """`nbytes` of randomness, URL-safe base64 (256 bits by default)."""
    return secrets.token_urlsafe(nbytes)


def hex_digits(nbytes: int) -> str:
    """`nbytes` of randomness as 2 * nbytes lowercase hex digits."""
    return secrets.token_hex(nbytes)
