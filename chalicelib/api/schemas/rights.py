"""Data-subject rights: the export, deletion, corrections and objections."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from chalicelib.api.contract import Body
from chalicelib.api.schemas.accounts import ApiKeyOut, UserOut
from chalicelib.api.schemas.common import Money, Out, Timestamp
from chalicelib.api.schemas.orders import EntryOut, OrderOut
from chalicelib.api.schemas.payments import TopUpOut
from chalicelib.api.schemas.tickets import MessageOut, TicketOut
from chalicelib.services.erasure import Erased
from chalicelib.services.rights import DeletionPreview, Export

# --- request bodies -------------------------------------------------------------------------


class DeleteAccountBody(Body):
    password: str = Field(max_length=1000)
    # Required (true) when a balance remains: it is shown first by GET /me/delete.
    accept_balance_loss: bool = False


class UsernameBody(Body):
    username: str = Field(max_length=200)


class EmailChangeBody(Body):
    email: str = Field(max_length=320)
    password: str = Field(max_length=1000)


class EmailConfirmBody(Body):
    token: str = Field(max_length=200)


class PreferencesBody(Body):
    marketing_opt_out: bool


# --- answers --------------------------------------------------------------------------------


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


class DeletionInfo(Out):
    """What deleting the account means, shown before the customer confirms."""

    balance: Money
    currency: Literal["USD"]
    open_orders: int
    balance_must_be_accepted: bool
    what_happens: list[str]
    financial_records_kept: str

    @classmethod
    def of(cls, preview: DeletionPreview) -> DeletionInfo:
        return cls(
            balance=f"{preview.balance:.2f}", currency="USD", open_orders=preview.open_orders,
            balance_must_be_accepted=preview.balance > 0,
            what_happens=[
                "You are signed out everywhere and every API key stops working at once.",
                "Your e-mail address and username are erased and can be used for a new account.",
                "Your support tickets' text and attachments and your sign-in records (with IP addresses) "
                "are deleted.",
                "Orders still running finish; then their links are erased too.",
                "A remaining balance is not paid out automatically: ask support for a refund before deleting.",
            ],
            financial_records_kept=FINANCIAL_RECORDS_KEPT,
        )


FINANCIAL_RECORDS_KEPT = (
    "Orders, payments and balance movements are kept without your e-mail, username or order links, "
    "under an account number only, for 6 years after the end of the financial year they belong to "
    "(UK accounting and tax law: Companies Act 2006 s.388, HMRC record keeping), then deleted.")


class AccountDeleted(Out):
    deleted: Literal[True]
    account_reference: str = Field(description="Quote this to support about a refund of a remaining balance.")
    balance_left: Money
    orders_still_running: int
    message: str

    @classmethod
    def of(cls, erased: Erased) -> AccountDeleted:
        return cls(deleted=True, account_reference=erased.user_id, balance_left=f"{erased.balance:.2f}",
                   orders_still_running=erased.orders_still_open,
                   message="Your account was deleted and you were signed out.")


class UsernameChanged(Out):
    user: UserOut


class EmailChangeRequested(Out):
    message: str
    pending_email: str


class EmailChanged(Out):
    message: str
    email: str


class Preferences(Out):
    marketing_opt_out: bool
