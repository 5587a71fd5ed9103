"""Maintenance windows (S2): the periods the availability arithmetic leaves out.

All windows share one partition sorted by start (a few a month). A window is written in one
transaction with a check, for every calendar month it touches, that the month is not decided
(store/sla_months.py): a window can never land in a decided month, even when the decision is
taken at the same moment. Windows are kept (no TTL): they are small and explain past months.
"""

from __future__ import annotations

from datetime import datetime

from chalicelib.domain.maintenance import Window, WindowKind, months_touched
from chalicelib.store import dynamo, keys, sla_months


def _window(item: dynamo.Item) -> Window:
    return Window(item["window_id"], WindowKind(item["kind"]), datetime.fromisoformat(item["starts_at"]),
                  datetime.fromisoformat(item["ends_at"]), item["reason"], item["declared_by"],
                  datetime.fromisoformat(item["declared_at"]))


def add(window: Window) -> None:
    """Store a window; sla_months.MonthDecided (nothing written) when a month it touches is decided."""
    months = months_touched(window.starts_at, window.ends_at)
    put = {"Put": {"Item": dynamo.to_attributes({
        **keys.maintenance_window(window.starts_at, window.window_id), "type": "maintenance",
        "window_id": window.window_id, "kind": window.kind.value, "starts_at": window.starts_at.isoformat(),
        "ends_at": window.ends_at.isoformat(), "reason": window.reason, "declared_by": window.declared_by,
        "declared_at": window.declared_at.isoformat()}), "ConditionExpression": "attribute_not_exists(pk)"}}
    try:
        dynamo.transact_write([*(sla_months.undecided_check(m) for m in months), put])
    except dynamo.TransactionCancelled as exc:
        for month, reason in zip(months, exc.reasons, strict=False):
            if reason == "ConditionalCheckFailed":
                raise sla_months.MonthDecided(month) from exc
        raise


def between(start: datetime, end: datetime) -> list[Window]:
    """Every window that overlaps [start, end), by start."""
    items = dynamo.query_index(None, keys.MAINTENANCE_PARTITION, sort_at_most=keys.maintenance_start(end))
    return [w for w in map(_window, items) if w.overlaps(start, end)]


def all_windows() -> list[Window]:
    """Every window, newest start first."""
    return [_window(i) for i in dynamo.query_all(None, keys.MAINTENANCE_PARTITION)]


def page(limit: int, cursor: str | None) -> tuple[list[Window], str | None]:
    """One page of windows, newest start first, and where the next page starts."""
    found = dynamo.query_page(None, keys.MAINTENANCE_PARTITION, limit=limit, cursor=cursor)
    return [_window(i) for i in found.items], found.cursor
