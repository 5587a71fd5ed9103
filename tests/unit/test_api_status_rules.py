"""What the standard API's `status` says of a drip-feed and of a subscription (domain.orders)."""

from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from chalicelib.domain.catalog import ServiceType
from chalicelib.domain.orders import Order, OrderStatus, api_progress, api_status

NOW = datetime(2026, 12, 1, tzinfo=UTC)
PLAIN = Order(order_id=1, user_id="u", service_id=1, service_name="S", type=ServiceType.DEFAULT,
              link="https://a.com/x", quantity=500, charge=Decimal("1.00000"), rate=Decimal("2"), fields={},
              status=OrderStatus.IN_PROGRESS, created_at=NOW, updated_at=NOW, provider_id=1, provider_service="9")
DRIP = replace(PLAIN, runs=5, interval=30)
SUBSCRIPTION = replace(PLAIN, type=ServiceType.SUBSCRIPTIONS, link="bob", fields={"posts": 3})


@pytest.mark.parametrize(("status", "upstream", "label"), [
    (OrderStatus.PENDING, None, "Active"),
    (OrderStatus.NEEDS_REVIEW, None, "Active"),
    (OrderStatus.IN_PROGRESS, "Active", "Active"),
    (OrderStatus.IN_PROGRESS, " paused ", "Paused"),
    (OrderStatus.COMPLETED, "Completed", "Completed"),
    (OrderStatus.COMPLETED, "Expired", "Expired"),
    (OrderStatus.PARTIAL, "expired", "Expired"),
    (OrderStatus.PARTIAL, "Partial", "Completed"),
    (OrderStatus.CANCELED, "Paused", "Canceled"),
    (OrderStatus.CANCELED, None, "Canceled"),
])
def test_a_subscription_reports_the_standard_subscription_statuses(status, upstream, label) -> None:
    assert api_status(replace(SUBSCRIPTION, status=status, upstream_status=upstream)) == label


def test_other_orders_keep_the_standard_order_statuses() -> None:
    assert api_status(replace(PLAIN, upstream_status="paused")) == "In progress"
    assert api_status(replace(DRIP, status=OrderStatus.SENDING)) == "Pending"
    assert api_status(replace(DRIP, status=OrderStatus.PARTIAL, upstream_status="Expired")) == "Partial"


def test_a_drip_feed_reports_its_runs_made_and_a_subscription_its_posts_served() -> None:
    assert api_progress(DRIP) == {"runs": "0"}
    assert api_progress(replace(DRIP, runs_done=3)) == {"runs": "3"}
    assert api_progress(SUBSCRIPTION) == {"posts": "0"}
    assert api_progress(replace(SUBSCRIPTION, posts_done=2)) == {"posts": "2"}
    assert api_progress(PLAIN) == {}
