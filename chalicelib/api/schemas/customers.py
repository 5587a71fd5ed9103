"""The customers console (admins). Named lazily by api/customers.py."""

from __future__ import annotations

from typing import Any

from pydantic import Field, field_validator

from chalicelib.api.contract import Body, Query
from chalicelib.api.schemas.accounts import ApiKeyList, UserOut
from chalicelib.api.schemas.common import Cursor, Out, Page, Timestamp
from chalicelib.api.schemas.orders import OrderOut
from chalicelib.domain.errors import InvalidInput


class CustomerSearch(Page):
    """`?q=` an exact user id, e-mail or username; without it, newest customers first, paged."""

    q: str | None = Field(default=None, max_length=254)


class CustomerList(Out):
    customers: list[UserOut]
    next_cursor: Cursor


class CustomerOrders(Out):
    orders: list[OrderOut]
    next_cursor: Cursor


class SessionOut(Out):
    """A sign-in session: when it began and until when it lasts; `id` names it for a revocation."""

    id: str
    created_at: Timestamp
    expires_at: Timestamp

    @classmethod
    def of(cls, record: Any, session_id: str) -> SessionOut:
        """`record`: a store.sessions.SessionRecord (services/customer_console.sessions)."""
        return cls(id=session_id, created_at=record.created_at.isoformat(), expires_at=record.expires_at.isoformat())


class SessionList(Out):
    sessions: list[SessionOut]


class CustomerKeys(ApiKeyList):
    """A customer's API keys as staff see them: never the keys themselves."""


class Revoked(Out):
    revoked: int = Field(description="How many sessions ended.")


class Done(Out):
    ok: bool


class RateTarget(Query):
    """`?service=` the service whose custom rate goes; absent: the discount on every service."""

    service: int | None = None

    @field_validator("service", mode="before")
    @classmethod
    def _service(cls, value: Any) -> int | None:
        if value is None:
            return None
        text = str(value)
        if not text.isdigit() or len(text) > 12:
            raise InvalidInput("'service' must be a service id (a whole number).", fields={"service": "invalid"})
        return int(text)


class LockBody(Body):
    reason: str = Field(max_length=500, description="Why; recorded in the audit log, shown to staff.")


class UnlockNoteBody(Body):
    note: str = Field(max_length=500, description="Why the lock is lifted; recorded in the audit log.")


class StaffLockOut(Out):
    reason: str
    at: Timestamp
    by: str


class StaffLockAnswer(Out):
    staff_lock: StaffLockOut | None
