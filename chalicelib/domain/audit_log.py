"""The staff audit log's record shape, as pure rules (no I/O, no clock).

One record says who did what to which subject, when, with small before/after snapshots of
the fields that changed. Records are only ever added (see store/audit_log.py): nothing in
the product updates or deletes them.

What a record never holds: provider API keys (a key change is the word "changed"),
passwords, TOTP secrets, full e-mail addresses. `snapshot` drops any such field by name, so
a caller that passes a whole object by mistake still cannot leak one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

SYSTEM = "system"
"""The actor of scheduled jobs and of changes no person asked for (a payment lock by a refund)."""

CLI_PREFIX = "cli:"
"""`cli:<os user>`: the operator command line."""


class Action(StrEnum):
    PROVIDER_ADDED = "provider.added"
    PROVIDER_UPDATED = "provider.updated"
    PROVIDER_ENABLED = "provider.enabled"
    PROVIDER_DISABLED = "provider.disabled"
    PROVIDER_KEY_CHANGED = "provider.key_changed"
    SERVICE_CHANGED = "service.changed"
    CATALOG_IMPORTED = "catalog.imported"
    CATALOG_SYNCED = "catalog.synced"
    CATALOG_CHANGES_ACKED = "catalog.changes_acked"
    GLOBAL_MARKUP_SET = "catalog.markup_set"
    CUSTOM_RATE_SET = "rate.custom_set"
    BALANCE_ADJUSTED = "balance.adjusted"
    MANUAL_TOP_UP = "topup.manual"
    ACCOUNT_LOCKED = "account.locked"
    ACCOUNT_UNLOCKED = "account.unlocked"
    ACCOUNT_CLOSED = "account.closed"
    ERASURE_REFUSED = "account.erasure_refused"
    ACCOUNT_FLAGGED_MINOR = "account.flagged_minor"
    TASK_RESOLVED = "task.resolved"
    STAFF_CREATED = "staff.created"
    STAFF_PROMOTED = "staff.promoted"
    STAFF_DISABLED = "staff.disabled"
    STAFF_ENABLED = "staff.enabled"
    STAFF_SECOND_FACTOR_RESET = "staff.second_factor_reset"
    ALERTS_TELEGRAM_SET = "alerts.telegram_set"
    ALERTS_TELEGRAM_REMOVED = "alerts.telegram_removed"
    BRAND_CHANGED = "brand.changed"
    ORDER_MARKED_SENT = "order.marked_sent"
    ORDER_CANCELED_REFUNDED = "order.canceled_refunded"
    ORDER_RETRIED = "order.retried"
    ORDER_SETTLED = "order.settled"
    SLA_CLAIM_APPROVED = "sla_claim.approved"
    SLA_CLAIM_REFUSED = "sla_claim.refused"
    BALANCE_PAID_OUT = "balance.paid_out"
    PRIVACY_REQUEST_OPENED = "privacy_request.opened"
    PRIVACY_REQUEST_CHANGED = "privacy_request.changed"
    MONITOR_REGISTERED = "monitor.registered"
    MONITOR_CHANGED = "monitor.changed"
    MONITOR_SECRET_ROTATED = "monitor.secret_rotated"  # noqa: S105 - an action name, not a secret
    MAINTENANCE_DECLARED = "maintenance.declared"
    LEGAL_REQUEST_RECEIVED = "legal_request.received"
    LEGAL_REQUEST_REASSESSED = "legal_request.reassessed"
    LEGAL_REQUEST_DECIDED = "legal_request.decided"
    LEGAL_REQUEST_FULFILLED = "legal_request.fulfilled"
    LEGAL_REQUEST_CLOSED = "legal_request.closed"
    LEGAL_NOTICE_SENT = "legal_notice.sent"
    LEGAL_NOTICE_WITHHELD = "legal_notice.withheld"
    VOLUNTARY_DISCLOSURE_RECORDED = "voluntary_disclosure.recorded"
    LEGAL_HOLD_PLACED = "legal_hold.placed"
    LEGAL_HOLD_EXTENDED = "legal_hold.extended"
    LEGAL_HOLD_RELEASED = "legal_hold.released"
    LEGAL_PACKAGE_BUILT = "legal_package.built"
    LEGAL_PACKAGE_DOWNLOADED = "legal_package.downloaded"
    CANNED_REPLY_ADDED = "canned_reply.added"
    CANNED_REPLY_CHANGED = "canned_reply.changed"
    CANNED_REPLY_DELETED = "canned_reply.deleted"
    CUSTOM_RATE_DELETED = "rate.custom_deleted"
    SESSION_REVOKED = "account.session_revoked"
    SESSIONS_REVOKED = "account.sessions_revoked"
    API_KEY_REVOKED = "account.api_key_revoked"
    ACCOUNT_STAFF_LOCKED = "account.staff_locked"
    ACCOUNT_STAFF_UNLOCKED = "account.staff_unlocked"


class SubjectKind(StrEnum):
    USER = "user"
    ALERT_SETTINGS = "alert_settings"
    PROVIDER = "provider"
    SERVICE = "service"
    CATALOG = "catalog"
    ORDER = "order"
    SLA_CLAIM = "sla_claim"
    TASK = "task"
    PRIVACY_REQUEST = "privacy_request"
    MONITOR = "monitor"
    MAINTENANCE = "maintenance"
    LEGAL_REQUEST = "legal_request"
    VOLUNTARY_DISCLOSURE = "voluntary_disclosure"
    LEGAL_HOLD = "legal_hold"
    LEGAL_PACKAGE = "legal_package"
    CANNED_REPLY = "canned_reply"
    BRAND = "brand"


CHANGED = "changed"
"""What a record shows in place of a secret that changed."""

_SECRET_FIELDS = frozenset({"api_key", "key", "password", "password_hash", "totp_secret", "secret", "token",
                            "email", "key_hint"})
_SUBJECT_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,80}$")
MAX_LIST_ITEMS = 200
MAX_TEXT = 500


@dataclass(frozen=True)
class Subject:
    kind: SubjectKind
    id: str

    def __str__(self) -> str:
        return f"{self.kind.value}:{self.id}"


def parse_subject(text: str) -> Subject | None:
    """`user:<id>`, `order:<id>`... as typed in a query string, or None."""
    kind, _, ident = text.strip().partition(":")
    try:
        subject_kind = SubjectKind(kind)
    except ValueError:
        return None
    return Subject(subject_kind, ident) if _SUBJECT_ID.match(ident) else None


def _plain(value: Any) -> Any:
    """A JSON-friendly, bounded copy: decimals as text, long text and lists cut."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, str):
        return value[:MAX_TEXT]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items() if str(k) not in _SECRET_FIELDS or v == CHANGED}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in list(value)[:MAX_LIST_ITEMS]]
    return value


