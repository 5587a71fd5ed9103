"""Right to rectification and to object: a customer corrects their username or e-mail, and
objects to marketing mail. An e-mail change takes effect only when the link mailed to the new
address is opened: until then the old address keeps working for sign-in and mail."""

from __future__ import annotations

from datetime import timedelta

from chalicelib.adapters import queue, random_tokens
from chalicelib.domain import accounts as rules
from chalicelib.domain.accounts import User
from chalicelib.domain.errors import Conflict, Forbidden, InvalidInput
from chalicelib.domain.privacy_self_service import SelfService
from chalicelib.domain.sessions import secret_hash
from chalicelib.observability import logger
from chalicelib.services import brand, caches, clock, limits, privacy_requests
from chalicelib.settings import get_settings
from chalicelib.store import corrections, users

EMAIL_CHANGE_MESSAGE = "email_change"
INVALID_LINK = "This confirmation link is invalid or has expired. Ask for a new one from your account page."
WRONG_PASSWORD = "The password is incorrect. Your e-mail address was not changed."  # noqa: S105 - a message, not a secret


def _forget_cached(user_id: str) -> None:
    caches.sessions.drop_where(lambda c: c.user.user_id == user_id)


def change_username(user: User, new_username: str) -> User:
    """Rename with registration's rules; the old name is free for others at once."""
    limits.take("account changes", limits.per_subject("corrections", user.user_id,
                                                      get_settings().corrections_per_account))
    name = rules.normalize_username(new_username)
    if name == user.username:
        raise InvalidInput("This is already your username.", fields={"username": "same"})
    corrections.change_username(user.user_id, user.username, name)
    _forget_cached(user.user_id)
    privacy_requests.self_service(user.user_id, SelfService.USERNAME_CORRECTED,
                                  f"{user.user_id}#{clock.now().isoformat()}")
    fresh = users.get(user.user_id)
    assert fresh is not None
    return fresh


def request_email_change(user: User, new_email: str, password: str) -> str:
    """Mail a confirmation link to the new address (through the mail queue); returns the
    normalised address. The password is asked, as a changed address can reset it."""
    limits.take("account changes", limits.per_subject("corrections", user.user_id,
                                                      get_settings().corrections_per_account))
    if not rules.verify_password(password, user.password_hash):
        raise Forbidden(WRONG_PASSWORD)
    normalized = rules.normalize_email(new_email)
    if normalized == user.email:
        raise InvalidInput("This is already your e-mail address.", fields={"email": "same"})
    if users.get_by_email(normalized) is not None:
        raise Conflict("An account with this e-mail address already exists.", fields={"email": "taken"})
    queue.send(get_settings().mail_queue_name, {"kind": EMAIL_CHANGE_MESSAGE, "user_id": user.user_id,
                                                "email": normalized})
    return normalized


def send_email_change(user_id: str, new_email: str) -> bool:
    """Worker side: store a single-use link for (user, old address, new address) and mail it
    to the new address; the old address is told too."""
    settings = get_settings()
    user = users.get(user_id)
    if user is None or not user.email:
        return False
    token = random_tokens.url_safe()
    expires = clock.now() + timedelta(seconds=settings.email_change_ttl_seconds)
    corrections.put_email_change(secret_hash(token), user_id, user.email, new_email, expires)
    hours = settings.email_change_ttl_seconds // 3600
    link = f"{settings.site_url}/confirm-email#token={token}"
    brand.send_mail(new_email, "Confirm your new e-mail address",
                    f"Hello {user.username},\n\nOpen this link within {hours} hours to use this address for your "
                    f"account:\n\n{link}\n\nIf you did not ask for this, ignore this e-mail.\n")
    brand.send_mail(user.email, "A change of your e-mail address was requested",
                    f"Hello {user.username},\n\nSomeone signed in to your account asked to change its e-mail "
                    f"address to {rules.mask_email(new_email)}. Nothing changes until the link sent there is "
                    "opened. If this was not you, change your password now and tell our support team.\n")
    logger.info("e-mail change link sent", extra={"user_id": user_id, "email": rules.mask_email(new_email)})
    return True


def confirm_email_change(token: str, ip: str) -> str:
    """Use a confirmation link: the new address replaces the old one atomically (claim moved,
    link spent). Returns the new address."""
    limits.take("confirmation attempts", limits.per_ip("email-confirm", ip, get_settings().password_resets_per_ip))
    token_hash = secret_hash(token)
    change = corrections.peek_email_change(token_hash, clock.now())
    if change is None:
        raise InvalidInput(INVALID_LINK, fields={"token": "invalid"})
    corrections.confirm_email_change(token_hash, change)
    _forget_cached(change["user_id"])
    privacy_requests.self_service(change["user_id"], SelfService.EMAIL_CORRECTED, token_hash)
    logger.info("e-mail changed", extra={"user_id": change["user_id"]})
    return change["new_email"]


def set_marketing_opt_out(user: User, opted_out: bool) -> bool:
    """Record the objection (or its withdrawal); an objection newly made is registered."""
    objected_before = corrections.set_marketing_opt_out(user.user_id, opted_out)
    if opted_out and not objected_before:
        privacy_requests.self_service(user.user_id, SelfService.MARKETING_OPT_OUT,
                                      f"{user.user_id}#{clock.now().isoformat()}")
    return opted_out


def marketing_opt_out(user: User) -> bool:
    return corrections.marketing_opt_out(user.user_id)
