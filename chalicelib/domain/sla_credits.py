"""Service credits of the SLA (sections 1.5, 4.1 and 4.2; promises S4, S5, S11), as pure maths.

* Availability credit: from the month's exact availability (`sla_availability.MonthReport`),
  at least 99.0%: none; 98.0% to under 99.0%: 1%; 95.0% to under 98.0%: 2%; under 95.0%: 3%.
  The SLA's table reads "98.0% - 98.99%", which leaves 98.991-98.999 unassigned; the rule here
  closes that gap in the customer's favour (anything under 99.0 is a miss).
* The base is the account's top-ups paid within the month (UTC, [start, end)); a top-up made
  with bonus funds counts nothing, and the bonus credited on top of a paid top-up (the panel's
  bonus tiers, `domain.payments.TopUp.bonus`) is never part of `amount`, so it never counts.
* The credit is min(base x percentage, $10.00), rounded down to the cent: never above 3% of the
  base nor above $10.00.
* First-response credit: ten or more first-response breaches in the month give $1.00, once.
* Free and trial accounts (never made a paid top-up) get neither credit.

Amounts are `Decimal` USD; every credit is a whole number of cents.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_DOWN, Decimal
from enum import StrEnum
from fractions import Fraction

from chalicelib.domain.sla_availability import Month, MonthReport

CENT = Decimal("0.01")
NO_CREDIT = Decimal("0.00")
AVAILABILITY_CREDIT_CAP = Decimal("10.00")
FIRST_RESPONSE_CREDIT = Decimal("1.00")
BREACHES_FOR_CREDIT = 10

CREDIT_STEPS: tuple[tuple[Fraction, int], ...] = ((Fraction(99), 0), (Fraction(98), 1), (Fraction(95), 2))
"""(lowest availability, percent) from the top: the first step the availability reaches decides;
below every step the percentage is `MAX_CREDIT_PERCENT`."""
MAX_CREDIT_PERCENT = 3


class Plan(StrEnum):
    """Paid: has made a paid top-up. Trial: a free or trial account, which the SLA does not cover."""

    PAID = "paid"
    TRIAL = "trial"


@dataclass(frozen=True, slots=True)
class TopUpRecord:
    """A balance top-up: `amount` paid at `at`; `bonus_funds` when the top-up itself was bonus money."""

    amount: Decimal
    at: datetime
    bonus_funds: bool = False

    @property
    def counted(self) -> Decimal:
        """What the top-up adds to a credit base: its amount, or nothing for bonus funds."""
        return NO_CREDIT if self.bonus_funds else self.amount


@dataclass(frozen=True, slots=True)
class AccountMonth:
    """What the credits of one account for one month depend on."""

    account_id: str
    plan: Plan
    top_ups: tuple[TopUpRecord, ...]
    first_response_breaches: int


@dataclass(frozen=True, slots=True)
class Entitlement:
    """One account's service credits for one month, each rounded down to the cent."""

    account_id: str
    eligible: bool
    base: Decimal
    """The month's paid top-ups, bonus funds excluded."""
    percent: int
    availability: Decimal
    first_response_breaches: int
    first_response: Decimal

    @property
    def total(self) -> Decimal:
        return self.availability + self.first_response


def credit_percent(availability: Fraction) -> int:
    """The percentage of the base due for an exact monthly availability (0, 1, 2 or 3)."""
    for lowest, percent in CREDIT_STEPS:
        if availability >= lowest:
            return percent
    return MAX_CREDIT_PERCENT


def credit_base(top_ups: Iterable[TopUpRecord], month: Month) -> Decimal:
    """The sum of the top-ups paid within the month, bonus funds excluded."""
    start, end = month.start, month.end
    return sum((t.counted for t in top_ups if start <= t.at < end), Decimal("0"))


def availability_credit(base: Decimal, percent: int) -> Decimal:
    """min(base x percent%, $10.00), rounded down to the cent."""
    if base < 0 or not 0 <= percent <= MAX_CREDIT_PERCENT:
        raise ValueError(f"no credit for a base of {base} at {percent}%")
    return min(base * percent / 100, AVAILABILITY_CREDIT_CAP).quantize(CENT, rounding=ROUND_DOWN)


def first_response_credit(breaches: int) -> Decimal:
    """$1.00 for ten or more breaches in the month, once; nothing below ten."""
    if breaches < 0:
        raise ValueError("a count of breaches is never negative")
    return FIRST_RESPONSE_CREDIT if breaches >= BREACHES_FOR_CREDIT else NO_CREDIT


def entitlement(account: AccountMonth, report: MonthReport) -> Entitlement:
    """The credits `account` is entitled to for the month of `report`."""
    base = credit_base(account.top_ups, report.month)
    percent = credit_percent(report.availability)
    if account.plan is not Plan.PAID:
        return Entitlement(account.account_id, False, base, percent, NO_CREDIT,
                           account.first_response_breaches, NO_CREDIT)
    return Entitlement(account.account_id, True, base, percent, availability_credit(base, percent),
                       account.first_response_breaches, first_response_credit(account.first_response_breaches))


def show_amount(value: Decimal) -> str:
    """A credit as text with two decimals, e.g. "1.20"."""
    return str(value.quantize(CENT, rounding=ROUND_DOWN))
