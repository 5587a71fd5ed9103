"""How long a service takes to deliver: the rule behind the public services page's average
completion time.

What counts: orders that ended `completed`, measured from the moment the customer placed the
order to the moment status sync (or staff) recorded its completion, so the figure is the wait a
customer actually had, queueing and dispatch included. Partial orders do not count: the
provider stopped short, so their time says nothing about how long a whole delivery takes (and
would flatter a service that gives up early). Canceled orders never delivered. A completion
stamped before the order was placed (clocks of two machines) counts as zero seconds rather
than being dropped or subtracting time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from chalicelib.domain.orders import OrderStatus


def completion_seconds(status: OrderStatus, placed_at: datetime, ended_at: datetime) -> int | None:
    """The whole seconds an order took to complete, or None if it does not count."""
    if status != OrderStatus.COMPLETED:
        return None
    return max(0, int((ended_at - placed_at).total_seconds()))


@dataclass(frozen=True)
class CompletionTimes:
    """A service's running sum of completion seconds and how many orders it sums."""

    total_seconds: int = 0
    completed: int = 0

    @property
    def average_seconds(self) -> int | None:
        """The mean, rounded to the nearest second (half up); None with no completed order."""
        if self.completed <= 0:
            return None
        return (2 * self.total_seconds + self.completed) // (2 * self.completed)
