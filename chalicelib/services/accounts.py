"""Account use cases: register, sign in (with TOTP for staff), sessions, passwords."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from chalicelib.adapters import random_tokens
from chalicelib.domain import accounts as rules
from chalicelib.domain.accounts import Role, User
from chalicelib.domain.business_days import add_business_days
from chalicelib.domain.errors import Conflict, InvalidInput, NotAuthenticated, TooManyRequests
from chalicelib.domain.sessions import SessionWindow, secret_hash
from chalicelib.domain.throttle import Window, ip_subject
from chalicelib.observability import logger
from chalicelib.services import audit_log, caches, clock, second_factor
from chalicelib.settings import get_settings
from chalicelib.store import logins, sessions, throttle, tokens, users
from chalicelib.store.ledger import Account
from chalicelib.store.sessions import SessionRecord

BAD_CREDENTIALS = "E-mail or password is incorrect."
CHALLENGE_EXPIRED = "This sign-in attempt has expired. Enter your e-mail and password again."
ACCOUNT_DISABLED = "This account is disabled. Ask an administrator."


@dataclass(frozen=True)
class IssuedSession:
    """A new session: `token` goes into the cookie and is never stored."""

    token: str
    record: SessionRecord
    user: User


@dataclass(frozen=True)
class TotpRequired:
    """Password accepted for a staff account; the second factor must follow."""

    challenge: str


# --- registration -----------------------------------------------------------------------

def register(username: str, email: str, password: str, adult: bool, *, role: Role = Role.CUSTOMER) -> User:
    if adult is not True:
        raise InvalidInput("You must confirm that you are 18 or older to open an account.",
                           fields={"adult": "required"})
    settings = get_settings()
    user = User(
        user_id="u" + secrets.token_hex(8),
        email=rules.normalize_email(email),
        username=rules.normalize_username(username),
        password_hash=rules.hash_password(password, settings.bcrypt_rounds),
        role=role,
        created_at=clock.now(),
    )
    users.insert(user)
    logger.info("account registered", extra={"user_id": user.user_id, "email": rules.mask_email(user.email)})
    return user


def create_staff(email: str, role: Role, username: str | None = None, *,
                 only_new: bool = False) -> tuple[User, str, str]:
    """Create a staff account (or promote an existing one). Returns user, password, TOTP secret.

    The password is generated only for a new account; an existing account keeps its own
    and the returned password is empty. `only_new` (the console): an existing e-mail is a
    409, so an admin cannot change someone's role or factor by creating them again.
    """
    if not rules.is_staff(role):
        raise InvalidInput("Staff role must be support, legal or admin.")
    import pyotp

    normalized = rules.normalize_email(email)
    totp_secret = pyotp.random_base32()
    existing = users.get_by_email(normalized)
    if existing is not None and only_new:
        raise Conflict("An account with this e-mail address already exists.", fields={"email": "taken"})
    password = ""
    if existing is None:
        password = secrets.token_urlsafe(15)
        existing = register(username or normalized.split("@")[0][:24] + "-staff", normalized, password, True)
    users.set_staff_role(existing, role, second_factor.seal(existing.user_id, totp_secret))
    revoke_sessions(existing.user_id)
    audit_log.staff_role_given(existing.user_id, existing.role, role, new_account=bool(password))
    user = users.get(existing.user_id)
    assert user is not None
    return user, password, totp_secret


def totp_uri(user: User) -> str:
    import pyotp

    from chalicelib.services import brand  # the issuer is the panel's (white-label) name

    assert user.totp_secret
    secret = second_factor.open_secret(user.user_id, user.totp_secret)
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=brand.totp_issuer())


# --- sign-in ----------------------------------------------------------------------------

@lru_cache(maxsize=4)
def _dummy_hash(rounds: int) -> str:
    """Checked when the e-mail is unknown, so both cases cost one bcrypt verification."""
    return rules.hash_password("not-a-real-password-" + secrets.token_hex(8), rounds)


def _login_throttles(email: str, ip: str) -> list[tuple[str, str, Window]]:
    """The failed sign-in counters one attempt touches: per (account, client IP) with a low
    limit (a guesser is stopped fast), per account from all addresses with a much higher
    one (a stranger elsewhere cannot lock the owner out, yet a distributed guess is still
    capped) and per client IP (password spraying). IPv6 clients count per /64."""
    s = get_settings()
    ip_key = ip_subject(ip)
    return [
        ("login-account-ip", secret_hash(f"{email}|{ip_key}"), Window(s.login_window_seconds,
                                                                      s.login_failures_per_account_ip)),
        ("login-account", secret_hash(email), Window(s.login_window_seconds, s.login_failures_per_account)),
        ("login-ip", secret_hash(ip_key), Window(s.login_window_seconds, s.login_failures_per_ip)),
    ]


def _check_throttle(counters: list[tuple[str, str, Window]], now_epoch: int) -> None:
    for scope, subject, window in counters:
        if window.exceeded(throttle.count(scope, subject, window.start(now_epoch))):
            wait = window.retry_after(now_epoch)
            raise TooManyRequests(
                f"Too many failed sign-in attempts. Try again in {max(1, -(-wait // 60))} minute(s).",
                retry_after_seconds=wait,
            )


def _count_failure(counters: list[tuple[str, str, Window]], now_epoch: int) -> None:
    for scope, subject, window in counters:
        throttle.increment(scope, subject, window.start(now_epoch), window.end(now_epoch))


def sign_in(email: str, password: str, ip: str) -> IssuedSession | TotpRequired:
    """Check the password. Unknown e-mail and wrong password look and take the same."""
    settings = get_settings()
    normalized = rules.normalize_email(email)
    now = clock.now()
    now_epoch = int(now.timestamp())
    counters = _login_throttles(normalized, ip)
    _check_throttle(counters, now_epoch)

    user = users.get_by_email(normalized)
    stored_hash = user.password_hash if user else _dummy_hash(settings.bcrypt_rounds)
    if not rules.verify_password(password, stored_hash) or user is None:
        _count_failure(counters, now_epoch)
        logger.info("sign-in refused", extra={"email": rules.mask_email(normalized)})
        raise NotAuthenticated(BAD_CREDENTIALS)
    if user.disabled:  # said only to someone who knows the password
        raise NotAuthenticated(ACCOUNT_DISABLED)

    if user.is_staff:
        challenge = random_tokens.url_safe()
        tokens.put_totp_challenge(secret_hash(challenge), user.user_id,
                                  now + timedelta(seconds=settings.totp_challenge_ttl_seconds))
        return TotpRequired(challenge=challenge)
    return _issue_session(user, ip, now)


def complete_totp(challenge: str, code: str, ip: str) -> IssuedSession:
    now = clock.now()
    code = second_factor.parse_code(code)
    challenge_hash = secret_hash(challenge)
    user_id = tokens.peek_totp_challenge(challenge_hash, now)
    user = users.get(user_id) if user_id else None
    if user is None or not user.totp_secret:
        raise NotAuthenticated(CHALLENGE_EXPIRED)
    if user.disabled:  # disabled between the password and the code
        raise NotAuthenticated(ACCOUNT_DISABLED)
    secret = second_factor.open_secret(user.user_id, user.totp_secret)
    second_factor.check(user.user_id, secret, code, now)
    second_factor.reseal_if_legacy(user.user_id, user.totp_secret, secret)
    if tokens.take_totp_challenge(challenge_hash, now) is None:
        raise NotAuthenticated(CHALLENGE_EXPIRED)
    users.index_staff(user)  # accounts made before the console's staff list existed
    return _issue_session(user, ip, now)


def _session_window() -> SessionWindow:
    s = get_settings()
    return SessionWindow(idle=timedelta(seconds=s.session_idle_seconds),
                         absolute=timedelta(seconds=s.session_absolute_seconds))


def _issue_session(user: User, ip: str, now: datetime) -> IssuedSession:
    settings = get_settings()
    token = f"{user.user_id}.{random_tokens.url_safe()}"
    expires_at, deadline = _session_window().first_expiry(now)
    record = SessionRecord(token_hash=secret_hash(token), user_id=user.user_id, role=user.role,
                           csrf_token=random_tokens.url_safe(), created_at=now, expires_at=expires_at,
                           deadline=deadline)
    sessions.insert(record)
    purge_after = add_business_days(now.date(), settings.login_ip_retention_business_days)
    logins.record(user.user_id, now, ip, purge_after)
    logger.info("signed in", extra={"user_id": user.user_id})
    return IssuedSession(token=token, record=record, user=user)


@dataclass(frozen=True)
class SessionContext:
    """What one request reads up front, in one round trip: the session and its user (whose
    item also holds the balance)."""

    record: SessionRecord
    user: User
    account: Account


SESSION_EXPIRED = "Your session has expired. Please sign in again."
_USER_ID = re.compile(r"u[0-9a-f]{16}")


def resolve_session(token: str) -> SessionContext:
    """The live session behind a cookie value, its expiry slid forward; else NotAuthenticated.

    The cookie carries `<user id>.<secret>`, so the session and the user item are read in
    one BatchGetItem; a warm container reuses that read briefly (services/caches.py)."""
    settings = get_settings()
    now = clock.now()
    user_id, _, secret = token.partition(".")
    if not secret or not _USER_ID.fullmatch(user_id):
        raise NotAuthenticated(SESSION_EXPIRED)
    token_hash = secret_hash(token)
    cached: SessionContext | None = caches.sessions.get(token_hash)
    if cached is not None and cached.record.expires_at > now:
        return cached
    found = sessions.with_user(token_hash, user_id)
    if found is None:
        raise NotAuthenticated(SESSION_EXPIRED)
    record, user, account = found
    if record.expires_at <= now or record.user_id != user_id or account.closed or user.disabled:
        raise NotAuthenticated(SESSION_EXPIRED)
    window = _session_window()
    if window.needs_refresh(now, record.expires_at, record.deadline,
                            timedelta(seconds=settings.session_refresh_seconds)):
        sessions.extend(record.token_hash, window.slid_expiry(now, record.deadline))
    context = SessionContext(record, user, account)
    caches.sessions.put(token_hash, context)
    return context


def sign_out_session(token_hash: str) -> None:
    sessions.delete(token_hash)
    caches.sessions.drop(token_hash)


def revoke_sessions(user_id: str, keep: str | None = None) -> int:
    """Sign the user out everywhere (but the session `keep`); returns how many were revoked."""
    caches.sessions.drop_where(lambda c: c.user.user_id == user_id and c.record.token_hash != keep)
    return sessions.delete_all_of_user(user_id, keep=keep)
