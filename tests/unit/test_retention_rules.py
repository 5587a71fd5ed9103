"""The retention schedule's rules (domain/retention.py): one test per rule."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from chalicelib.domain import retention
from chalicelib.domain.retention import DataClass, Decision

NOW = datetime(2026, 12, 1, 3, 15, tzinfo=UTC)


def test_a_hold_keeps_data_whether_due_or_not_and_otherwise_what_is_due_goes() -> None:
    assert retention.decide(True, "preservation request LE-1") == Decision.HELD
    assert retention.decide(False, "preservation request LE-1") == Decision.HELD
    assert retention.decide(True, None) == Decision.PURGE
    assert retention.decide(False, None) == Decision.NOT_DUE


def test_a_login_ip_goes_on_its_purge_by_date_and_not_the_day_before() -> None:
    assert not retention.login_ip_due(date(2026, 12, 2), date(2026, 12, 1))
    assert retention.login_ip_due(date(2026, 12, 1), date(2026, 12, 1))
    assert retention.login_ip_due(date(2026, 11, 30), date(2026, 12, 1))


def test_a_closed_tickets_text_goes_after_the_retention_period_and_an_open_ones_never() -> None:
    a_year_ago = NOW - timedelta(days=365)
    assert retention.ticket_text_due(True, a_year_ago, NOW)
    assert not retention.ticket_text_due(True, a_year_ago + timedelta(seconds=1), NOW)
    assert not retention.ticket_text_due(False, NOW - timedelta(days=3000), NOW)
    assert retention.ticket_text_due(True, NOW - timedelta(days=31), NOW, retention_days=30)
    assert retention.ticket_text_cutoff(NOW, 30) == NOW - timedelta(days=30)


def test_the_ticket_cutoff_refuses_a_naive_time_and_a_period_under_a_day() -> None:
    with pytest.raises(ValueError, match="timezone"):
        retention.ticket_text_cutoff(datetime(2026, 12, 1), 30)
    with pytest.raises(ValueError, match="at least 1"):
        retention.ticket_text_cutoff(NOW, 0)


def test_a_record_is_expired_once_its_ttl_has_passed_and_one_without_ttl_never() -> None:
    now = int(NOW.timestamp())
    assert retention.ttl_expired(now - 1, now)
    assert not retention.ttl_expired(now, now)
    assert not retention.ttl_expired(now + 60, now)
    assert not retention.ttl_expired(None, now)


def test_scrubbed_history_keeps_who_and_when_but_no_free_text() -> None:
    history: list[dict[str, object]] = [
        {"field": "status", "from": "open", "to": "closed", "by": "staff-1", "at": "2025-01-01", "reason": "my a@b.c"},
        {"field": "subject", "from": "Help Jane", "to": "Help", "by": "staff-1", "at": "2025-01-02", "reason": None},
    ]
    assert retention.scrub_history(history) == [
        {"field": "status", "from": "open", "to": "closed", "by": "staff-1", "at": "2025-01-01", "reason": None},
        {"field": "subject", "from": None, "to": None, "by": "staff-1", "at": "2025-01-02", "reason": None},
    ]


def test_each_data_class_has_its_own_metric() -> None:
    assert DataClass.LOGIN_IPS.metric == "PurgedLoginIps"
    assert DataClass.TICKET_TEXT.metric == "PurgedTicketText"
    assert len({c.metric for c in DataClass}) == len(DataClass)
