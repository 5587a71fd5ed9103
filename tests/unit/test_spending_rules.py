"""Spend this month: order charges minus order refunds in the current UTC month's ledger."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from chalicelib.domain.ledger import EntryKind, LedgerEntry
from chalicelib.domain.spending import month_of, month_spend


def entry(kind: EntryKind, amount: str, at: datetime) -> LedgerEntry:
    return LedgerEntry(entry_id=f"{kind}#{at.isoformat()}", user_id="u1", kind=kind, amount=Decimal(amount),
                       balance_after=Decimal(0), seq=1, at=at, reference="test")


DEC = month_of(datetime(2026, 12, 2, 14, 5, tzinfo=UTC))


def test_the_month_is_the_utc_calendar_month() -> None:
    assert (DEC.start, DEC.end, DEC.label) == (datetime(2026, 12, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC),
                                               "2026-12")
    feb = month_of(datetime(2028, 2, 29, 23, 59, tzinfo=UTC))
    assert (feb.start.day, feb.end.month, feb.end.day) == (1, 3, 1)
    # 00:30 on 1 December in UTC+2 is still November in UTC.
    assert month_of(datetime(2026, 12, 1, 0, 30, tzinfo=timezone(timedelta(hours=2)))).label == "2026-11"


def test_charges_minus_refunds_of_the_month_only() -> None:
    entries = [
        entry(EntryKind.TOP_UP, "100", datetime(2026, 12, 1, tzinfo=UTC)),
        entry(EntryKind.ORDER_CHARGE, "-10.00000", datetime(2026, 12, 1, tzinfo=UTC)),  # first instant counts
        entry(EntryKind.ORDER_CHARGE, "-2.50001", datetime(2026, 12, 31, 23, 59, 59, tzinfo=UTC)),
        entry(EntryKind.REFUND, "4.00000", datetime(2026, 12, 15, tzinfo=UTC)),
        entry(EntryKind.ORDER_CHARGE, "-7", datetime(2026, 11, 30, 23, 59, 59, tzinfo=UTC)),  # last month
        entry(EntryKind.ORDER_CHARGE, "-9", datetime(2027, 1, 1, tzinfo=UTC)),                 # next month
        entry(EntryKind.BONUS, "5", datetime(2026, 12, 3, tzinfo=UTC)),
        entry(EntryKind.SERVICE_CREDIT, "3", datetime(2026, 12, 3, tzinfo=UTC)),
        entry(EntryKind.MANUAL_ADJUSTMENT, "-1", datetime(2026, 12, 3, tzinfo=UTC)),
        entry(EntryKind.PAYMENT_REFUND, "-20", datetime(2026, 12, 3, tzinfo=UTC)),
        entry(EntryKind.DISPUTE, "-20", datetime(2026, 12, 3, tzinfo=UTC)),
        entry(EntryKind.PAYOUT, "-5", datetime(2026, 12, 3, tzinfo=UTC)),
    ]
    assert month_spend(entries, DEC) == Decimal("8.50001")


def test_an_entry_written_with_another_offset_counts_in_its_utc_month() -> None:
    plus_two = timezone(timedelta(hours=2))
    entries = [entry(EntryKind.ORDER_CHARGE, "-1", datetime(2026, 12, 1, 1, 0, tzinfo=plus_two)),   # 23:00 UTC Nov
               entry(EntryKind.ORDER_CHARGE, "-2", datetime(2026, 12, 1, 3, 0, tzinfo=plus_two))]  # 01:00 UTC Dec
    assert month_spend(entries, DEC) == Decimal("2.00000")


@pytest.mark.parametrize("entries", [
    [],
    [entry(EntryKind.REFUND, "6", datetime(2026, 12, 5, tzinfo=UTC)),  # refund of last month's order
     entry(EntryKind.ORDER_CHARGE, "-1", datetime(2026, 12, 6, tzinfo=UTC))],
])
def test_a_month_never_spent_less_than_nothing(entries: list[LedgerEntry]) -> None:
    assert month_spend(entries, DEC) == Decimal("0.00000")
