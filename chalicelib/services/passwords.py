"""Passwords: change, forgotten-password mail, reset by link, and the owner's notices.

Every change or reset raises the account's credentials version: each reset link carries the
version it was issued for, so all other outstanding links die with the change. The owner is
mailed (through the mail queue) whenever the password changes.
"""

from __future__ import annotations

from datetime import timedelta

from chalicelib.adapters import queue, random_tokens
from chalicelib.domain import accounts as rules
from chalicelib.domain.accounts import User
from chalicelib.domain.errors import Conflict, InvalidInput
from chalicelib.domain.sessions import secret_hash
from chalicelib.observability import logger
from chalicelib.services import accounts, brand, clock, limits
from chalicelib.settings import get_settings
from chalicelib.store import tokens, users

PASSWORD_RESET_MESSAGE = "password_reset"  # noqa: S105 - a message kind, not a secret
PASSWORD_CHANGED_MESSAGE = "password_changed"  # noqa: S105 - a message kind, not a secret
INVALID_LINK = "This reset link is invalid or has expired. Ask for a new one."


def change_password(user: User, current_password: str, new_password: str, keep_session_hash: str) -> int:
    """Change the password and revoke every other session; returns how many were revoked."""
    if not rules.verify_password(current_password, user.password_hash):
        raise InvalidInput("Your current password is incorrect.", fields={"current_password": "incorrect"})
    if current_password == new_password:
        raise Conflict("The new password must differ from the current one.", fields={"new_password": "same"})
    new_hash = rules.hash_password(new_password, get_settings().bcrypt_rounds)
    fresh = users.get(user.user_id)  # the session's copy of the user may be a few seconds old
    if fresh is None or fresh.password_hash != user.password_hash or not users.set_password_hash(
            user.user_id, new_hash, fresh.credentials_version):
        raise Conflict("Your password was changed meanwhile. Sign in again and retry.")
    revoked = accounts.revoke_sessions(user.user_id, keep=keep_session_hash)
    _queue_changed_notice(user.user_id)
    return revoked


def request_password_reset(email: str, ip: str) -> None:
    """Queue the reset mail. Whether the account exists is decided by the worker, so this
    answer and its timing are the same for known and unknown addresses. Limited per client
    IP and per target address (nobody can mail-bomb a victim), for any address alike."""
    settings = get_settings()
    normalized = rules.normalize_email(email)
    limits.take("password reset requests",
                limits.per_ip("reset-mail", ip, settings.password_forgot_per_ip),
                limits.per_subject("reset-mail-address", normalized, settings.password_forgot_per_address))
    queue.send(settings.mail_queue_name, {"kind": PASSWORD_RESET_MESSAGE, "email": normalized})


def send_password_reset(email: str) -> bool:
    """Worker side: mail a single-use reset link if the account exists."""
    settings = get_settings()
    user = users.get_by_email(email)
    if user is None:
        logger.info("password reset for unknown address dropped", extra={"email": rules.mask_email(email)})
        return False
    token = random_tokens.url_safe()
    expires = clock.now() + timedelta(seconds=settings.password_reset_ttl_seconds)
    tokens.put_password_reset(secret_hash(token), user.user_id, expires, user.credentials_version)
    minutes = settings.password_reset_ttl_seconds // 60
    # The token travels in the URL fragment, which browsers never send to servers or in Referer.
    link = f"{settings.site_url}/reset-password#token={token}"
    brand.send_mail(user.email, "Reset your password",
                    f"Hello {user.username},\n\nSomeone asked to reset the password of your account. "
                    f"If it was you, open this link within {minutes} minutes:\n\n{link}\n\n"
                    "If it was not you, ignore this e-mail; your password stays as it is.\n")
    return True


def reset_password(token: str, new_password: str, ip: str, *, revoke_api_keys: bool = False) -> int:
    """Set a new password from a mailed link; sign out everywhere, and (opt-in) revoke every
    API key. Returns how many API keys were revoked. The link is checked before bcrypt is
    paid for, and requests are limited per client IP."""
    settings = get_settings()
    limits.take("password reset attempts", limits.per_ip("reset", ip, settings.password_resets_per_ip))
    now = clock.now()
    token_hash = secret_hash(token)
    found = tokens.peek_password_reset(token_hash, now)
    user = users.get(found[0]) if found else None
    if found is None or user is None or user.credentials_version != found[1]:
        raise InvalidInput(INVALID_LINK, fields={"token": "invalid"})
    new_hash = rules.hash_password(new_password, settings.bcrypt_rounds)  # validates before the link is used
    if tokens.take_password_reset(token_hash, now) is None or not users.set_password_hash(
            user.user_id, new_hash, found[1]):
        raise InvalidInput(INVALID_LINK, fields={"token": "invalid"})
    accounts.revoke_sessions(user.user_id)
    revoked = 0
    if revoke_api_keys:
        from chalicelib.services import api_keys  # only this opt-in needs it

        revoked = api_keys.revoke_all(user.user_id)
    _queue_changed_notice(user.user_id)
    logger.info("password reset", extra={"user_id": user.user_id, "api_keys_revoked": revoked})
    return revoked


def _queue_changed_notice(user_id: str) -> None:
    queue.send(get_settings().mail_queue_name, {"kind": PASSWORD_CHANGED_MESSAGE, "user_id": user_id})


def send_changed_notice(user_id: str) -> bool:
    """Worker side: tell the owner their password was changed."""
    user = users.get(user_id)
    if user is None:
        return False
    brand.send_mail(user.email, "Your password was changed",
                    f"Hello {user.username},\n\nThe password of your account was just changed, and every "
                    "other session was signed out.\n\nIf this was not you, reset your password now at "
                    f"{get_settings().site_url}/forgot-password and tell our support team.\n")
    return True
