"""The staff alert rules (domain/staff_alerts.py): how often each alert goes out, who gets it,
what the e-mail and Telegram say, and the Telegram settings' checks."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from chalicelib.domain import staff_alerts as rules
from chalicelib.domain.accounts import Role, User
from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.staff_alerts import Alert, AlertKind

NOW = datetime(2026, 12, 2, 10, 30, tzinfo=UTC)
SITE = "https://panel.example"


def _user(role: Role, *, disabled: bool = False, n: int = 0) -> User:
    return User(f"u{role.value}{n}", f"{role.value}{n}@example.com", f"{role.value}{n}", "hash", role, NOW,
                disabled=disabled)


def test_a_ticket_and_a_claim_alert_once_ever() -> None:
    ticket = rules.high_priority_ticket("#1042", 1042, "balance_top_up")
    claim = rules.sla_claim_overdue("#77", 77, "2026-10", NOW)
    for alert in (ticket, claim):
        assert rules.once_key(alert, NOW) == rules.once_key(alert, NOW + timedelta(days=40))


def test_waiting_orders_alert_again_only_when_a_newer_order_joins() -> None:
    first = rules.orders_waiting_review([5, 9, 7])
    same = rules.orders_waiting_review([9, 5])
    newer = rules.orders_waiting_review([5, 9, 12])
    assert first is not None and same is not None and newer is not None
    assert rules.once_key(first, NOW) == rules.once_key(same, NOW + timedelta(hours=6))
    assert rules.once_key(newer, NOW) != rules.once_key(first, NOW)
    assert first.facts == {"waiting": "3", "newest order": "#9"}


def test_no_waiting_order_is_no_alert() -> None:
    assert rules.orders_waiting_review([]) is None


@pytest.mark.parametrize("alert", [
    rules.provider_low_balance(3, Decimal("12.50"), "USD", Decimal("50")),
    rules.ledger_mismatch("user-1", Decimal("-0.01")),
    rules.legal_follow_up_overdue("LE-2026-0004", date(2026, 11, 30)),
])
def test_a_lasting_condition_alerts_once_a_utc_day(alert: Alert) -> None:
    same_day = NOW.replace(hour=23, minute=59)
    next_day = NOW.replace(hour=0, minute=0) + timedelta(days=1)
    assert rules.once_key(alert, NOW) == rules.once_key(alert, same_day)
    assert rules.once_key(alert, NOW) != rules.once_key(alert, next_day)


def test_a_lasting_condition_of_two_subjects_alerts_for_each() -> None:
    one = rules.provider_low_balance(1, Decimal("1"), "USD", Decimal("50"))
    two = rules.provider_low_balance(2, Decimal("1"), "USD", Decimal("50"))
    assert rules.once_key(one, NOW) != rules.once_key(two, NOW)


def test_a_test_alert_goes_out_every_time_it_is_asked_for() -> None:
    alert = rules.test_alert("admin-1")
    assert rules.once_key(alert, NOW) != rules.once_key(alert, NOW + timedelta(seconds=1))


def test_each_alert_goes_to_enabled_staff_of_the_roles_acting_on_it() -> None:
    staff = [_user(Role.SUPPORT), _user(Role.LEGAL), _user(Role.ADMIN), _user(Role.ADMIN, disabled=True, n=1),
             _user(Role.CUSTOMER)]
    ticket = rules.recipients(rules.high_priority_ticket("#1", 1, "balance_top_up"), staff)
    legal = rules.recipients(rules.legal_follow_up_overdue("LE-1", None), staff)
    money = rules.recipients(rules.ledger_mismatch("u", Decimal("1")), staff)
    assert [u.role for u in ticket] == [Role.SUPPORT, Role.ADMIN]
    assert [u.role for u in legal] == [Role.LEGAL, Role.ADMIN]
    assert [u.user_id for u in money] == ["uadmin0"]


def test_every_kind_reaches_admins_and_names_a_console_page() -> None:
    for kind in AlertKind:
        assert Role.ADMIN in rules.RECIPIENT_ROLES[kind]
        assert rules.CONSOLE_PATH[kind].startswith("/")


def test_the_mail_says_what_to_do_and_links_to_the_console_page() -> None:
    subject, text = rules.mail(rules.high_priority_ticket("#1042", 1042, "balance_top_up"), "Acme SMM", SITE)
    assert subject == "[Acme SMM alert] High-priority ticket #1042"
    assert "https://panel.example/staff/tickets/1042" in text
    assert "category: balance_top_up" in text


def test_telegram_carries_ids_and_amounts_never_an_account_id_or_category() -> None:
    mismatch = rules.telegram_text(rules.ledger_mismatch("user-secret-id", Decimal("5")), "Acme", SITE)
    assert "user-secret-id" not in mismatch and "Ledger mismatch" in mismatch
    assert mismatch.endswith("https://panel.example/admin/audit")
    balance = rules.telegram_text(rules.provider_low_balance(3, Decimal("12.50"), "USD", Decimal("50")), "Acme", SITE)
    assert "balance: 12.50 USD" in balance and "threshold: 50" in balance
    ticket = rules.telegram_text(rules.high_priority_ticket("#9", 9, "balance_top_up"), "Acme", SITE)
    assert "balance_top_up" not in ticket and "#9" in ticket


def test_an_alert_survives_its_queue_message() -> None:
    alert = rules.sla_claim_overdue("#77", 77, "2026-10", NOW)
    assert Alert.from_message(alert.to_message()) == alert


@pytest.mark.parametrize("token", ["123456789:AAH" + "x" * 32, " 1234567:" + "A-_b" * 9 + " "])
def test_a_bot_token_as_botfather_gives_it_is_accepted(token: str) -> None:
    assert rules.check_bot_token(token) == token.strip()


@pytest.mark.parametrize("token", ["", "123456789", "abc:" + "x" * 35, "123456789:short", None, 12,
                                   "123456789:" + "x" * 35 + "/../"])
def test_anything_else_is_refused_as_a_token(token: object) -> None:
    with pytest.raises(InvalidInput) as refused:
        rules.check_bot_token(token)
    assert refused.value.fields == {"bot_token": "invalid"}


@pytest.mark.parametrize("chat", ["123456", "-1001234567890", "@panel_alerts"])
def test_a_chat_id_or_public_channel_is_accepted(chat: str) -> None:
    assert rules.check_chat_id(chat) == chat


@pytest.mark.parametrize("chat", ["", "abc", "@ab", "-", "12 34", None, "@panel alerts"])
def test_any_other_chat_is_refused(chat: object) -> None:
    with pytest.raises(InvalidInput):
        rules.check_chat_id(chat)


def test_the_token_hint_shows_the_bot_and_four_characters() -> None:
    assert rules.token_hint("123456789:AAH" + "x" * 28 + "WXYZ") == "123456789:…WXYZ"
