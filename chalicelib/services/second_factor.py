"""The staff second factor (TOTP): code checks guarded per account, and the lock.

Wrong codes are counted per account, not per challenge, so signing in with the password
again does not buy more guesses. An attempt is counted atomically BEFORE its code is
checked: of any number of parallel guesses, at most `totp_failures_before_lock` are ever
checked; then the factor locks for `totp_lock_seconds`, with a warning log and a metric.
"""

from __future__ import annotations

import hmac
import re
from datetime import datetime, timedelta

from chalicelib import secret_names
from chalicelib.adapters import secret_store
from chalicelib.domain.errors import InvalidInput, NotAuthenticated, TooManyRequests
from chalicelib.observability import STAFF_TOTP_LOCKOUTS, logger, metrics
from chalicelib.settings import get_settings
from chalicelib.store import totp_guard, users

WRONG_CODE = "The authentication code is incorrect or was already used."
UNREADABLE = "Two-step sign-in is not available for this account. Ask an administrator to reset it."
_CODE = re.compile(r"[0-9]{6}")


def parse_code(raw: str) -> str:
    """Six ASCII digits (spaces around are dropped); anything else is a clear 400."""
    code = raw.strip().replace(" ", "")
    if not _CODE.fullmatch(code):
        raise InvalidInput("The authentication code is the 6 digits (0-9) your authenticator app shows.",
                           fields={"code": "invalid"})
    return code


def _locked(seconds: int) -> TooManyRequests:
    minutes = max(1, -(-seconds // 60))
    return TooManyRequests(
        f"Too many wrong authentication codes. Two-step sign-in is locked; try again in {minutes} minute(s).",
        retry_after_seconds=max(1, seconds),
    )


def check(user_id: str, secret: str, code: str, now: datetime) -> None:
    """Accept `code` for the account, once (replays refused), or raise NotAuthenticated, or
    TooManyRequests while the factor is locked."""
    settings = get_settings()
    limit = settings.totp_failures_before_lock
    now_epoch = int(now.timestamp())
    attempt = totp_guard.reserve(user_id, now_epoch, limit, now_epoch + settings.totp_failure_memory_seconds)
    if attempt is None:
        until = totp_guard.locked_until(user_id)
        if until <= now_epoch:  # the limit was reached and its lock not written yet (or lost)
            until = now_epoch + settings.totp_lock_seconds
            if totp_guard.lock(user_id, until, limit):
                _alert(user_id)
        raise _locked(until - now_epoch)
    step = _matching_step(secret, code, now)
    if step is not None and users.claim_totp_step(user_id, step):
        totp_guard.clear(user_id)
        return
    if attempt >= limit and totp_guard.lock(user_id, now_epoch + settings.totp_lock_seconds, limit):
        _alert(user_id)
    raise NotAuthenticated(WRONG_CODE)


def _alert(user_id: str) -> None:
    logger.warning("staff second factor locked after too many wrong codes",
                   extra={"user_id": user_id, "lock_seconds": get_settings().totp_lock_seconds})
    metrics.add_metric(name=STAFF_TOTP_LOCKOUTS, unit="Count", value=1)


def _matching_step(secret: str, code: str, now: datetime) -> int | None:
    """The time step whose code matches, allowing one step of clock drift either way."""
    import pyotp  # imported on use: only staff sign-in needs it

    totp = pyotp.TOTP(secret)
    for drift in (-1, 0, 1):
        moment = now + timedelta(seconds=drift * totp.interval)
        if hmac.compare_digest(totp.at(moment).encode("ascii"), code.encode("ascii")):
            return int(totp.timecode(moment))
    return None


# --- secrets at rest (adapters/totp_box.py) ------------------------------------------------

def _sealing_key() -> bytes:
    """The AES-256 key from the secret store, made on first use in every stage. Creation is
    atomic (the first key stays), so a secret sealed by one container opens in every other."""
    import base64

    from chalicelib.adapters import totp_box

    encoded = secret_store.get_or_create(
        secret_names.TOTP_SEALING_KEY, lambda: base64.b64encode(totp_box.new_key()).decode("ascii"))
    return base64.b64decode(encoded)


def seal(user_id: str, secret: str) -> str:
    from chalicelib.adapters import totp_box

    return totp_box.seal(secret, _sealing_key(), user_id)


def open_secret(user_id: str, stored: str) -> str:
    """The clear secret of the stored value (sealed, or legacy clear text)."""
    from chalicelib.adapters import totp_box

    try:
        return totp_box.open_sealed(stored, _sealing_key(), user_id)
    except totp_box.Unreadable as exc:
        logger.error("staff TOTP secret does not open (tampered, moved or wrong key)", extra={"user_id": user_id})
        raise NotAuthenticated(UNREADABLE) from exc


def reseal_if_legacy(user_id: str, stored: str, clear: str) -> None:
    """A legacy clear secret is sealed on its next successful use."""
    from chalicelib.adapters import totp_box

    if not totp_box.is_sealed(stored):
        users.replace_totp_secret(user_id, stored, seal(user_id, clear))
