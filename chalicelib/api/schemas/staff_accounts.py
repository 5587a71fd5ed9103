"""Staff accounts in the console (admins). Named lazily by api/staff_accounts.py."""

from __future__ import annotations

from pydantic import Field

from chalicelib.api.contract import Body
from chalicelib.api.schemas.common import Out, Timestamp
from chalicelib.domain.accounts import Role, User


class StaffBody(Body):
    email: str = Field(max_length=254)
    role: str = Field(max_length=20, description="support, legal or admin.")
    username: str | None = Field(default=None, max_length=64,
                                 description="Optional; made from the e-mail address when absent.")


class StaffOut(Out):
    """A staff account as the console lists it: never a hash or a secret."""

    id: str
    email: str
    username: str
    role: Role
    created_at: Timestamp
    disabled: bool

    @classmethod
    def of(cls, user: User) -> StaffOut:
        return cls(id=user.user_id, email=user.email, username=user.username, role=user.role,
                   created_at=user.created_at.isoformat(), disabled=user.disabled)


class StaffList(Out):
    staff: list[StaffOut]


class StaffAnswer(Out):
    staff: StaffOut


class StaffFactor(Out):
    """A new second factor, shown once: nothing can show it again."""

    staff: StaffOut
    totp_secret: str = Field(description="Base32 secret for an authenticator app.")
    totp_uri: str = Field(description="otpauth:// URI of the same secret (for a QR code).")


class StaffCreated(StaffFactor):
    """A new staff account: its generated password and second factor, shown once."""

    password: str
