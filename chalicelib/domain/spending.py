"""What a customer spent in a month, from the ledger: the dashboard's "spend this month".

Spend is what orders charged minus what order refunds gave back, counting each entry in the
UTC month it was written in (a refund this month of an order placed last month lowers this
month's spend). Top-ups, bonuses, service credit, staff adjustments and card refunds or
disputes are not spending and are left out. A month whose refunds exceed its charges spent
nothing: the figure never goes below zero.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

from chalicelib.domain.ledger import EntryKind, LedgerEntry
from chalicelib.domain.money import ZERO, quantize

SPENDING_KINDS = frozenset({EntryKind.ORDER_CHARGE, EntryKind.REFUND})


@dataclass(frozen=True)
class Month:
    """A UTC calendar month: from `start` (inclusive) to `end` (exclusive)."""

    start: datetime
    end: datetime

    @property
    def label(self) -> str:
        return self.start.strftime("%Y-%m")

    def holds(self, moment: datetime) -> bool:
        return self.start <= moment.astimezone(UTC) < self.end


def month_of(moment: datetime) -> Month:
    """The UTC month `moment` falls in (an aware datetime, any offset)."""
    utc = moment.astimezone(UTC)
    start = datetime(utc.year, utc.month, 1, tzinfo=UTC)
    end = datetime(utc.year + 1, 1, 1, tzinfo=UTC) if utc.month == 12 else datetime(utc.year, utc.month + 1, 1,
                                                                                   tzinfo=UTC)
    return Month(start, end)


def month_spend(entries: Iterable[LedgerEntry], month: Month) -> Decimal:
    """Order charges minus order refunds written in `month`, never below zero."""
    net = ZERO
    for entry in entries:
        if entry.kind in SPENDING_KINDS and month.holds(entry.at):
            net -= entry.amount  # a charge is a negative amount, a refund a positive one
    return quantize(max(net, ZERO))
