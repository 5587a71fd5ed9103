"""Staff alerts in the table: the once-only mark and the log line of each alert sent (written
together), and the alert settings."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from chalicelib.domain.staff_alerts import Alert, AlertSettings, LoggedAlert
from chalicelib.store import dynamo, keys, schema

# A once-only mark outlives the longest repeat period (a day) by far, then expires by TTL: a
# ticket or claim alerted once is never alerted again within this, and never matters after.
ONCE_KEPT = timedelta(days=60)
LOG_KEPT = timedelta(days=90)


def _expiry(at: datetime, kept: timedelta) -> int:
    return int((at + kept).timestamp())


def record(alert: Alert, once_key: str, title: str, now: datetime) -> bool:
    """Mark the alert sent and log it, in one transaction; False (nothing written) when its
    mark is there already: another run sent it."""
    mark = {**keys.alert_once(once_key), "type": "alert_once", "at": now.isoformat(),
            schema.TTL_ATTRIBUTE: _expiry(now, ONCE_KEPT)}
    line = {**keys.alert_logged(now, once_key), "type": "alert_log", "at": now.isoformat(),
            "alert": alert.to_message(), "title": title, schema.TTL_ATTRIBUTE: _expiry(now, LOG_KEPT)}
    try:
        dynamo.transact_write([
            {"Put": {"Item": dynamo.to_attributes(mark), "ConditionExpression": "attribute_not_exists(pk)"}},
            {"Put": {"Item": dynamo.to_attributes(line)}},
        ])
    except dynamo.TransactionCancelled:
        return False
    return True


def forget(once_key: str, at: datetime) -> None:
    """Undo `record` when the alert could not be queued, so the next run tries again."""
    dynamo.transact_write([
        {"Delete": {"Key": dynamo.to_attributes(keys.alert_once(once_key))}},
        {"Delete": {"Key": dynamo.to_attributes(keys.alert_logged(at, once_key))}},
    ])


def _logged(item: dict[str, Any]) -> LoggedAlert:
    return LoggedAlert(datetime.fromisoformat(str(item["at"])), Alert.from_message(item["alert"]), str(item["title"]))


def recent(now: datetime, limit: int) -> list[LoggedAlert]:
    """The newest alerts of this month and the one before, newest first."""
    found: list[LoggedAlert] = []
    last_month = now.replace(day=1) - timedelta(days=1)
    for partition in (keys.alerts_month(now), keys.alerts_month(last_month)):
        page = dynamo.query_page(None, partition, limit=limit - len(found))
        found.extend(_logged(i) for i in page.items)
        if len(found) >= limit:
            break
    return found


def settings() -> AlertSettings:
    item = dynamo.get(keys.alert_settings())
    if item is None:
        return AlertSettings()
    return AlertSettings(item.get("telegram_chat_id"), item.get("telegram_token_hint"), int(item["version"]))


def save_settings(changed: AlertSettings, expected_version: int, audit: dict[str, Any]) -> bool:
    """Write the settings over the version read, with the audit record; False when they
    changed meanwhile."""
    item = {**keys.alert_settings(), "type": "alert_settings", "telegram_chat_id": changed.telegram_chat_id,
            "telegram_token_hint": changed.telegram_token_hint, "version": expected_version + 1}
    put: dict[str, Any] = {"Put": {"Item": dynamo.to_attributes(item),
                                   "ConditionExpression": "attribute_not_exists(pk)"}}
    if expected_version:
        put = dynamo.put_at_version(item, expected_version)
    try:
        dynamo.transact_write([put, audit])
    except dynamo.TransactionCancelled:
        return False
    return True

