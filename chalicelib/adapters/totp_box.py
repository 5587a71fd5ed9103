"""Sealing staff TOTP secrets at rest: AES-256-GCM, the user id as associated data.

Stored form: `v1:` + base64(nonce (12 bytes) | ciphertext and tag). A stolen table (or a
backup) holds no usable second factor without the key from the secret store, and a blob
copied onto another user does not open (the associated data differs). Text without the
version prefix is a legacy clear secret.
"""

from __future__ import annotations

import base64
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

VERSION = "v1:"
KEY_BYTES = 32
NONCE_BYTES = 12


class Unreadable(Exception):
    """The blob was not sealed for this user with this key (tampered, moved or re-keyed)."""


def new_key() -> bytes:
    return AESGCM.generate_key(bit_length=KEY_BYTES * 8)


def is_sealed(stored: str) -> bool:
    return stored.startswith(VERSION)


def seal(secret: str, key: bytes, user_id: str) -> str:
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(key).encrypt(nonce, secret.encode("utf-8"), user_id.encode("utf-8"))
    return VERSION + base64.b64encode(nonce + sealed).decode("ascii")


def open_sealed(stored: str, key: bytes, user_id: str) -> str:
    """The clear secret; a legacy clear value is returned as it is."""
    if not is_sealed(stored):
        return stored
    try:
        raw = base64.b64decode(stored[len(VERSION):], validate=True)
        clear = AESGCM(key).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], user_id.encode("utf-8"))
    except (ValueError, InvalidTag) as exc:
        raise Unreadable("TOTP secret does not open for this user") from exc
    return clear.decode("utf-8")
