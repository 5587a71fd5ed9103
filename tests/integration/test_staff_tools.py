"""Staff's tools on DynamoDB Local: the admin console and the operator CLI adjust balances
through one service (services/customers.py), and reconcile orders through one entry point."""

from __future__ import annotations

import json
import re
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from click.testing import CliRunner

from chalicelib.domain.errors import InvalidInput, NotEnoughFunds, NotFound
from chalicelib.domain.ledger import Direction, EntryKind
from chalicelib.services import customers, order_review
from chalicelib.store import ledger as ledger_store
from chalicelib.store import users
from ops.cli import cli as panel
from tests.support.accounts import customer

ADJUST_ID = re.compile(r"^adjust#[0-9a-f]{32}$")


def test_a_debit_takes_money_and_each_adjustment_is_its_own_entry() -> None:
    user_id = customer("10")
    first = customers.adjust_balance(user_id, Decimal("2.5"), Direction.DEBIT, " refund fee ", "staff-1")
    second = customers.adjust_balance(user_id, Decimal("2.5"), Direction.DEBIT, "refund fee", "staff-1")
    assert (first.amount, second.amount) == (Decimal("-2.5"), Decimal("-2.5"))
    assert ADJUST_ID.match(first.entry_id) and ADJUST_ID.match(second.entry_id)
    assert first.entry_id != second.entry_id
    assert first.kind == EntryKind.MANUAL_ADJUSTMENT and first.reason == "refund fee" and first.staff_id == "staff-1"
    assert ledger_store.account(user_id).balance == Decimal("5")


def test_an_unknown_customer_is_not_found_and_nothing_moves() -> None:
    with pytest.raises(NotFound, match="No such user"):
        customers.adjust_balance("no-such-user", Decimal("1"), Direction.CREDIT, "x", "staff-1")
    assert ledger_store.account("no-such-user") is None
    with pytest.raises(NotFound, match="No such user"):
        customers.set_custom_rate("no-such-user", None, None, "10")


def test_concurrent_debits_never_take_a_balance_below_zero() -> None:
    user_id = customer("3")

    def debit(_: int) -> str:
        try:
            customers.adjust_balance(user_id, Decimal("1"), Direction.DEBIT, "race", "staff-2")
        except NotEnoughFunds:
            return "refused"
        return "taken"

    with ThreadPoolExecutor(max_workers=6) as pool:
        outcomes = list(pool.map(debit, range(6)))
    assert sorted(outcomes) == ["refused"] * 3 + ["taken"] * 3
    assert ledger_store.account(user_id).balance == Decimal("0")
    assert len([e for e in ledger_store.entries(user_id) if e.kind == EntryKind.MANUAL_ADJUSTMENT]) == 3


def test_the_cli_adjusts_through_the_same_service(fresh_table) -> None:
    user_id = customer("5")
    email = users.get(user_id).email
    runner = CliRunner()
    debited = runner.invoke(panel, ["--stage", "test", "balance", "credit", "--email", email.upper(),
                                    "--amount", "-1.5", "--reason", "fee"])
    assert debited.exit_code == 0, debited.output
    answer = json.loads(debited.output)
    assert answer["amount"] == "-1.50000" and answer["balance"] == "3.50000"
    assert ADJUST_ID.match(answer["entry_id"])
    assert customers.find_by_email(f"  {email.upper()} ").user_id == user_id
    refused = runner.invoke(panel, ["--stage", "test", "balance", "credit", "--email", email,
                                    "--amount", "1e", "--reason", "x"])
    assert refused.exit_code == 2 and "amount '1e' is not a number" in refused.output


@pytest.mark.parametrize("remains", [None, "", "-1", "1.5", "²", "ten"])
def test_settling_needs_the_remains_as_a_whole_number(remains: str | None) -> None:
    with pytest.raises(InvalidInput) as refused:
        order_review.reconcile(1, order_review.Reconcile.SETTLE, "staff-1", remains=remains)
    assert refused.value.fields == {"remains": "invalid"}
