"""The customer's service-mail switches: request body and answer (same fields)."""

from __future__ import annotations

from pydantic import Field

from chalicelib.api.contract import Body
from chalicelib.api.schemas.common import Out
from chalicelib.domain.customer_mails import MailPreferences


class MailPreferencesBody(Body):
    """Every switch, and the `version` the page read (a stale page gets 409, not a silent undo)."""

    order_completed: bool
    order_partial: bool
    order_canceled: bool
    top_up_received: bool
    version: int = Field(ge=0)

    def wanted(self) -> MailPreferences:
        return MailPreferences(self.order_completed, self.order_partial, self.order_canceled,
                               self.top_up_received, self.version)


class MailPreferencesOut(Out):
    order_completed: bool
    order_partial: bool
    order_canceled: bool
    top_up_received: bool
    version: int

    @classmethod
    def of(cls, prefs: MailPreferences) -> MailPreferencesOut:
        return cls(**prefs.switches(), version=prefs.version)
