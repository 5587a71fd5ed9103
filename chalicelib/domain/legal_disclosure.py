"""What a disclosure package (and a preservation hold's frozen copy) may contain (promise L4,
Section 4 of the law-enforcement guidelines), as pure rules.

`select(records, categories, period)` returns exactly, per requested category:

- `basic_subscriber`: the account's e-mail address and creation time (one record, not limited by
  the period: it describes the account, not an event in it);
- `login_ips`: each sign-in within the period whose IP address is still held (a purged IP is not
  data we have): time and IP;
- `top_ups`: each credited top-up within the period: date, amount (USD, two decimals) and
  transaction id (the card payment's Stripe reference, else the panel's top-up number), never
  the payment method or any card detail;
- `orders`: each order within the period: date, service id and target link.

Nothing else: no username, tickets, balance, password, session, quantity or charge. The period is
inclusive on both ends and read in UTC (the day of a record's UTC timestamp). Categories outside
the four are refused, and an emergency request is limited to `EMERGENCY_CATEGORIES` (Section 9).

Pure: records in, the selection out; no clock, no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.legal_assessment import EMERGENCY_CATEGORIES
from chalicelib.domain.legal_request import DataCategory

Period = tuple[date, date]

ALLOWED_FIELDS: dict[str, frozenset[str]] = {
    DataCategory.BASIC_SUBSCRIBER.value: frozenset({"email", "account_created_at"}),
    DataCategory.LOGIN_IPS.value: frozenset({"at", "ip"}),
    DataCategory.TOP_UPS.value: frozenset({"date", "amount", "transaction_id"}),
    DataCategory.ORDERS.value: frozenset({"date", "service_id", "target_link"}),
}
"""Every field a selection may hold, per category (a test checks no other ever appears)."""

CREDITED = "succeeded"
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Login:
    at: datetime
    ip: str | None            # None once the retention purge stripped it


@dataclass(frozen=True)
class TopUp:
    at: datetime
    amount: Decimal
    status: str
    top_up_id: int
    payment_reference: str | None = None    # Stripe's payment intent, for card top-ups
    method: str = "card"                    # never disclosed


@dataclass(frozen=True)
class Order:
    at: datetime
    service_id: int
    link: str
    quantity: int = 0                       # never disclosed
    charge: Decimal = Decimal(0)            # never disclosed


@dataclass(frozen=True)
class AccountRecords:
    """What the store read of one account; more than may be disclosed, on purpose: `select`
    is the one place that decides what leaves."""

    email: str
    created_at: datetime
    username: str = ""                      # never disclosed
    logins: Sequence[Login] = field(default_factory=tuple)
    top_ups: Sequence[TopUp] = field(default_factory=tuple)
    orders: Sequence[Order] = field(default_factory=tuple)


def categories_of(given: Iterable[str], *, emergency: bool = False) -> tuple[DataCategory, ...]:
    """The requested categories, checked, sorted and without duplicates. An unknown one is a 400;
    an emergency asking for more than `EMERGENCY_CATEGORIES` is refused, not quietly cut: the
    decision step limits emergencies already, so more here means something upstream is wrong."""
    found: set[DataCategory] = set()
    for name in given:
        try:
            found.add(DataCategory(str(name)))
        except ValueError:
            allowed = ", ".join(c.value for c in DataCategory)
            raise InvalidInput(f"Unknown data category {str(name)[:40]!r}; choose among: {allowed}.",
                               fields={"categories": "unknown"}) from None
    if not found:
        raise InvalidInput("Name at least one data category.", fields={"categories": "missing"})
    if emergency and not found <= set(EMERGENCY_CATEGORIES):
        extra = ", ".join(sorted(c.value for c in found - set(EMERGENCY_CATEGORIES)))
        raise InvalidInput(f"An emergency request discloses only basic subscriber data and login IPs, not {extra}.",
                           fields={"categories": "emergency_limit"})
    return tuple(sorted(found))


def check_period(period: Period) -> Period:
    start, end = period
    if start > end:
        raise InvalidInput("The period's start is after its end.", fields={"period": "reversed"})
    return start, end


def _within(moment: datetime, period: Period) -> bool:
    return period[0] <= moment.astimezone(UTC).date() <= period[1]


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def _transaction_id(top_up: TopUp) -> str:
    return top_up.payment_reference or f"TU-{top_up.top_up_id}"


def select(records: AccountRecords, categories: Iterable[str], period: Period, *,
           emergency: bool = False) -> dict[str, Any]:
    """The disclosable data: one key per requested category (see the module's list), records
    oldest first. JSON-ready: times in ISO 8601 UTC, amounts as text."""
    chosen = categories_of(categories, emergency=emergency)
    period = check_period(period)
    selected: dict[str, Any] = {}
    for category in chosen:
        if category is DataCategory.BASIC_SUBSCRIBER:
            selected[category.value] = {"email": records.email,
                                        "account_created_at": _stamp(records.created_at)}
        elif category is DataCategory.LOGIN_IPS:
            selected[category.value] = [{"at": _stamp(login.at), "ip": login.ip}
                                        for login in sorted(records.logins, key=lambda r: r.at)
                                        if login.ip and _within(login.at, period)]
        elif category is DataCategory.TOP_UPS:
            selected[category.value] = [
                {"date": _stamp(top_up.at), "amount": str(top_up.amount.quantize(CENT)),
                 "transaction_id": _transaction_id(top_up)}
                for top_up in sorted(records.top_ups, key=lambda r: r.at)
                if top_up.status == CREDITED and _within(top_up.at, period)]
        else:
            selected[category.value] = [{"date": _stamp(order.at), "service_id": order.service_id,
                                         "target_link": order.link}
                                        for order in sorted(records.orders, key=lambda r: r.at)
                                        if _within(order.at, period)]
    return selected


def counts(selected: dict[str, Any]) -> dict[str, int]:
    """How many records each category of a selection holds (basic subscriber data counts one)."""
    return {name: (len(value) if isinstance(value, list) else 1) for name, value in selected.items()}
