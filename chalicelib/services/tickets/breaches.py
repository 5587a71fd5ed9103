"""The SLA's monthly count (S11): first-response breaches per user among the tickets created in a
calendar month. What SLA credits are computed from."""

from __future__ import annotations

from datetime import date

from chalicelib.domain import reports
from chalicelib.domain.numbers import checked_month
from chalicelib.domain.tickets import sla
from chalicelib.services import clock
from chalicelib.store import tickets as store


def breaches_by_user(month: str) -> dict[str, int]:
    """First-response breaches per user among the tickets created in `month` ("2026-11")."""
    return sla.breaches_by_user(store.created_in(checked_month(month)), clock.now())


def breaches_of_user(user_id: str, month: str) -> int:
    return breaches_by_user(month).get(user_id, 0)


def opened_between(first: date, last: date) -> reports.Tickets:
    """Tickets created from `first` to `last` (UTC days, inclusive) and how many of them
    missed their first-response deadline (as the monthly count judges them): read by month
    from the same index, so the reports and the SLA count agree."""
    now = clock.now()
    opened = breached = 0
    month = date(first.year, first.month, 1)
    while month <= last:
        for ticket in store.created_in(month.strftime("%Y-%m")):
            if first <= reports.day_of(ticket.created_at) <= last:
                opened += 1
                breached += sla.sla_view(ticket, now).breached
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return reports.Tickets(opened=opened, first_response_breaches=breached)
