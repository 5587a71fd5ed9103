"""`make run`'s report month (devstack/seed_history.py): four weeks of three customers' top-ups,
orders (completed, one partial, one canceled, one waiting for review) and answered tickets,
through the real services and the provider simulator; made once."""

from __future__ import annotations

from datetime import timedelta

from chalicelib.domain.accounts import Role
from chalicelib.domain.orders import OrderStatus
from chalicelib.services import accounts, clock, reports
from chalicelib.services.tickets import customer as customer_tickets
from chalicelib.store import users
from devstack.seed_history import CUSTOMERS, HISTORY_DAYS, seed_history
from tests.support.ledger import balance


def test_four_weeks_of_activity_are_made_once_and_fill_the_report(panel) -> None:
    provider, services = panel
    admin, _password, _secret = accounts.create_staff("history-admin@example.com", Role.ADMIN)
    assert seed_history(admin.user_id, provider, services) is True

    today = clock.now().date()
    report = reports.report(today - timedelta(days=HISTORY_DAYS), today)
    busy_days = [d for d in report.days if d.figures.orders]
    assert len(busy_days) >= HISTORY_DAYS - 1  # every day has orders (the cancel may be a day's only one)
    assert report.totals.revenue > 0 and report.totals.known_cost > 0
    assert report.totals.unknown_cost == 1  # the order waiting for review was never sent
    assert report.top_ups == 4 * len(CUSTOMERS)
    for status in (OrderStatus.COMPLETED, OrderStatus.PARTIAL, OrderStatus.CANCELED, OrderStatus.NEEDS_REVIEW):
        assert report.statuses[status] >= 1, (status, report.statuses)
    assert report.statuses[OrderStatus.PENDING] == 0 and report.statuses[OrderStatus.IN_PROGRESS] == 0
    people = [users.get_by_email(email) for _, email in CUSTOMERS]
    assert all(p is not None and balance(p.user_id) > 0 for p in people)
    answered = [t for p in people if p for t in customer_tickets.tickets_of(p.user_id)]
    assert sorted(t.status for t in answered) == ["answered"] * 3

    assert seed_history(admin.user_id, provider, services) is False  # a second `make run` adds nothing
    again = reports.report(today - timedelta(days=HISTORY_DAYS), today)
    assert again.totals == report.totals and again.top_ups == report.top_ups
