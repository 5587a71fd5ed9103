"""The SLA's monthly count (S11): first-response breaches per user among the tickets created in a
calendar month. What SLA credits are computed from."""

from __future__ import annotations

from chalicelib.domain.numbers import checked_month
from chalicelib.domain.tickets import sla
from chalicelib.services import clock
from chalicelib.store import tickets as store


def breaches_by_user(month: str) -> dict[str, int]:
    """First-response breaches per user among the tickets created in `month` ("2026-11")."""
    return sla.breaches_by_user(store.created_in(checked_month(month)), clock.now())


def breaches_of_user(user_id: str, month: str) -> int:
    return breaches_by_user(month).get(user_id, 0)
