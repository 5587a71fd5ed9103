"""How an order ends: what was not delivered, and what goes back to the customer (O3).

One rule table for every way an order ends (a provider's final status, a cancel before
dispatch, staff settling an order by hand), written out in docs/architecture.md. The
customer gets back the undelivered share of what they paid, rounded down to the cent's
fraction we keep; when nobody can say how much was delivered, no money moves and the
order waits for staff instead of guessing (a guess either pays the customer for work the
provider billed us, or keeps money for work never done).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from chalicelib.domain.catalog import ServiceType
from chalicelib.domain.money import quantize
from chalicelib.domain.orders import FINAL_STATUSES, OrderStatus

NOTHING = Decimal("0.00000")


@dataclass(frozen=True)
class Charged:
    """What the customer bought: `quantity` units (per-run quantity x runs for a drip-feed,
    max x posts for a subscription) for `charge`."""

    type: ServiceType
    quantity: int
    charge: Decimal
    runs: int | None = None   # drip-feed runs bought
    posts: int | None = None  # subscription posts bought

    @property
    def dripfeed(self) -> bool:
        return bool(self.runs)

    @property
    def subscription(self) -> bool:
        return self.type == ServiceType.SUBSCRIPTIONS


@dataclass(frozen=True)
class Report:
    """How the provider says the order ended, with whatever progress it gave."""

    status: OrderStatus         # a final status
    expired: bool = False       # a subscription that reached its expiry date
    remains: int | None = None  # units not delivered
    runs_done: int | None = None
    posts_done: int | None = None


@dataclass(frozen=True)
class Outcome:
    """`status` and `refund` when the order can end; `review` (a reason) when staff must
    find out what was delivered first."""

    status: OrderStatus | None
    undelivered: int
    refund: Decimal
    review: str | None = None


def _share(done: int, of: int) -> int:
    return min(max(done, 0), of)


def undelivered(bought: Charged, report: Report) -> int | None:
    """Units not delivered, or None when the report does not say."""
    if report.status == OrderStatus.COMPLETED and not report.expired:
        return 0  # rule 1: completed means everything was delivered
    if report.remains is not None:
        return _share(report.remains, bought.quantity)  # rule 2: the provider's remains
    if bought.dripfeed and report.runs_done is not None and bought.runs:
        runs = bought.runs
        per_run = bought.quantity // runs
        return per_run * (runs - _share(report.runs_done, runs))  # rule 3: runs not made
    if bought.subscription and report.posts_done is not None and bought.posts:
        posts = bought.posts
        per_post = bought.quantity // posts
        return per_post * (posts - _share(report.posts_done, posts))  # rule 4: posts not served
    if report.status == OrderStatus.CANCELED and not (bought.dripfeed or bought.subscription):
        return bought.quantity  # rule 5: a plain order canceled upstream delivered nothing
    return None  # rule 6: Partial, or a drip-feed/subscription ended, with no progress given


def refund_for(bought: Charged, units: int) -> Decimal:
    """The undelivered share of the charge, rounded down; all of it when nothing was delivered."""
    if units >= bought.quantity:
        return bought.charge
    if units <= 0 or bought.quantity <= 0:
        return NOTHING
    return quantize(bought.charge * Decimal(units) / Decimal(bought.quantity), down=True)


def settle(bought: Charged, report: Report) -> Outcome:
    if report.status not in FINAL_STATUSES:
        raise ValueError(f"{report.status} is not a final status")
    units = undelivered(bought, report)
    if units is None:
        what = "expired" if report.expired else report.status.value
        return Outcome(None, 0, NOTHING, review=f"the provider reported {what} without saying what was delivered; "
                                                "enter the remains to settle")
    status = report.status
    if report.expired or status == OrderStatus.COMPLETED:
        # An expired subscription ends partial when posts were left over.
        status = OrderStatus.PARTIAL if units > 0 else OrderStatus.COMPLETED
    return Outcome(status, units, refund_for(bought, units))


def cancel_before_sending(bought: Charged) -> Outcome:
    """Rule 0: canceled before the provider had it (the customer, a refusal, staff): all back."""
    return Outcome(OrderStatus.CANCELED, bought.quantity, bought.charge)