def snapshot(fields: dict[str, Any] | None) -> dict[str, Any] | None:
    """A small snapshot of changed fields; secret fields are dropped by name (unless their
    value is the word "changed")."""
    if fields is None:
        return None
    plain = _plain(fields)
    assert isinstance(plain, dict)
    return plain


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the keys whose values differ, from each side."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}


def provider_action(after: dict[str, Any]) -> Action:
    """The most specific name for one provider change (`after`: the changed fields)."""
    if set(after) == {"enabled"}:
        return Action.PROVIDER_ENABLED if after["enabled"] else Action.PROVIDER_DISABLED
    if set(after) == {"api_key"}:
        return Action.PROVIDER_KEY_CHANGED
    return Action.PROVIDER_UPDATED


@dataclass(frozen=True)
class AuditRecord:
    record_id: str
    actor: str
    at: datetime
    action: Action
    subject: Subject
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None

    @property
    def month(self) -> str:
        return self.at.astimezone(UTC).strftime("%Y-%m")

    def view(self) -> dict[str, Any]:
        return {"id": self.record_id, "actor": self.actor, "at": self.at.astimezone(UTC).isoformat(),
                "action": self.action.value, "subject": str(self.subject), "subject_kind": self.subject.kind.value,
                "subject_id": self.subject.id, "before": self.before, "after": self.after}
