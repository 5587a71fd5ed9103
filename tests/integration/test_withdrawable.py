"""Service credit and bonus are spent but never paid out (S13): the account's non-withdrawable
part moves with every balance change, on DynamoDB Local."""

from __future__ import annotations

import secrets
import threading
from decimal import Decimal

import pytest

from chalicelib.domain.errors import Conflict, InvalidInput
from chalicelib.domain.ledger import EntryKind, restricted_shown, withdrawable
from chalicelib.services import ledger, orders
from chalicelib.services.payments import payouts
from chalicelib.services.payments import staff as payment_staff
from chalicelib.store import ledger as ledger_store
from tests.support.accounts import customer, new_staff
from tests.support.catalog import service

LINK = "https://instagram.com/p/credit"


def _credit(user_id: str, amount: str, kind: EntryKind = EntryKind.SERVICE_CREDIT) -> None:
    ledger.move(user_id, Decimal(amount), kind, f"{kind.value}#{secrets.token_hex(4)}", "test")


def _account(user_id: str) -> ledger_store.Account:
    account = ledger_store.account(user_id)
    assert account is not None
    return account


@pytest.mark.promise("S13")
def test_service_credit_and_bonus_are_spent_first_and_never_paid_out() -> None:
    user_id, staff = customer("5.00"), new_staff()
    _credit(user_id, "2.00")
    _credit(user_id, "1.00", EntryKind.BONUS)
    assert (_account(user_id).balance, _account(user_id).restricted) == (Decimal("8.00"), Decimal("3.00"))
    assert ledger.withdrawable_of(user_id) == Decimal("5.00")
    orders.place(user_id, service().service_id, {"link": LINK, "quantity": 2000})   # $2.00, from the credit
    assert (_account(user_id).balance, _account(user_id).restricted) == (Decimal("6.00"), Decimal("1.00"))
    with pytest.raises(InvalidInput, match=r"At most 5\.00 USD"):
        payouts.pay_out(staff.user_id, user_id, "5.01", "bank ref 1", secrets.token_hex(8))
    assert _account(user_id).balance == Decimal("6.00")
    payouts.pay_out(staff.user_id, user_id, "5.00", "bank ref 2", secrets.token_hex(8))
    assert (_account(user_id).balance, _account(user_id).restricted) == (Decimal("1.00"), Decimal("1.00"))
    with pytest.raises(InvalidInput, match=r"At most 0\.00 USD"):
        payouts.pay_out(staff.user_id, user_id, "0.01", "bank ref 3", secrets.token_hex(8))


@pytest.mark.promise("S13")
def test_a_refunded_order_gives_back_the_credit_it_spent_not_cash() -> None:
    user_id, staff = customer("5.00"), new_staff()
    _credit(user_id, "5.00")
    order = orders.place(user_id, service().service_id, {"link": LINK, "quantity": 5000})   # $5.00 of credit
    assert _account(user_id).restricted == Decimal("0.00")
    orders.request_cancel(user_id, order.order_id)                                           # refunded at once
    assert (_account(user_id).balance, _account(user_id).restricted) == (Decimal("10.00"), Decimal("5.00"))
    with pytest.raises(InvalidInput):
        payouts.pay_out(staff.user_id, user_id, "5.01", "bank ref", secrets.token_hex(8))


@pytest.mark.promise("S13")
def test_concurrent_payouts_never_pay_out_more_than_the_withdrawable_part() -> None:
    user_id = customer("3.00")
    _credit(user_id, "10.00")
    staff = new_staff()
    results: list[str] = []

    def pay() -> None:
        try:
            payouts.pay_out(staff.user_id, user_id, "1.00", "bank ref", secrets.token_hex(8))
            results.append("paid")
        except InvalidInput:
            results.append("refused")

    threads = [threading.Thread(target=pay) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("paid") == 3 and results.count("refused") == 3
    assert (_account(user_id).balance, _account(user_id).restricted) == (Decimal("10.00"), Decimal("10.00"))


def test_money_taken_out_otherwise_is_cash_and_leaves_the_credit_restricted() -> None:
    user_id = customer("2.00")
    _credit(user_id, "3.00")
    ledger.adjust(user_id, Decimal("-4.00"), "correction", "staff", entry_id=f"adjust#{secrets.token_hex(4)}")
    account = _account(user_id)
    assert (account.balance, account.restricted) == (Decimal("1.00"), Decimal("3.00"))
    assert withdrawable(account.balance, account.restricted) == Decimal("0.00")
    assert restricted_shown(account.balance, account.restricted) == Decimal("1.00")


@pytest.mark.promise("S13")
def test_credit_never_becomes_cash_when_money_taken_back_returns() -> None:
    """Top-up 100, orders 90, SLA credit 50: 10 withdrawable. A dispute takes the 100 back and is
    then won: the balance is 60 again and still only 10 of it may be paid out."""
    user_id = customer("100.00")
    ledger.move(user_id, Decimal("-90.00"), EntryKind.ORDER_CHARGE, f"charge#{secrets.token_hex(4)}", "orders")
    _credit(user_id, "50.00")
    assert withdrawable(_account(user_id).balance, _account(user_id).restricted) == Decimal("10.00")

    ledger.move(user_id, Decimal("-100.00"), EntryKind.DISPUTE, f"dispute#{secrets.token_hex(4)}", "dispute",
                may_go_negative=True)
    assert (_account(user_id).balance, _account(user_id).restricted) == (Decimal("-40.00"), Decimal("50.00"))
    ledger.move(user_id, Decimal("100.00"), EntryKind.DISPUTE_WON, f"won#{secrets.token_hex(4)}", "dispute won")

    account = _account(user_id)
    assert (account.balance, account.restricted) == (Decimal("60.00"), Decimal("50.00"))
    assert withdrawable(account.balance, account.restricted) == Decimal("10.00")
    staff = new_staff().user_id
    payment_staff.unlock(staff, user_id, "dispute won")
    with pytest.raises(InvalidInput, match=r"At most 10\.00 USD"):
        payouts.pay_out(staff, user_id, "10.01", "bank ref", secrets.token_hex(8))


def test_no_payout_while_the_account_is_locked_after_a_dispute() -> None:
    user_id = customer("10.00")
    ledger.move(user_id, Decimal("-9.00"), EntryKind.ORDER_CHARGE, f"charge#{secrets.token_hex(4)}", "orders")
    ledger.move(user_id, Decimal("-10.00"), EntryKind.DISPUTE, f"dispute#{secrets.token_hex(4)}", "dispute",
                may_go_negative=True)
    ledger.move(user_id, Decimal("10.00"), EntryKind.DISPUTE_WON, f"won#{secrets.token_hex(4)}", "dispute won")
    account = _account(user_id)
    assert account.locked and account.balance == Decimal("1.00")
    with pytest.raises(Conflict, match="locked"):
        payouts.pay_out(new_staff().user_id, user_id, "1.00", "bank ref", secrets.token_hex(8))
    assert _account(user_id).balance == Decimal("1.00")
