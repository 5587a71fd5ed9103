"""Sign-in, the account and its reseller API keys: request bodies and answers."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from chalicelib.api.contract import Body
from chalicelib.api.schemas.common import Out, Timestamp, when
from chalicelib.domain.accounts import Role, User
from chalicelib.domain.api_keys import ApiKey

# --- request bodies -------------------------------------------------------------------------


class RegisterBody(Body):
    username: str = Field(max_length=200)
    email: str = Field(max_length=320)
    password: str = Field(max_length=1000)
    adult: bool


class LoginBody(Body):
    email: str = Field(max_length=320)
    password: str = Field(max_length=1000)


class TotpBody(Body):
    challenge: str = Field(max_length=200)
    code: str = Field(max_length=12)


class ForgotBody(Body):
    email: str = Field(max_length=320)


class ResetBody(Body):
    token: str = Field(max_length=200)
    password: str = Field(max_length=1000)
    # Opt-in on the reset page: also revoke every reseller API key of the account.
    revoke_api_keys: bool = False


class ChangePasswordBody(Body):
    current_password: str = Field(max_length=1000)
    new_password: str = Field(max_length=1000)


class NewKeyBody(Body):
    label: str = Field(max_length=60)
    allowed_ips: list[str] = Field(default_factory=list, max_length=20)
    rps_limit: int | None = Field(default=None, ge=1)
    daily_limit: int | None = Field(default=None, ge=1)


class KeyLimitsBody(Body):
    rps_limit: int = Field(ge=1, description="Requests per second this key may make")
    daily_limit: int = Field(ge=1, description="Requests per UTC day this key may make")


# --- answers --------------------------------------------------------------------------------


class UserOut(Out):
    """A user as shown to themselves and to staff: never a hash or a secret."""

    id: str
    username: str
    email: str
    role: Role
    is_staff: bool
    created_at: Timestamp

    @classmethod
    def of(cls, user: User) -> UserOut:
        return cls(id=user.user_id, username=user.username, email=user.email, role=user.role,
                   is_staff=user.is_staff, created_at=user.created_at.isoformat())


class Registered(Out):
    user: UserOut


class SignedIn(Out):
    """A live session: its cookie is set, and every state-changing request echoes the token."""

    user: UserOut
    csrf_token: str


class TotpRequired(Out):
    """Staff sign in in two steps: answer the challenge with a TOTP code at /auth/login/totp."""

    totp_required: Literal[True]
    challenge: str


class SignedOut(Out):
    signed_out: Literal[True]


class Notice(Out):
    message: str


class PasswordReset(Out):
    message: str
    revoked_api_keys: int


class PasswordChanged(Out):
    message: str
    signed_out_sessions: int


class ApiKeyOut(Out):
    """Never the key itself: only its first characters, to tell keys apart."""

    id: str
    label: str
    prefix: str
    created_at: Timestamp
    last_used_at: Timestamp | None
    revoked: bool
    allowed_ips: list[str]
    rps_limit: int
    daily_limit: int

    @classmethod
    def of(cls, key: ApiKey) -> ApiKeyOut:
        return cls(id=key.key_id, label=key.label, prefix=key.prefix, created_at=key.created_at.isoformat(),
                   last_used_at=when(key.last_used_at), revoked=key.revoked, allowed_ips=list(key.allowed_ips),
                   rps_limit=key.rps_limit, daily_limit=key.daily_limit)


class ApiKeyList(Out):
    keys: list[ApiKeyOut]
    max_rps_limit: int = Field(description="The highest per-second limit a key may have (the panel's own)")
    max_daily_limit: int = Field(description="The highest daily limit a key may have (the panel's own)")


class NewApiKey(Out):
    """The key's text, shown this once."""

    key: str
    api_key: ApiKeyOut


class ApiKeyAnswer(Out):
    api_key: ApiKeyOut
