"""Data-subject rights: deletion, corrections and objections (the export's answer is in
schemas/rights_export.py, loaded on first use: it names the orders', payments' and tickets' models)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from chalicelib.api.contract import Body
from chalicelib.api.schemas.accounts import UserOut
from chalicelib.api.schemas.common import Money, Out
from chalicelib.services.erasure import Erased
from chalicelib.services.rights import DeletionPreview

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
