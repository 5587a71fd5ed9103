"""Staff alerts in the console (admins). Named lazily by api/staff_alerts.py."""

from __future__ import annotations

from pydantic import Field

from chalicelib.api.contract import Body
from chalicelib.api.schemas.common import Out, Timestamp
from chalicelib.domain.staff_alerts import RECIPIENT_ROLES, AlertKind, AlertSettings, LoggedAlert


class TelegramBody(Body):
    bot_token: str = Field(max_length=100, description="The bot's token from BotFather; stored as a secret, "
                                                       "never shown again.")
    chat_id: str = Field(max_length=40, description="The chat the bot posts to: a numeric id (a group's starts "
                                                    "with -) or a public channel's @name.")


class TelegramOut(Out):
    on: bool
    chat_id: str | None
    token_hint: str | None = Field(description="The bot's number and the token's last 4 characters.")


class AlertSettingsOut(Out):
    telegram: TelegramOut

    @classmethod
    def of(cls, settings: AlertSettings) -> AlertSettingsOut:
        return cls(telegram=TelegramOut(on=settings.telegram_on, chat_id=settings.telegram_chat_id,
                                        token_hint=settings.telegram_token_hint))


class AlertOut(Out):
    at: Timestamp
    kind: AlertKind
    title: str
    subject: str
    facts: dict[str, str]


class AlertRule(Out):
    kind: AlertKind
    roles: list[str] = Field(description="The staff roles e-mailed (enabled accounts only).")


class AlertsPage(Out):
    settings: AlertSettingsOut
    rules: list[AlertRule]
    recent: list[AlertOut] = Field(description="The alerts sent this month and last, newest first (at most 50).")

    @classmethod
    def of(cls, settings: AlertSettings, recent: list[LoggedAlert]) -> AlertsPage:
        return cls(settings=AlertSettingsOut.of(settings),
                   rules=[AlertRule(kind=k, roles=sorted(r.value for r in roles))
                          for k, roles in RECIPIENT_ROLES.items() if k is not AlertKind.TEST],
                   recent=[AlertOut(at=a.at.isoformat(), kind=a.alert.kind, title=a.title, subject=a.alert.subject,
                                    facts=dict(a.alert.facts)) for a in recent])


class TestSent(Out):
    sent: bool = Field(description="False when an identical test went out this very second.")
