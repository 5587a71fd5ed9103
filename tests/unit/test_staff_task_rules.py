"""Staff tasks' pure rules: the refund task's wording and the note's checks."""

from __future__ import annotations

from decimal import Decimal

import pytest

from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.staff_tasks import MAX_NOTE, checked_note, minor_refund_task_id, refund_text


def test_the_refund_text_names_the_account_and_the_amount_in_cents_never_rounded_up() -> None:
    assert refund_text("u-1", Decimal("7.99999")) == (
        "Refund the remaining withdrawable balance of $7.99 of account u-1 to its payment method, "
        "or record why not (service credit and bonus are never paid out).")
    assert "$0.50 " in refund_text("u-1", Decimal("0.5"))


def test_one_task_id_per_account() -> None:
    assert minor_refund_task_id("u-1") == minor_refund_task_id("u-1") != minor_refund_task_id("u-2")


@pytest.mark.parametrize("bad", [None, "", "   ", 5, "x" * (MAX_NOTE + 1)])
def test_a_note_is_required_and_bounded(bad: object) -> None:
    with pytest.raises(InvalidInput):
        checked_note(bad)


def test_a_note_is_trimmed() -> None:
    assert checked_note("  refunded  ") == "refunded"
