"""The settlement rule table (docs/architecture.md, "How an order ends"): one test per row."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chalicelib.domain.catalog import ServiceType
from chalicelib.domain.orders import OrderStatus
from chalicelib.domain.settlement import Charged, Report, cancel_before_sending, settle

PLAIN = Charged(ServiceType.DEFAULT, quantity=1000, charge=Decimal("1.00000"))
DRIP = Charged(ServiceType.DEFAULT, quantity=1000, charge=Decimal("2.00000"), runs=10)  # 100 a run
SUBSCRIPTION = Charged(ServiceType.SUBSCRIPTIONS, quantity=500, charge=Decimal("5.00000"), posts=5)  # 100 a post


@pytest.mark.promise("O3")
def test_rule_0_a_cancel_before_sending_refunds_everything() -> None:
    for bought in (PLAIN, DRIP, SUBSCRIPTION):
        outcome = cancel_before_sending(bought)
        assert (outcome.status, outcome.refund) == (OrderStatus.CANCELED, bought.charge)


@pytest.mark.promise("O3")
def test_rule_1_completed_refunds_nothing_whatever_remains_says() -> None:
    outcome = settle(PLAIN, Report(OrderStatus.COMPLETED, remains=250))
    assert (outcome.status, outcome.refund, outcome.review) == (OrderStatus.COMPLETED, Decimal(0), None)


@pytest.mark.promise("O3")
@pytest.mark.parametrize(("status", "remains", "refund"), [
    (OrderStatus.PARTIAL, 250, "0.25000"),
    (OrderStatus.PARTIAL, 3, "0.00300"),
    (OrderStatus.PARTIAL, 5000, "1.00000"),  # remains above quantity never refund more than paid
    (OrderStatus.PARTIAL, -4, "0.00000"),
    (OrderStatus.CANCELED, 0, "0.00000"),    # canceled after delivering everything
    (OrderStatus.CANCELED, 400, "0.40000"),  # canceled after delivering some
    (OrderStatus.CANCELED, 1000, "1.00000"),
])
def test_rule_2_the_providers_remains_decide(status, remains, refund) -> None:
    outcome = settle(PLAIN, Report(status, remains=remains))
    assert outcome.status == status and outcome.refund == Decimal(refund)


@pytest.mark.promise("O3")
def test_rule_2_remains_win_over_runs_and_posts() -> None:
    assert settle(DRIP, Report(OrderStatus.CANCELED, remains=100, runs_done=2)).refund == Decimal("0.20000")


@pytest.mark.promise("O3")
@pytest.mark.parametrize(("runs_done", "refund"), [(0, "2.00000"), (3, "1.40000"), (10, "0.00000"), (99, "0.00000")])
def test_rule_3_a_dripfeed_canceled_refunds_the_runs_not_made(runs_done, refund) -> None:
    outcome = settle(DRIP, Report(OrderStatus.CANCELED, runs_done=runs_done))
    assert outcome.status == OrderStatus.CANCELED and outcome.refund == Decimal(refund)


@pytest.mark.promise("O3")
def test_rule_4_an_expired_subscription_refunds_the_posts_not_served() -> None:
    outcome = settle(SUBSCRIPTION, Report(OrderStatus.COMPLETED, expired=True, posts_done=2))
    assert (outcome.status, outcome.undelivered, outcome.refund) == (OrderStatus.PARTIAL, 300, Decimal("3.00000"))
    served = settle(SUBSCRIPTION, Report(OrderStatus.COMPLETED, expired=True, posts_done=5))
    assert (served.status, served.refund) == (OrderStatus.COMPLETED, Decimal(0))


@pytest.mark.promise("O3")
def test_rule_4_a_subscription_canceled_after_some_posts_refunds_the_rest() -> None:
    outcome = settle(SUBSCRIPTION, Report(OrderStatus.CANCELED, posts_done=1))
    assert (outcome.status, outcome.refund) == (OrderStatus.CANCELED, Decimal("4.00000"))


@pytest.mark.promise("O3")
def test_rule_5_a_plain_order_canceled_upstream_without_remains_refunds_all() -> None:
    outcome = settle(PLAIN, Report(OrderStatus.CANCELED))
    assert (outcome.status, outcome.refund) == (OrderStatus.CANCELED, PLAIN.charge)


@pytest.mark.promise("O3")
@pytest.mark.parametrize(("bought", "report"), [
    (PLAIN, Report(OrderStatus.PARTIAL)),
    (DRIP, Report(OrderStatus.PARTIAL)),
    (DRIP, Report(OrderStatus.CANCELED)),
    (SUBSCRIPTION, Report(OrderStatus.CANCELED)),
    (SUBSCRIPTION, Report(OrderStatus.COMPLETED, expired=True)),
])
def test_rule_6_no_progress_given_means_staff_review_and_no_money(bought, report) -> None:
    outcome = settle(bought, report)
    assert outcome.status is None and outcome.refund == 0 and outcome.review


def test_an_open_status_cannot_settle() -> None:
    with pytest.raises(ValueError):
        settle(PLAIN, Report(OrderStatus.IN_PROGRESS, remains=10))


@pytest.mark.promise("O3")
@given(st.decimals(min_value=Decimal("0.00001"), max_value=Decimal("10000"), places=5),
       st.integers(1, 1_000_000), st.integers(-10, 2_000_000),
       st.sampled_from([OrderStatus.PARTIAL, OrderStatus.CANCELED, OrderStatus.COMPLETED]))
def test_a_refund_never_exceeds_the_charge(charge, quantity, remains, status) -> None:
    outcome = settle(Charged(ServiceType.DEFAULT, quantity, charge), Report(status, remains=remains))
    assert Decimal(0) <= outcome.refund <= charge
