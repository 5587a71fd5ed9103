"""The alerts page's API: admins set Telegram up (the token stored as a secret, only its hint
shown), send a test alert and read the alerts sent; every other role is refused, bad input is a
400 that changes nothing, and setting or removing Telegram is audited."""

from __future__ import annotations

import pytest

from chalicelib import secret_names
from chalicelib.adapters import secret_store
from chalicelib.domain.accounts import Role
from chalicelib.domain.audit_log import Action
from chalicelib.services import audit_log
from devstack import worker
from tests.support import telegram_sim
from tests.support.accounts import sign_in_customer, sign_in_staff

PAGE = "/admin/alerts"
TELEGRAM = "/admin/alerts/telegram"
TOKEN = "123456789:AAH" + "a" * 28 + "WXYZ"


@pytest.fixture
def admin(client, clock, fresh_table) -> str:
    worker.drain()
    telegram_sim.control(reset=True)
    return sign_in_staff(client, clock, Role.ADMIN)


def test_an_admin_sets_telegram_sends_a_test_and_reads_it_back(client, admin) -> None:
    empty = client.get(PAGE)
    assert empty.status_code == 200
    assert empty.data["settings"]["telegram"] == {"on": False, "chat_id": None, "token_hint": None}
    assert {r["kind"]: r["roles"] for r in empty.data["rules"]}["high_priority_ticket"] == ["admin", "support"]
    assert empty.data["recent"] == []

    saved = client.request("PUT", TELEGRAM, {"bot_token": TOKEN, "chat_id": "@panel_alerts"})
    assert saved.status_code == 200
    assert saved.data["telegram"] == {"on": True, "chat_id": "@panel_alerts", "token_hint": "123456789:…WXYZ"}
    assert TOKEN not in saved.body.decode()
    assert secret_store.get(secret_names.TELEGRAM_BOT_TOKEN) == TOKEN

    sent = client.post("/admin/alerts/test")
    assert sent.status_code == 200 and sent.data == {"sent": True}
    worker.drain()
    [posted] = telegram_sim.messages()
    assert posted["chat_id"] == "@panel_alerts" and "Test alert" in posted["text"]
    [logged] = client.get(PAGE).data["recent"]
    assert logged["kind"] == "test" and logged["title"] == "Test alert" and logged["subject"] == admin

    removed = client.request("DELETE", TELEGRAM)
    assert removed.status_code == 200 and removed.data["telegram"]["on"] is False
    assert secret_store.get(secret_names.TELEGRAM_BOT_TOKEN) != TOKEN  # overwritten, not just hidden
    records, _ = audit_log.subject_page("alert_settings:telegram", 10, None)
    assert sorted(r.action for r in records) == [Action.ALERTS_TELEGRAM_REMOVED, Action.ALERTS_TELEGRAM_SET]
    assert all(TOKEN not in str(r.before) + str(r.after) for r in records)


@pytest.mark.parametrize(("body", "field"), [
    ({"bot_token": "not-a-token", "chat_id": "-100123"}, "bot_token"),
    ({"bot_token": TOKEN, "chat_id": "my group"}, "chat_id"),
    ({"bot_token": TOKEN}, "chat_id"),
    ({"bot_token": TOKEN, "chat_id": "-100123", "extra": 1}, "extra"),
])
def test_a_wrong_telegram_setting_is_a_400_that_changes_nothing(client, admin, body, field) -> None:
    refused = client.request("PUT", TELEGRAM, body)
    assert refused.status_code == 400 and refused.data["error"]
    assert field in refused.data.get("fields", {}) or field in refused.data["error"]
    assert client.get(PAGE).data["settings"]["telegram"]["on"] is False


def test_removing_telegram_when_it_is_not_set_is_a_400(client, admin) -> None:
    refused = client.request("DELETE", TELEGRAM)
    assert refused.status_code == 400 and "not set up" in refused.data["error"]


@pytest.mark.parametrize("role", [Role.SUPPORT, Role.LEGAL])
def test_other_staff_are_refused(client, clock, fresh_table, role) -> None:
    sign_in_staff(client, clock, role)
    assert client.get(PAGE).status_code == 403
    assert client.request("PUT", TELEGRAM, {"bot_token": TOKEN, "chat_id": "-100123"}).status_code == 403
    assert client.post("/admin/alerts/test").status_code == 403


def test_customers_and_visitors_are_refused(client, new_client, fresh_table) -> None:
    assert new_client().get(PAGE).status_code == 401
    sign_in_customer(client)
    assert client.get(PAGE).status_code == 403
    assert client.post("/admin/alerts/test").status_code == 403
