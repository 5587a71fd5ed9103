"""`make run`'s report month: four weeks of past activity by three demo customers, made once,
so the reports, the order desk and the customers console have something to show on a first
visit. Every record goes through the real services (top-ups, orders sent to the provider
simulator and settled by the status sync, tickets answered by the admin) with the services'
clock set back to the day it happened; nothing is written to the table by hand.

Deterministic (a fixed random seed): the same month every time the local data is reset.
"""

from __future__ import annotations

import contextlib
import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import requests

from chalicelib.domain.catalog import Service
from chalicelib.domain.orders import OrderStatus
from chalicelib.domain.providers import Provider
from chalicelib.services import accounts, clock, dispatch, orders, status_sync
from chalicelib.services.payments import staff as staff_payments
from chalicelib.services.tickets import customer as customer_tickets
from chalicelib.services.tickets import staff as staff_tickets
from chalicelib.store import users

HISTORY_DAYS = 28
CUSTOMERS = [("ava", "ava@example.com"), ("ben", "ben@example.com"), ("chloe", "chloe@example.com")]
PASSWORD = "demo-password-1"  # noqa: S105 - a published demo credential, local stack only
WEEKLY_TOP_UP = "60.00"
# (simulator service id, link, smallest and largest quantity, what else the type asks for) the
# demo customers order from.
ORDERED = [("101", "https://instagram.com/{name}.shop", 100, 600, {}),
           ("102", "https://instagram.com/p/{name}-{n}", 200, 3000, {}),
           ("106", "https://twitter.com/{name}/status/{n}", 100, 800, {"answer_number": "1"})]
TICKETS = [(20, "Followers slower than usual?", "My last follower order took most of the day. Is that normal?"),
           (12, "Refill question", "Do the HQ followers come with a refill guarantee?"),
           (5, "Invoice for last week", "Can I get an invoice for my top-up last week?")]
REVIEW_REASON = "the provider did not answer in time; check whether it has the order before resending"
STAFF_ANSWER = "Thanks for asking! Delivery speed depends on the service; see the average time on the Services page."


@contextlib.contextmanager
def _at(moment: datetime) -> Iterator[None]:
    """The services' clock at `moment` (services read the time only through `clock.now`)."""
    real = clock.now
    clock.now = lambda: moment
    try:
        yield
    finally:
        clock.now = real


def _simulator(provider: Provider, **config: Any) -> None:
    base = provider.api_url.removesuffix("/api/v2")
    requests.post(f"{base}/_sim/config", json=config, timeout=5).raise_for_status()


def _place_and_send(user_id: str, service: Service, body: dict[str, object]) -> int:
    order = orders.place(user_id, service.service_id, body)
    dispatch.dispatch(order.order_id)
    return order.order_id


def seed_history(admin_id: str, provider: Provider, services: dict[str, Service]) -> bool:
    """Once (while the first history customer does not exist); False when it did nothing."""
    if users.get_by_email(CUSTOMERS[0][1]) is not None or not all(s in services for s, *_ in ORDERED):
        return False
    today = clock.now().astimezone(UTC).date()
    start = today - timedelta(days=HISTORY_DAYS)
    pick = random.Random(2026)
    with _at(datetime.combine(start, time(8), UTC)):
        people = [accounts.register(name, email, PASSWORD, True).user_id for name, email in CUSTOMERS]
    _simulator(provider, **{"global": {"duration_seconds": 0}})  # orders end at the next status sync
    try:
        for offset in range(HISTORY_DAYS, 0, -1):
            _one_day(today - timedelta(days=offset), offset, people, admin_id, provider, services, pick)
    finally:
        _simulator(provider, **{"global": {"duration_seconds": 60}, "services": {"102": {"outcome": "completed"}}})
    return True


def _one_day(day: date, offset: int, people: list[str], admin_id: str, provider: Provider,
             services: dict[str, Service], pick: random.Random) -> None:
    def at(hour: int, minute: int = 0) -> datetime:
        return datetime.combine(day, time(hour, minute), UTC)

    if offset % 7 == 0:  # a top-up each week, by bank transfer recorded by the admin
        for user_id in people:
            with _at(at(9)):
                staff_payments.manual_top_up(admin_id, user_id, WEEKLY_TOP_UP, "bank_transfer",
                                             f"DEMO-{day.isoformat()}", f"demo-{user_id}-{day.isoformat()}")
    for n in range(pick.randint(1, 4)):
        person = pick.randrange(len(people))
        upstream, link, low, high, extra = pick.choice(ORDERED)
        body = {"link": link.format(name=CUSTOMERS[person][0], n=offset * 10 + n),
                "quantity": pick.randrange(low, high + 1, 50), **extra}
        with _at(at(10 + n, pick.randrange(60))):
            if offset == 9 and n == 0:  # once: the customer changes their mind before it is sent
                placed = orders.place(people[person], services[upstream].service_id, body)
                orders.request_cancel(people[person], placed.order_id)
            elif offset == 1 and n == 0:  # yesterday: the provider timed out, staff must check before resending
                placed = orders.place(people[person], services[upstream].service_id, body)
                orders.to_review(placed.order_id, OrderStatus.PENDING, REVIEW_REASON)
            elif offset % 10 == 3 and n == 0:  # now and then the provider delivers only part
                _simulator(provider, services={"102": {"outcome": "partial", "partial_remains": 150}})
                _place_and_send(people[person], services["102"], {"link": body["link"], "quantity": 300})
                _simulator(provider, services={"102": {"outcome": "completed"}})
            else:
                _place_and_send(people[person], services[upstream], body)
    with _at(at(19)):
        status_sync.sync_provider(provider)
    for ticket_offset, subject, text in TICKETS:
        if ticket_offset == offset:
            with _at(at(11, 15)):
                opened, _ = customer_tickets.open_ticket(people[offset % len(people)], subject, "other", text)
            with _at(at(14, 40)):
                staff_tickets.reply_as_staff(admin_id, opened.number, STAFF_ANSWER)
