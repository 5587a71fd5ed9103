"""Staff alerts end to end: each trigger raises its alert once, the mail worker e-mails the
staff whose role acts on it and posts to Telegram (the simulator), a Telegram outage is retried
without re-sending e-mails, and a wrong token is dropped, not retried for ever."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from chalicelib.adapters.telegram import TelegramError
from chalicelib.domain import staff_alerts as rules
from chalicelib.domain.accounts import Role
from chalicelib.domain.orders import OrderStatus
from chalicelib.services import ledger_audit, orders, providers_health, staff_alerts
from chalicelib.services.dispatch import sweep
from chalicelib.services.tickets import customer as tickets
from chalicelib.settings import get_settings
from chalicelib.store import dynamo, keys
from devstack import worker
from tests.support import telegram_sim
from tests.support.accounts import customer, new_staff
from tests.support.mail import mails_to
from tests.support.provider_sim import configure

TOKEN = "123456789:AAH" + "t" * 32
OTHER_TOKEN = "987654321:AAH" + "o" * 32
CHAT = "-1001234567890"


@pytest.fixture
def staff(fresh_table):
    """An admin, a support agent and a legal officer on a fresh table; Telegram set up; the
    queue and the simulator emptied of earlier tests' messages."""
    worker.drain()
    telegram_sim.control(reset=True)
    people = {role: new_staff(role) for role in (Role.ADMIN, Role.SUPPORT, Role.LEGAL)}
    staff_alerts.set_telegram(people[Role.ADMIN].user_id, TOKEN, CHAT)
    return people


def _kinds() -> list[tuple[str, str]]:
    return [(a.alert.kind.value, a.alert.subject) for a in staff_alerts.recent()]


def test_an_alert_goes_once_to_each_acting_role_and_to_telegram(staff, clock) -> None:
    alert = rules.high_priority_ticket("#1042", 1042, "balance_top_up")
    assert staff_alerts.raise_alert(alert) is True
    assert staff_alerts.raise_alert(alert) is False  # the same ticket noticed again
    clock.at += timedelta(days=3)
    assert staff_alerts.raise_alert(alert) is False
    assert worker.drain() == 4  # the fan-out, two e-mails, one Telegram message
    for role in (Role.ADMIN, Role.SUPPORT):
        [mail] = mails_to(staff[role].email)
        assert mail.startswith("[SMM Panel alert] High-priority ticket #1042")
        assert f"{get_settings().site_url}/staff/tickets/1042" in mail
    assert mails_to(staff[Role.LEGAL].email) == []
    [posted] = telegram_sim.messages()
    assert posted["token"] == TOKEN and posted["chat_id"] == CHAT
    assert "High-priority ticket #1042" in posted["text"] and "balance_top_up" not in posted["text"]
    assert _kinds() == [("high_priority_ticket", "1042")]


def test_a_telegram_outage_is_retried_and_a_refused_token_dropped(staff) -> None:
    message = rules.provider_low_balance(3, Decimal("9.00"), "USD", Decimal("50")).to_message()
    telegram_sim.control(fail_next=1)
    with pytest.raises(TelegramError) as outage:
        staff_alerts.send_telegram(message)
    assert outage.value.retry and "502" in outage.value.message
    assert staff_alerts.send_telegram(message) is True  # the queue's retry
    telegram_sim.control(refuse_tokens=[OTHER_TOKEN])
    staff_alerts.set_telegram(staff[Role.ADMIN].user_id, OTHER_TOKEN, CHAT)
    assert staff_alerts.send_telegram(message) is False  # logged; retrying cannot help
    assert [m["token"] for m in telegram_sim.messages()] == [TOKEN]


def test_without_telegram_only_e_mails_go(staff) -> None:
    staff_alerts.remove_telegram(staff[Role.ADMIN].user_id)
    assert staff_alerts.send_test(staff[Role.ADMIN].user_id)
    assert worker.drain() == 2  # the fan-out and the admin's e-mail
    assert telegram_sim.messages() == []
    assert mails_to(staff[Role.ADMIN].email)[0].startswith("[SMM Panel alert] Test alert")


def test_a_top_up_ticket_alerts_and_an_order_question_does_not(staff) -> None:
    buyer = customer("5.00")
    urgent, _ = tickets.open_ticket(buyer, "My card was charged twice", "balance_top_up", "Please help, top-up.")
    tickets.open_ticket(buyer, "Where is my order?", "orders", "It has not started yet.")
    assert _kinds() == [("high_priority_ticket", str(urgent.number))]


def test_a_low_provider_balance_alerts_once_a_day(panel, staff, clock) -> None:
    provider, _ = panel
    staff_alerts.remove_telegram(staff[Role.ADMIN].user_id)
    configure(balance="12.50")
    providers_health.check_all()
    providers_health.check_all()
    assert _kinds() == [("provider_low_balance", str(provider.provider_id))]
    clock.at += timedelta(days=1)
    providers_health.check_all()
    assert len(_kinds()) == 2
    worker.drain()
    assert len([m for m in mails_to(staff[Role.ADMIN].email) if "balance below 50" in m]) == 2


def test_orders_waiting_for_review_alert_when_a_new_one_arrives(panel, staff) -> None:
    _, services = panel
    placed = [orders.place(customer("10.00"), services["101"].service_id,
                           {"link": "https://instagram.com/p/alerted", "quantity": 1000}) for _ in range(2)]
    assert orders.to_review(placed[0].order_id, OrderStatus.PENDING, "test: outcome unknown")
    sweep()
    sweep()
    assert _kinds() == [("orders_waiting_review", str(placed[0].order_id))]
    assert orders.to_review(placed[1].order_id, OrderStatus.PENDING, "test: outcome unknown")
    sweep()
    assert _kinds() == [("orders_waiting_review", str(placed[1].order_id)),
                        ("orders_waiting_review", str(placed[0].order_id))]  # newest first


def test_a_ledger_mismatch_alerts_admins_without_naming_the_account_on_telegram(staff) -> None:
    broken = customer("10.00")
    dynamo.update(keys.user(broken), "SET balance = :b", b=Decimal("11.00"))
    ledger_audit.audit_ledgers()
    assert _kinds() == [("ledger_mismatch", broken)]
    worker.drain()
    [mail] = [m for m in mails_to(staff[Role.ADMIN].email) if "Ledger mismatch" in m]
    assert broken in mail and "balance minus entries: 1.00" in mail
    [posted] = telegram_sim.messages()
    assert broken not in posted["text"]
