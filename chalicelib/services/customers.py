"""Staff's work on a customer's account: find it, read its file, adjust its balance, set its rates.

The admin console and the operator CLI (`panel balance credit`) call these same functions, so
a rule (who may be adjusted, the adjustment's sign and entry id) is written once.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

from chalicelib.domain.accounts import User, normalize_email
from chalicelib.domain.catalog import CustomRate
from chalicelib.domain.errors import NotFound
from chalicelib.domain.ledger import Direction, LedgerEntry, adjustment_entry_id, signed_adjustment
from chalicelib.domain.ledger import withdrawable as ledger_withdrawable
from chalicelib.domain.money import parse_amount
from chalicelib.services import catalog, ledger
from chalicelib.store import catalog as catalog_store
from chalicelib.store import ledger as ledger_store
from chalicelib.store import users
from chalicelib.store.ledger import Account

NO_SUCH_USER = "No such user."


@dataclass(frozen=True)
class CustomerFile:
    """What staff see of one account: who, the balance, a page of its ledger, its own prices."""

    user: User
    account: Account
    ledger: list[LedgerEntry]
    ledger_next_cursor: str | None
    custom_rates: dict[int | None, CustomRate]


def find_by_email(email: str) -> User | None:
    """The account with this e-mail (any spelling of it), or None."""
    return users.get_by_email(normalize_email(email))


def _existing(user_id: str) -> User:
    user = users.get(user_id)
    if user is None:
        raise NotFound(NO_SUCH_USER)
    return user


def customer_file(user_id: str, limit: int, cursor: str | None) -> CustomerFile:
    user = users.get(user_id)
    account = ledger_store.account(user_id) if user else None
    if user is None or account is None:
        raise NotFound(NO_SUCH_USER)
    entries, next_cursor = ledger_store.entries_page(user_id, limit, cursor)
    return CustomerFile(user=user, account=account, ledger=entries, ledger_next_cursor=next_cursor,
                        custom_rates=catalog_store.custom_rates(user_id))


def adjust_balance(user_id: str, amount: Decimal, direction: Direction, reason: str, staff_id: str) -> LedgerEntry:
    """A manual credit or debit of `amount` (positive) with a required reason, written with its
    audit record. Each call is a new movement (a fresh entry id): staff who mean one adjustment
    make one call. A debit never takes a balance below zero."""
    _existing(user_id)
    return ledger.adjust(user_id, signed_adjustment(amount, direction), reason, staff_id,
                         entry_id=adjustment_entry_id(uuid.uuid4().hex))


def set_custom_rate(user_id: str, service_id: int | None, fixed_rate: str | None,
                    discount_percent: str | None) -> None:
    """A customer's own price: a fixed rate for a service, or a discount (for one service or all)."""
    _existing(user_id)
    fixed = parse_amount(fixed_rate, field="fixed_rate") if fixed_rate is not None else None
    discount = (parse_amount(discount_percent, field="discount_percent", max_places=2)
                if discount_percent is not None else None)
    catalog.set_custom_rate(user_id, service_id, fixed, discount)


def withdrawable(account: ledger_store.Account) -> Decimal:
    """What of the account's balance may be refunded or paid out (never service credit or bonus)."""
    return ledger_withdrawable(account.balance, account.restricted)
