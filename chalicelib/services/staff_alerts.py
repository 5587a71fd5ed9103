"""Alerts to staff by e-mail and, when configured, Telegram (rules: domain/staff_alerts.py).

`raise_alert` is what the jobs and the ticket desk call when they notice something. It writes
the alert's once-only mark and log line in one transaction (a second run that notices the same
thing writes nothing and sends nothing), then queues one message on the mail queue. The mail
worker fans it out: one queued e-mail per staff member whose role acts on it and one Telegram
message, each retried on its own, so a Telegram outage never re-sends e-mails. Raising an alert
never fails its caller: a job's real work matters more than its alert, which the next run
raises again when it could not be queued.
"""

from __future__ import annotations

from typing import Any

from chalicelib import secret_names
from chalicelib.adapters import queue, secret_store, telegram
from chalicelib.domain import staff_alerts as rules
from chalicelib.domain.audit_log import Action, SubjectKind
from chalicelib.domain.errors import Conflict, InvalidInput
from chalicelib.domain.staff_alerts import Alert, AlertSettings, LoggedAlert
from chalicelib.observability import logger
from chalicelib.services import audit_log, brand, clock
from chalicelib.settings import get_settings
from chalicelib.store import staff_alerts as store
from chalicelib.store import users

ALERT_MESSAGE = "staff_alert"            # the fan-out message
ALERT_MAIL_MESSAGE = "staff_alert_mail"  # one staff member's e-mail
ALERT_TELEGRAM_MESSAGE = "staff_alert_telegram"
RECENT_SHOWN = 50


def _panel_name() -> str:
    return brand.current().name


def raise_alert(alert: Alert) -> bool:
    """True when this call sent the alert; False when it went out before or could not be
    queued (logged; the mark is undone so the next run tries again)."""
    now = clock.now()
    key = rules.once_key(alert, now)
    try:
        if not store.record(alert, key, rules.title(alert), now):
            return False
    except Exception:
        logger.exception("staff alert not recorded", extra={"alert": alert.kind.value})
        return False
    try:
        queue.send(get_settings().mail_queue_name, {"kind": ALERT_MESSAGE, "alert": alert.to_message()})
    except Exception:
        logger.exception("staff alert not queued", extra={"alert": alert.kind.value})
        try:
            store.forget(key, now)
        except Exception:
            logger.exception("staff alert mark not undone", extra={"alert": alert.kind.value})
        return False
    logger.info("staff alert raised", extra={"alert": alert.kind.value, "subject": alert.subject})
    return True


# --- the mail worker's side -----------------------------------------------------------------------

def fan_out(message: dict[str, Any]) -> int:
    """Queue the alert's e-mails and its Telegram message; the number of e-mails queued."""
    alert = Alert.from_message(message)
    mail_queue = get_settings().mail_queue_name
    to = rules.recipients(alert, users.staff())
    for user in to:
        queue.send(mail_queue, {"kind": ALERT_MAIL_MESSAGE, "user_id": user.user_id, "alert": alert.to_message()})
    if store.settings().telegram_on:
        queue.send(mail_queue, {"kind": ALERT_TELEGRAM_MESSAGE, "alert": alert.to_message()})
    if not to:
        logger.warning("staff alert has no recipient", extra={"alert": alert.kind.value})
    return len(to)


def send_mail(user_id: str, message: dict[str, Any]) -> bool:
    """E-mail one staff member, if still enabled staff of a role the alert is for."""
    alert = Alert.from_message(message)
    user = users.get(user_id)
    if user is None or not rules.recipients(alert, [user]):
        logger.info("staff alert mail dropped", extra={"alert": alert.kind.value, "user_id": user_id})
        return False
    subject, text = rules.mail(alert, _panel_name(), get_settings().site_url)
    brand.send_mail(user.email, subject, text)
    return True


def send_telegram(message: dict[str, Any]) -> bool:
    """Post the alert to the configured chat. A wrong token or chat is logged and dropped
    (repeating cannot help); Telegram busy or down raises, so the queue retries."""
    alert = Alert.from_message(message)
    configured = store.settings()
    if not configured.telegram_on or configured.telegram_chat_id is None:
        return False
    token = secret_store.get(secret_names.TELEGRAM_BOT_TOKEN)
    text = rules.telegram_text(alert, _panel_name(), get_settings().site_url)
    try:
        telegram.send_message(token, configured.telegram_chat_id, text)
    except telegram.TelegramError as exc:
        if exc.retry:
            raise
        logger.error("staff alert refused by Telegram", extra={"alert": alert.kind.value, "error": exc.message})
        return False
    return True


# --- the console ------------------------------------------------------------------------------------

def settings() -> AlertSettings:
    return store.settings()


def recent() -> list[LoggedAlert]:
    return store.recent(clock.now(), RECENT_SHOWN)


def _save(actor_id: str, changed: AlertSettings, before: AlertSettings, action: Action) -> None:
    record = audit_log.build(action, SubjectKind.ALERT_SETTINGS, "telegram", actor=actor_id,
                             before={"chat_id": before.telegram_chat_id, "token": before.telegram_token_hint},
                             after={"chat_id": changed.telegram_chat_id, "token": changed.telegram_token_hint})
    if not store.save_settings(changed, before.version, audit_log.action(record)):
        raise Conflict("The alert settings changed meanwhile: reload the page and try again.")


def set_telegram(actor_id: str, bot_token: object, chat_id: object) -> AlertSettings:
    """Store the bot token (secret store) and the chat. The token is checked for its shape
    only: the test alert is how staff see it works."""
    token = rules.check_bot_token(bot_token)
    chat = rules.check_chat_id(chat_id)
    before = store.settings()
    changed = AlertSettings(chat, rules.token_hint(token), before.version + 1)
    secret_store.put(secret_names.TELEGRAM_BOT_TOKEN, token)
    _save(actor_id, changed, before, Action.ALERTS_TELEGRAM_SET)
    return changed


def remove_telegram(actor_id: str) -> AlertSettings:
    """Stop sending to Telegram. The stored token is overwritten, so it is gone, not hidden."""
    before = store.settings()
    if not before.telegram_on:
        raise InvalidInput("Telegram alerts are not set up.", fields={"telegram": "not_set"})
    changed = AlertSettings(None, None, before.version + 1)
    _save(actor_id, changed, before, Action.ALERTS_TELEGRAM_REMOVED)
    secret_store.put(secret_names.TELEGRAM_BOT_TOKEN, "removed")
    return changed


def send_test(actor_id: str) -> bool:
    return raise_alert(rules.test_alert(actor_id))
