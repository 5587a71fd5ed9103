"""Account rules: e-mail normalisation, usernames, passwords, roles.

Privacy by design (promise P1): an account is a username, an e-mail address and a bcrypt
hash. There is deliberately no field for a real name, postal address, phone or card.
"""

from __future__ import annotations

import enum
import unicodedata
from dataclasses import dataclass
from datetime import datetime

import bcrypt

from chalicelib.domain.errors import InvalidInput

USERNAME_MIN = 3
USERNAME_MAX = 32
PASSWORD_MIN_CHARS = 10
# bcrypt reads only the first 72 bytes. Longer passwords are refused with a clear error
# rather than silently truncated or pre-hashed (pre-hashing invites NUL-byte and
# "password shucking" pitfalls); 72 bytes is still far beyond any memorable password.
PASSWORD_MAX_BYTES = 72
EMAIL_MAX = 254


class Role(enum.StrEnum):
    CUSTOMER = "customer"
    SUPPORT = "support"
    LEGAL = "legal"
    ADMIN = "admin"


STAFF_ROLES = frozenset({Role.SUPPORT, Role.LEGAL, Role.ADMIN})


def is_staff(role: Role) -> bool:
    return role in STAFF_ROLES


def normalize_email(raw: str) -> str:
    """Return the canonical form used for uniqueness and sign-in: trimmed, lower case.

    The local part is case-folded too: no mailbox provider we know of treats
    `Ann@x` and `ann@x` as different people, and two accounts for them would be a trap.
    """
    # Imported on use: only registration and sign-in need it, not every cold start.
    from email_validator import EmailNotValidError, validate_email

    candidate = raw.strip()
    if not candidate or len(candidate) > EMAIL_MAX:
        raise InvalidInput("Enter a valid e-mail address.", fields={"email": "invalid"})
    try:
        result = validate_email(candidate, check_deliverability=False)
    except EmailNotValidError as exc:
        raise InvalidInput(f"Enter a valid e-mail address: {exc}", fields={"email": "invalid"}) from exc
    return result.normalized.lower()


def normalize_username(raw: str) -> str:
    """Usernames: 3 to 32 characters after NFKC normalisation, no spaces or control characters.

    Any other printable character is allowed and stored as text; every page renders it
    escaped, so `<b>` in a username is harmless and shows literally.
    """
    name = unicodedata.normalize("NFKC", raw)
    if not USERNAME_MIN <= len(name) <= USERNAME_MAX:
        raise InvalidInput(
            f"Username must be {USERNAME_MIN} to {USERNAME_MAX} characters long.",
            fields={"username": "length"},
        )
    for char in name:
        category = unicodedata.category(char)
        if char.isspace() or category.startswith("C") or category in {"Zl", "Zp"}:
            raise InvalidInput(
                "Username cannot contain spaces or invisible control characters.",
                fields={"username": "characters"},
            )
    return name


def username_key(name: str) -> str:
    """Case-insensitive identity of a username, for uniqueness."""
    return name.casefold()


def check_password_policy(password: str) -> None:
    if len(password) < PASSWORD_MIN_CHARS:
        raise InvalidInput(
            f"Password must be at least {PASSWORD_MIN_CHARS} characters long.",
            fields={"password": "too_short"},
        )
    if len(password.encode("utf-8")) > PASSWORD_MAX_BYTES:
        raise InvalidInput(
            f"Password must be at most {PASSWORD_MAX_BYTES} bytes long "
            "(72 plain letters; accented letters and emoji take 2 to 4 bytes each).",
            fields={"password": "too_long"},
        )


def hash_password(password: str, rounds: int) -> str:
    check_password_policy(password)
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(rounds=rounds)).decode("ascii")


def verify_password(password: str, password_hash: str) -> bool:
    encoded = password.encode("utf-8")
    if len(encoded) > PASSWORD_MAX_BYTES:
        # Still spend the same time, so a long guess is not distinguishable.
        bcrypt.checkpw(encoded[:PASSWORD_MAX_BYTES], password_hash.encode("ascii"))
        return False
    return bcrypt.checkpw(encoded, password_hash.encode("ascii"))


@dataclass(frozen=True)
class User:
    user_id: str
    email: str
    username: str
    password_hash: str
    role: Role
    created_at: datetime
    totp_secret: str | None = None
    # The last TOTP time step accepted: a code is never accepted twice (replay).
    totp_last_step: int = 0
    # Raised by every password change or reset: a reset link issued before it is dead.
    credentials_version: int = 0
    # Set by an admin (staff accounts): a disabled account cannot sign in, and its sessions
    # were revoked when it was disabled.
    disabled: bool = False

    @property
    def is_staff(self) -> bool:
        return is_staff(self.role)


def mask_email(email: str) -> str:
    """For logs and staff lists: `a***@example.com`."""
    local, _, domain = email.partition("@")
    return f"{local[:1]}***@{domain}"
