"""What a customer may ask of an order (cancel, refill) and the order list's filters, as pure rules:
the order page's buttons and the requests themselves read the same functions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from chalicelib.domain.catalog import ServiceType
from chalicelib.domain.orders import (
    CANCEL_NOT_OFFERED,
    CANCEL_TOO_LATE,
    REFILL_NOT_OFFERED,
    Order,
    OrderFilter,
    OrderStatus,
    cancel_refusal,
    refill_refusal,
)

NOW = datetime(2026, 12, 2, 12, tzinfo=UTC)


@pytest.mark.parametrize(("status", "allowed"), [
    (OrderStatus.PENDING, True), (OrderStatus.SENDING, True), (OrderStatus.PROCESSING, True),
    (OrderStatus.IN_PROGRESS, True), (OrderStatus.COMPLETED, False), (OrderStatus.PARTIAL, False),
    (OrderStatus.CANCELED, False), (OrderStatus.NEEDS_REVIEW, False),
])
def test_an_open_order_of_a_service_that_cancels_may_be_canceled(status: OrderStatus, allowed: bool) -> None:
    assert cancel_refusal(status, True) == (None if allowed else CANCEL_TOO_LATE)
    assert cancel_refusal(status, False) == CANCEL_NOT_OFFERED


@pytest.mark.parametrize(("status", "completed_ago", "allowed"), [
    (OrderStatus.COMPLETED, timedelta(days=1), True),
    (OrderStatus.PARTIAL, timedelta(days=30), True),          # the window's last moment still counts
    (OrderStatus.COMPLETED, timedelta(days=30, seconds=1), False),
    (OrderStatus.COMPLETED, None, False),                    # never recorded as completed
    (OrderStatus.CANCELED, timedelta(days=1), False),
    (OrderStatus.PROCESSING, None, False),
    (OrderStatus.PENDING, None, False),
])
def test_a_refill_is_offered_within_the_window_after_delivery(status: OrderStatus, completed_ago: timedelta | None,
                                                             allowed: bool) -> None:
    completed_at = NOW - completed_ago if completed_ago is not None else None
    refusal = refill_refusal(status, completed_at, NOW, True, 30)
    assert (refusal is None) == allowed
    if not allowed:
        assert refusal == "Refills can be requested for completed orders within 30 days of completion."
    assert refill_refusal(status, completed_at, NOW, False, 30) == REFILL_NOT_OFFERED


def _order(**changes: object) -> Order:
    base = dict(order_id=42, user_id="u1", service_id=7, service_name="Followers", type=ServiceType.DEFAULT,
                link="https://instagram.com/p/abc", quantity=100, charge=Decimal("1.00000"), rate=Decimal("10"),
                fields={}, status=OrderStatus.PROCESSING, created_at=datetime(2026, 11, 30, 23, 59, tzinfo=UTC),
                updated_at=NOW, provider_id=1, provider_service="x")
    base.update(changes)
    return Order(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(("filters", "matches"), [
    (OrderFilter(), True),
    (OrderFilter(order_id=42), True),
    (OrderFilter(order_id=43), False),
    (OrderFilter(order_id=42, status=OrderStatus.PROCESSING), True),
    (OrderFilter(order_id=42, status=OrderStatus.COMPLETED), False),
    (OrderFilter(service_id=7), True),
    (OrderFilter(service_id=8), False),
    (OrderFilter(date_from="2026-11-30", date_to="2026-11-30"), True),
    (OrderFilter(date_from="2026-12-01"), False),
    (OrderFilter(date_to="2026-11-29"), False),
    (OrderFilter(link_contains="p/abc"), True),
    (OrderFilter(link_contains="p/xyz"), False),
])
def test_one_order_passes_the_list_filters_as_the_query_would(filters: OrderFilter, matches: bool) -> None:
    assert filters.matches(_order()) is matches
