"""The orders-by-month index the staff reports read: new orders join it when placed; orders
placed before it existed join it through the operator's one-off task, which is idempotent."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from click.testing import CliRunner

from chalicelib.services import orders
from chalicelib.store import dynamo, keys
from chalicelib.store import orders as order_store
from ops.cli import cli as panel
from tests.support.accounts import customer
from tests.support.catalog import service


def test_orders_are_listed_by_the_day_they_were_placed_and_old_ones_are_indexed_once(fresh_table, clock) -> None:
    svc = service()
    user_id = customer("50")
    placed = []
    for moment in (datetime(2031, 1, 31, 23, 59, tzinfo=UTC), datetime(2031, 2, 1, 0, 0, tzinfo=UTC),
                   datetime(2031, 3, 2, 12, 0, tzinfo=UTC)):
        clock.at = moment
        placed.append(orders.place(user_id, svc.service_id, {"link": "https://x.test/p", "quantity": 100}).order_id)
    listed = [o.order_id for o in order_store.placed_between(datetime(2031, 1, 31).date(),
                                                             datetime(2031, 3, 1).date())]
    assert listed == placed[:2]  # across a month's end, and not the day after the range

    # An order saved before the index existed carries none of its keys.
    dynamo.update(keys.order(placed[2]), "REMOVE gsi3pk, gsi3sk")
    day = datetime(2031, 3, 2).date()
    assert order_store.placed_between(day, day + timedelta(days=1)) == []
    result = CliRunner().invoke(panel, ["--stage", "test", "reports", "index-orders"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == '{"indexed": 1}'
    assert [o.order_id for o in order_store.placed_between(day, day)] == [placed[2]]
    again = CliRunner().invoke(panel, ["--stage", "test", "reports", "index-orders"])
    assert again.output.strip() == '{"indexed": 0}'
