"""Alerts to staff, as pure rules: what each alert is, who receives it, how often it may
repeat, and what it says by e-mail and by Telegram.

Six things need a person soon: a new high-priority ticket, a provider whose balance is below
its threshold, orders waiting for review, a ledger that does not add up, an SLA claim past its
decision deadline and an emergency legal request past its follow-up deadline. Jobs notice them
every few minutes or once a day; `once_key` makes each alert go out once per what it is about:

* a ticket, an SLA claim: once ever (the ticket number, the claim's ticket);
* orders waiting for review: once per newest order in the list, so a new arrival alerts again
  but the same waiting list does not, however often the sweep runs;
* a provider's low balance, a ledger mismatch, an overdue legal follow-up: once per UTC day
  while it lasts (a daily reminder, not one a minute).

The e-mail goes to enabled staff of the roles that act on it. Telegram is a third party: its
message carries ids, counts and a link to the console, never a customer's e-mail, a ticket's
text or a provider's name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import StrEnum

from chalicelib.domain.accounts import Role, User
from chalicelib.domain.errors import InvalidInput


class AlertKind(StrEnum):
    HIGH_PRIORITY_TICKET = "high_priority_ticket"
    PROVIDER_LOW_BALANCE = "provider_low_balance"
    ORDERS_WAITING_REVIEW = "orders_waiting_review"
    LEDGER_MISMATCH = "ledger_mismatch"
    SLA_CLAIM_OVERDUE = "sla_claim_overdue"
    LEGAL_FOLLOW_UP_OVERDUE = "legal_follow_up_overdue"
    TEST = "test"


# Who acts on each alert. Admins receive every alert: they run the panel.
RECIPIENT_ROLES: Mapping[AlertKind, frozenset[Role]] = {
    AlertKind.HIGH_PRIORITY_TICKET: frozenset({Role.SUPPORT, Role.ADMIN}),
    AlertKind.PROVIDER_LOW_BALANCE: frozenset({Role.ADMIN}),
    AlertKind.ORDERS_WAITING_REVIEW: frozenset({Role.ADMIN}),
    AlertKind.LEDGER_MISMATCH: frozenset({Role.ADMIN}),
    AlertKind.SLA_CLAIM_OVERDUE: frozenset({Role.ADMIN}),
    AlertKind.LEGAL_FOLLOW_UP_OVERDUE: frozenset({Role.LEGAL, Role.ADMIN}),
    AlertKind.TEST: frozenset({Role.ADMIN}),
}

# The console page where each alert is acted on (`{subject}` is the alert's subject).
CONSOLE_PATH: Mapping[AlertKind, str] = {
    AlertKind.HIGH_PRIORITY_TICKET: "/staff/tickets/{subject}",
    AlertKind.PROVIDER_LOW_BALANCE: "/admin/providers",
    AlertKind.ORDERS_WAITING_REVIEW: "/admin/orders",
    AlertKind.LEDGER_MISMATCH: "/admin/audit",
    AlertKind.SLA_CLAIM_OVERDUE: "/staff/claims",
    AlertKind.LEGAL_FOLLOW_UP_OVERDUE: "/staff/legal",
    AlertKind.TEST: "/admin/alerts",
}


@dataclass(frozen=True)
class Alert:
    kind: AlertKind
    subject: str                                # what it is about: a ticket number, a provider id ...
    facts: Mapping[str, str] = field(default_factory=dict)  # shown in the e-mail, by name

    def to_message(self) -> dict[str, object]:
        return {"kind": self.kind.value, "subject": self.subject, "facts": dict(self.facts)}

    @classmethod
    def from_message(cls, raw: Mapping[str, object]) -> Alert:
        facts = raw.get("facts") or {}
        assert isinstance(facts, dict)
        return cls(AlertKind(str(raw["kind"])), str(raw["subject"]), {str(k): str(v) for k, v in facts.items()})


# --- the alerts -------------------------------------------------------------------------------

def high_priority_ticket(display: str, number: int, category: str) -> Alert:
    return Alert(AlertKind.HIGH_PRIORITY_TICKET, str(number), {"ticket": display, "category": category})


def provider_low_balance(provider_id: int, balance: Decimal, currency: str, threshold: Decimal) -> Alert:
    return Alert(AlertKind.PROVIDER_LOW_BALANCE, str(provider_id),
                 {"provider": str(provider_id), "balance": f"{balance} {currency}", "threshold": str(threshold)})


def orders_waiting_review(order_ids: Iterable[int]) -> Alert | None:
    """None when no order waits: there is nothing to say."""
    waiting = sorted(order_ids)
    if not waiting:
        return None
    return Alert(AlertKind.ORDERS_WAITING_REVIEW, str(waiting[-1]),
                 {"waiting": str(len(waiting)), "newest order": f"#{waiting[-1]}"})


def ledger_mismatch(user_id: str, difference: Decimal) -> Alert:
    return Alert(AlertKind.LEDGER_MISMATCH, user_id, {"account": user_id, "balance minus entries": str(difference)})


def sla_claim_overdue(display: str, number: int, month: str, deadline: datetime) -> Alert:
    return Alert(AlertKind.SLA_CLAIM_OVERDUE, str(number),
                 {"ticket": display, "month": month, "decision due": deadline.astimezone(UTC).strftime("%Y-%m-%d")})


def legal_follow_up_overdue(display: str, due: date | None) -> Alert:
    return Alert(AlertKind.LEGAL_FOLLOW_UP_OVERDUE, display,
                 {"request": display, "follow-up due": due.isoformat() if due else "unknown"})


def test_alert(actor_id: str) -> Alert:
    return Alert(AlertKind.TEST, actor_id, {"sent by": actor_id})


# --- how often, to whom, what it says ---------------------------------------------------------

_ONCE_EVER = frozenset({AlertKind.HIGH_PRIORITY_TICKET, AlertKind.ORDERS_WAITING_REVIEW, AlertKind.SLA_CLAIM_OVERDUE})


def once_key(alert: Alert, now: datetime) -> str:
    """The alert goes out once per this key (see the module's docstring). A test alert goes
    out every time it is asked for: its key carries the second."""
    if alert.kind in _ONCE_EVER:
        return f"{alert.kind.value}#{alert.subject}"
    if alert.kind is AlertKind.TEST:
        return f"{alert.kind.value}#{alert.subject}#{now.astimezone(UTC):%Y-%m-%dT%H:%M:%S}"
    return f"{alert.kind.value}#{alert.subject}#{now.astimezone(UTC).date().isoformat()}"


def recipients(alert: Alert, staff: Iterable[User]) -> list[User]:
    """Enabled staff whose role acts on the alert, in the order given."""
    roles = RECIPIENT_ROLES[alert.kind]
    return [u for u in staff if u.role in roles and not u.disabled]


_TITLES: Mapping[AlertKind, str] = {
    AlertKind.HIGH_PRIORITY_TICKET: "High-priority ticket {ticket}",
    AlertKind.PROVIDER_LOW_BALANCE: "Provider {provider}: balance below {threshold}",
    AlertKind.ORDERS_WAITING_REVIEW: "{waiting} order(s) waiting for review",
    AlertKind.LEDGER_MISMATCH: "Ledger mismatch on an account",
    AlertKind.SLA_CLAIM_OVERDUE: "SLA claim {ticket} past its decision deadline",
    AlertKind.LEGAL_FOLLOW_UP_OVERDUE: "Legal request {request}: follow-up overdue",
    AlertKind.TEST: "Test alert",
}

_WHAT_TO_DO: Mapping[AlertKind, str] = {
    AlertKind.HIGH_PRIORITY_TICKET: "A customer cannot top up: the first response is due within the high-priority "
                                    "target.",
    AlertKind.PROVIDER_LOW_BALANCE: "Top up the provider's account before orders start failing.",
    AlertKind.ORDERS_WAITING_REVIEW: "Check each order at the provider, then mark it sent, settle it or cancel it.",
    AlertKind.LEDGER_MISMATCH: "An account's balance differs from the sum of its ledger entries. Do not adjust "
                               "the balance by hand: find the missing or extra movement first.",
    AlertKind.SLA_CLAIM_OVERDUE: "Approve or refuse the claim: the SLA promises a decision within 14 business days.",
    AlertKind.LEGAL_FOLLOW_UP_OVERDUE: "The authority has not sent the follow-up legal process for an emergency "
                                       "disclosure: record it or escalate.",
    AlertKind.TEST: "Alerts reach you. Nothing needs doing.",
}


def title(alert: Alert) -> str:
    return _TITLES[alert.kind].format_map(dict(alert.facts))


def console_link(alert: Alert, site_url: str) -> str:
    return site_url.rstrip("/") + CONSOLE_PATH[alert.kind].format(subject=alert.subject)


def mail(alert: Alert, panel_name: str, site_url: str) -> tuple[str, str]:
    """Subject and text of the e-mail to staff."""
    lines = [_WHAT_TO_DO[alert.kind], "", *(f"{name}: {value}" for name, value in alert.facts.items()), "",
             f"Open it in the console: {console_link(alert, site_url)}", "",
             f"You receive this because you are {panel_name} staff whose role acts on it."]
    return f"[{panel_name} alert] {title(alert)}", "\n".join(lines)


# What Telegram may carry: ids, counts, money amounts and dates; never an e-mail or free text.
_TELEGRAM_FACTS: Mapping[AlertKind, tuple[str, ...]] = {
    AlertKind.HIGH_PRIORITY_TICKET: ("ticket",),
    AlertKind.PROVIDER_LOW_BALANCE: ("provider", "balance", "threshold"),
    AlertKind.ORDERS_WAITING_REVIEW: ("waiting", "newest order"),
    AlertKind.LEDGER_MISMATCH: (),
    AlertKind.SLA_CLAIM_OVERDUE: ("ticket", "decision due"),
    AlertKind.LEGAL_FOLLOW_UP_OVERDUE: ("request", "follow-up due"),
    AlertKind.TEST: (),
}


def telegram_text(alert: Alert, panel_name: str, site_url: str) -> str:
    facts = [f"{name}: {alert.facts[name]}" for name in _TELEGRAM_FACTS[alert.kind] if name in alert.facts]
    return "\n".join([f"{panel_name}: {title(alert)}", *facts, console_link(alert, site_url)])


# --- what is stored ------------------------------------------------------------------------------

@dataclass(frozen=True)
class LoggedAlert:
    at: datetime
    alert: Alert
    title: str


@dataclass(frozen=True)
class AlertSettings:
    telegram_chat_id: str | None = None
    telegram_token_hint: str | None = None
    version: int = 0

    @property
    def telegram_on(self) -> bool:
        return self.telegram_chat_id is not None


# --- the Telegram settings ----------------------------------------------------------------------

# A bot token as BotFather issues it: the bot's numeric id, a colon, 35 URL-safe characters
# (give or take: the length is not documented, so a range).
_BOT_TOKEN = re.compile(r"^[0-9]{5,15}:[A-Za-z0-9_-]{30,50}$")
# A chat: a numeric id (groups and channels are negative) or a public channel's @name.
_CHAT_ID = re.compile(r"^(-?[0-9]{1,20}|@[A-Za-z][A-Za-z0-9_]{4,31})$")


def check_bot_token(raw: object) -> str:
    token = raw.strip() if isinstance(raw, str) else ""
    if not _BOT_TOKEN.match(token):
        raise InvalidInput("This is not a Telegram bot token: BotFather gives one like 123456789:AAH…, the bot's "
                           "number, a colon and about 35 letters, digits, - or _.", fields={"bot_token": "invalid"})
    return token


def check_chat_id(raw: object) -> str:
    chat = raw.strip() if isinstance(raw, str) else ""
    if not _CHAT_ID.match(chat):
        raise InvalidInput("The chat must be a numeric chat id (a group's starts with -) or a public channel's "
                           "@name.", fields={"chat_id": "invalid"})
    return chat


def token_hint(token: str) -> str:
    """What the console shows of a stored token: the bot's number and the last 4 characters."""
    bot, _, secret = token.partition(":")
    return f"{bot}:…{secret[-4:]}"
