"""Staff alerts: the once-only marks that stop an alert repeating, the log of alerts sent, and
the alert settings (Telegram's chat)."""

from __future__ import annotations

from datetime import UTC, datetime

from chalicelib.store.keys.base import Key, utc_stamp

ALERT_LOG_PREFIX = "ALERTS#"  # then the UTC month


def alert_once(once_key: str) -> Key:
    """One item per alert that went out (domain/staff_alerts.once_key): written on condition
    that it is absent, so two jobs noticing the same thing send one alert."""
    return {"pk": f"ALERTONCE#{once_key}", "sk": "ALERT"}


def alerts_month(moment: datetime) -> str:
    """The log of a UTC month's alerts is one partition, newest last: a handful a day."""
    return f"{ALERT_LOG_PREFIX}{moment.astimezone(UTC):%Y-%m}"


def alert_logged(at: datetime, once_key: str) -> Key:
    return {"pk": alerts_month(at), "sk": f"{utc_stamp(at)}#{once_key}"}


def alert_settings() -> Key:
    return {"pk": "CONFIG#alerts", "sk": "CONFIG"}
