"""The average completion time's rule: completed orders only, placing to completion, rounded."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.domain.completion_times import CompletionTimes, completion_seconds
from chalicelib.domain.orders import OrderStatus

PLACED = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def test_a_completed_order_counts_from_placing_to_completion() -> None:
    assert completion_seconds(OrderStatus.COMPLETED, PLACED, PLACED + timedelta(hours=2, seconds=5.9)) == 7205


@pytest.mark.parametrize("status", [OrderStatus.PARTIAL, OrderStatus.CANCELED, OrderStatus.PROCESSING,
                                    OrderStatus.NEEDS_REVIEW])
def test_partial_canceled_and_open_orders_do_not_count(status: OrderStatus) -> None:
    assert completion_seconds(status, PLACED, PLACED + timedelta(minutes=3)) is None


def test_a_completion_stamped_before_the_order_counts_as_zero() -> None:
    assert completion_seconds(OrderStatus.COMPLETED, PLACED, PLACED - timedelta(seconds=30)) == 0


def test_no_completed_order_means_no_average() -> None:
    assert CompletionTimes().average_seconds is None
    assert CompletionTimes(total_seconds=50, completed=0).average_seconds is None


@pytest.mark.parametrize(("total", "count", "average"), [
    (60, 1, 60), (10, 4, 3), (9, 2, 5), (7, 2, 4), (5, 3, 2), (3600 + 7200, 2, 5400),
])
def test_the_average_is_the_mean_rounded_half_up_to_a_second(total: int, count: int, average: int) -> None:
    assert CompletionTimes(total_seconds=total, completed=count).average_seconds == average
