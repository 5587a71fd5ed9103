"""The answer of GET /me/export: everything held about the caller (P6). Loaded on first use."""

from __future__ import annotations

from typing import Any, Literal

from chalicelib.api.schemas.accounts import ApiKeyOut
from chalicelib.api.schemas.common import Money, Out, Timestamp
from chalicelib.api.schemas.orders import EntryOut, OrderOut
from chalicelib.api.schemas.payments import TopUpOut
from chalicelib.api.schemas.tickets import MessageOut, TicketOut
from chalicelib.services.rights import Export


class AccountExport(Out):
    id: str
    username: str
    email: str
    role: str
    created_at: Timestamp
    balance: Money
    marketing_opt_out: bool


class LoginRecordOut(Out):
    """A sign-in: when, and from which IP while it is still held (P8)."""

    at: Timestamp
    ip: str | None
    ip_purge_after: str


class TicketExport(TicketOut):
    messages: list[MessageOut]


class DataExport(Out):
    """Everything held about the caller (P6). Card data is never held, so never in here;
    API keys appear by their metadata only."""

    format: Literal["panel-data-export/1"]
    generated_at: Timestamp
    account: AccountExport
    orders: list[OrderOut]
    ledger: list[EntryOut]
    top_ups: list[TopUpOut]
    tickets: list[TicketExport]
    login_records: list[LoginRecordOut]
    api_keys: list[ApiKeyOut]
    consent_records: list[dict[str, Any]]

    @classmethod
    def of(cls, found: Export) -> DataExport:
        user = found.user
        return cls(
            format="panel-data-export/1", generated_at=found.generated_at.isoformat(),
            account=AccountExport(id=user.user_id, username=user.username, email=user.email, role=user.role.value,
                                  created_at=user.created_at.isoformat(), balance=f"{found.balance:.5f}",
                                  marketing_opt_out=found.marketing_opt_out),
            orders=[OrderOut.of(o) for o in found.orders], ledger=[EntryOut.of(e) for e in found.ledger],
            top_ups=[TopUpOut.of(t) for t in found.top_ups],
            tickets=[TicketExport(**TicketOut.fields_of(t), messages=[MessageOut.of(m) for m in thread])
                     for t, thread in found.tickets],
            login_records=[LoginRecordOut(at=str(r["at"]), ip=r["ip"] if isinstance(r["ip"], str) else None,
                                          ip_purge_after=str(r["ip_purge_after"])) for r in found.logins],
            api_keys=[ApiKeyOut.of(k) for k in found.api_keys], consent_records=found.consent_records,
        )
