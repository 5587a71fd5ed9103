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


# --- closed accounts, consent records, uploads, financial records and the audit log ---------



def test_a_closed_account_is_due_after_its_grace_period() -> None:
    now = datetime(2026, 12, 1, 3, 15, tzinfo=UTC)
    assert retention.closed_account_due(now - timedelta(days=30), now)
    assert not retention.closed_account_due(now - timedelta(days=30) + timedelta(seconds=1), now)
    assert retention.closed_account_due(now, now, grace_days=0)


def test_a_consent_record_goes_six_years_after_it_could_last_be_relied_on() -> None:
    at = datetime(2020, 1, 1, 12, tzinfo=UTC)                 # relied on until 1 July 2020 (182 days)
    assert not retention.consent_record_due(at, datetime(2026, 7, 1, 23, tzinfo=UTC))
    assert retention.consent_record_due(at, datetime(2026, 7, 2, 0, tzinfo=UTC))


def test_the_consent_cutoff_reads_exactly_what_is_due() -> None:
    now = datetime(2026, 12, 1, 3, 15, tzinfo=UTC)
    cutoff = retention.consent_cutoff(now)
    for days in range(-3, 4):
        at = cutoff + timedelta(days=days, hours=5)
        if at < cutoff:
            assert retention.consent_record_due(at, now), at


def test_an_upload_not_attached_goes_after_a_day() -> None:
    now = datetime(2026, 12, 1, 3, 15, tzinfo=UTC)
    assert retention.upload_cutoff(now) == now - timedelta(hours=24)


@pytest.mark.parametrize(("day", "end"), [(date(2020, 3, 31), date(2020, 3, 31)),
                                          (date(2020, 4, 1), date(2021, 3, 31)),
                                          (date(2021, 1, 15), date(2021, 3, 31))])
def test_the_accounting_year_is_the_uk_financial_year_by_default(day: date, end: date) -> None:
    assert retention.accounting_period_end(day) == end
    assert retention.accounting_period_end(day, (12, 31)) == date(day.year, 12, 31)


def test_a_financial_record_goes_six_years_after_its_accounting_year_ends() -> None:
    assert not retention.financial_record_due(date(2019, 4, 1), date(2026, 3, 31))   # year to 31 March 2020
    assert retention.financial_record_due(date(2019, 4, 1), date(2026, 4, 1))
    assert not retention.financial_record_due(date(2020, 4, 1), date(2026, 4, 1))    # year to 31 March 2021


def test_the_financial_cutoff_agrees_with_the_rule_on_every_day() -> None:
    today = date(2025, 1, 1)
    for _ in range(800):
        cutoff = retention.financial_cutoff(today)
        assert retention.financial_record_due(cutoff, today)
        assert not retention.financial_record_due(cutoff + timedelta(days=1), today)
        today += timedelta(days=1)


@pytest.mark.parametrize("text", ["02-29", "13-01", "3-31x", "", "04-31"])
def test_a_bad_accounting_year_end_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        retention.parse_year_end(text)


def test_an_audit_record_goes_after_six_years() -> None:
    at = datetime(2020, 2, 29, 9, tzinfo=UTC)
    assert not retention.audit_record_due(at, datetime(2026, 2, 28, 23, tzinfo=UTC))
    assert retention.audit_record_due(at, datetime(2026, 3, 1, tzinfo=UTC))


def test_every_class_has_its_own_metric() -> None:
    names = [c.metric for c in retention.DataClass]
    assert len(set(names)) == len(names) and "PurgedFinancialRecords" in names and "PurgedAuditLog" in names
