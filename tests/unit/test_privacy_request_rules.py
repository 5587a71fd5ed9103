"""The privacy request register's pure rules (domain/privacy_requests.py; promise P6)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chalicelib.domain import privacy_requests as pr
from chalicelib.domain.errors import Conflict, InvalidInput
from chalicelib.domain.privacy_requests import Channel, IdentityCheck, RequestType, Standing, Status
from chalicelib.domain.privacy_self_service import SelfService, self_service_request

NOW = datetime(2026, 1, 31, 12, 0, tzinfo=UTC)
Step = Callable[[pr.PrivacyRequest], pr.PrivacyRequest]


def request(received: datetime = NOW) -> pr.PrivacyRequest:
    return pr.new_request(7, RequestType.ACCESS, Channel.EMAIL, received, max(received, NOW), "staff-1",
                          "Send me my data", requester_email="someone@example.com")


def verified(made: pr.PrivacyRequest) -> pr.PrivacyRequest:
    return pr.record_identity(made, IdentityCheck.VERIFIED, "replied from the account's address", "staff-1", NOW)


# --- the deadline: one calendar month, the ICO's rule -------------------------------------------

@pytest.mark.promise("P6")
@pytest.mark.parametrize(("received", "due"), [
    (date(2026, 1, 15), date(2026, 2, 15)),   # the corresponding date next month
    (date(2026, 1, 31), date(2026, 2, 28)),   # no 31 February: the month's last day
    (date(2028, 1, 31), date(2028, 2, 29)),   # a leap year's February
    (date(2026, 3, 31), date(2026, 4, 30)),
    (date(2026, 12, 31), date(2027, 1, 31)),  # across the year
    (date(2026, 2, 28), date(2026, 3, 28)),   # not the end of March: the corresponding date
])
def test_the_deadline_is_the_corresponding_date_next_month_or_its_last_day(received: date, due: date) -> None:
    assert pr.statutory_deadline(received) == due


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)))
def test_the_deadline_is_always_in_the_next_month_and_never_later_than_its_date(received: date) -> None:
    due = pr.statutory_deadline(received)
    assert (due.year * 12 + due.month) - (received.year * 12 + received.month) == 1
    assert due.day <= received.day
    assert 28 <= (due - received).days <= 31


def test_the_day_of_receipt_is_the_utc_date_and_a_naive_time_is_refused() -> None:
    late_evening_elsewhere = datetime(2026, 3, 1, 1, 30, tzinfo=timezone(timedelta(hours=3)))  # 28 Feb 22:30 UTC
    assert request(late_evening_elsewhere).received_on == date(2026, 2, 28)
    assert request(late_evening_elsewhere).deadline == date(2026, 3, 28)
    with pytest.raises(ValueError, match="timezone-aware"):
        pr.received_day(datetime(2026, 1, 1))


def test_a_request_cannot_be_received_in_the_future() -> None:
    with pytest.raises(InvalidInput, match="future"):
        pr.new_request(1, RequestType.ACCESS, Channel.POST, NOW + timedelta(days=1), NOW, "s", "x",
                       requester_email="a@b.co")
    assert pr.new_request(1, RequestType.ACCESS, Channel.POST, NOW, NOW, "s", "x").requester_email is None


@pytest.mark.promise("P1")
def test_the_requesters_contact_is_an_e_mail_address_never_a_postal_address_or_phone() -> None:
    assert pr.requester_email("  Writer@Example.com ") == "writer@example.com"
    assert pr.requester_email("") is None and pr.requester_email(None) is None
    for not_an_email in ("07700 900123", "1 High Street, London", 5):
        with pytest.raises(InvalidInput, match=r"e-mail address|must be text"):
            pr.requester_email(not_an_email)


# --- due soon and overdue -----------------------------------------------------------------------

@pytest.mark.promise("P6")
def test_due_soon_within_seven_days_and_overdue_once_the_deadline_day_has_ended() -> None:
    made = request(datetime(2026, 1, 15, 9, tzinfo=UTC))  # due 15 February
    assert pr.standing(made, date(2026, 2, 7)) == Standing.ON_TRACK
    assert pr.standing(made, date(2026, 2, 8)) == Standing.DUE_SOON
    assert pr.days_left(made, date(2026, 2, 8)) == 7
    assert pr.standing(made, date(2026, 2, 15)) == Standing.DUE_SOON  # the deadline day itself
    assert pr.days_left(made, date(2026, 2, 15)) == 0
    assert pr.standing(made, date(2026, 2, 16)) == Standing.OVERDUE
    assert pr.days_left(made, date(2026, 2, 16)) == -1


@pytest.mark.promise("P6")
def test_a_decided_request_is_never_overdue() -> None:
    made = request(datetime(2026, 1, 1, tzinfo=UTC))
    done = pr.change_status(verified(made), Status.COMPLETED, "Export sent", "staff-1", NOW)
    refused = pr.change_status(made, Status.REFUSED, "Manifestly unfounded", "staff-1", NOW)
    assert pr.standing(done, date(2027, 1, 1)) == Standing.CLOSED
    assert pr.standing(refused, date(2027, 1, 1)) == Standing.CLOSED


# --- extension ----------------------------------------------------------------------------------

@pytest.mark.promise("P6")
def test_an_extension_adds_months_counted_from_receipt_and_is_recorded_with_its_reason() -> None:
    made = request(datetime(2026, 1, 31, tzinfo=UTC))
    extended = pr.extend(made, 2, "Many complex requests from this person", "staff-2", NOW)
    assert extended.original_deadline == date(2026, 2, 28)
    assert extended.deadline == date(2026, 4, 30)  # three months from receipt, last day of April
    assert extended.status == Status.EXTENDED
    assert extended.extension_reason == "Many complex requests from this person"
    assert [(c.field, c.new, c.by) for c in extended.history[-2:]] == [
        ("deadline", "2026-04-30", "staff-2"), ("status", "extended", "staff-2")]
    assert pr.extend(made, 1, "Complex", "s", NOW).deadline == date(2026, 3, 31)


@pytest.mark.parametrize(("months", "reason", "error"), [
    (3, "Complex", InvalidInput), (0, "Complex", InvalidInput), (True, "Complex", InvalidInput),
    (1, None, InvalidInput), (1, "", InvalidInput),
])
def test_an_extension_needs_one_or_two_months_and_a_reason(months: int, reason: str | None,
                                                           error: type[Exception]) -> None:
    with pytest.raises(error):
        pr.extend(request(), months, reason, "s", NOW)


@pytest.mark.promise("P6")
def test_a_request_is_extended_only_once_and_only_before_the_original_deadline_passes() -> None:
    made = request(datetime(2026, 1, 15, tzinfo=UTC))  # due 15 February
    once = pr.extend(made, 1, "Complex", "s", NOW)
    with pytest.raises(Conflict, match="only once"):
        pr.extend(once, 1, "More", "s", NOW)
    on_the_day = pr.extend(made, 2, "Complex", "s", datetime(2026, 2, 15, 23, 59, tzinfo=UTC))
    assert on_the_day.deadline == date(2026, 4, 15)
    with pytest.raises(Conflict, match="has passed"):
        pr.extend(made, 2, "Complex", "s", datetime(2026, 2, 16, 0, 0, tzinfo=UTC))


# --- statuses -----------------------------------------------------------------------------------

def test_the_allowed_status_transitions() -> None:
    made = request()
    waiting = pr.change_status(made, Status.AWAITING_IDENTITY, None, "s", NOW)
    working = pr.change_status(waiting, Status.IN_PROGRESS, None, "s", NOW)
    back = pr.change_status(working, Status.AWAITING_IDENTITY, None, "s", NOW)
    assert back.status == Status.AWAITING_IDENTITY
    with pytest.raises(Conflict, match="cannot become"):
        pr.change_status(working, Status.IN_PROGRESS, None, "s", NOW)
    with pytest.raises(InvalidInput, match="Extend"):
        pr.change_status(made, Status.EXTENDED, None, "s", NOW)
    with pytest.raises(Conflict, match="cannot become"):
        pr.change_status(pr.extend(made, 1, "r", "s", NOW), Status.IN_PROGRESS, None, "s", NOW)
    assert all(not pr.ALLOWED[s] for s in pr.FINAL)


@pytest.mark.parametrize("final", [Status.COMPLETED, Status.REFUSED])
def test_completed_and_refused_need_an_outcome_and_are_final(final: Status) -> None:
    made = verified(request())
    with pytest.raises(InvalidInput, match="outcome"):
        pr.change_status(made, final, None, "s", NOW)
    decided = pr.change_status(made, final, "Done as asked", "staff-9", NOW)
    assert (decided.outcome, decided.decided_by, decided.decided_at) == ("Done as asked", "staff-9", NOW)
    changes: list[Step] = [lambda r: pr.change_status(r, Status.IN_PROGRESS, None, "s", NOW),
                           lambda r: pr.extend(r, 1, "r", "s", NOW),
                           lambda r: pr.record_identity(r, IdentityCheck.FAILED, "no", "s", NOW),
                           lambda r: pr.assign(r, "staff-2", "s", NOW)]
    for change in changes:
        with pytest.raises(Conflict, match="decided request"):
            change(decided)


def test_completing_needs_a_verified_identity_and_recording_it_needs_how() -> None:
    made = request()
    with pytest.raises(Conflict, match="Verify"):
        pr.change_status(made, Status.COMPLETED, "Sent", "s", NOW)
    with pytest.raises(InvalidInput, match="how the identity"):
        pr.record_identity(made, IdentityCheck.VERIFIED, None, "s", NOW)
    with pytest.raises(InvalidInput, match="why the check failed"):
        pr.record_identity(made, IdentityCheck.FAILED, None, "s", NOW)
    failed = pr.record_identity(made, IdentityCheck.FAILED, "did not answer the question", "s", NOW)
    with pytest.raises(Conflict, match="Verify"):
        pr.change_status(failed, Status.COMPLETED, "Sent", "s", NOW)
    assert pr.change_status(verified(failed), Status.COMPLETED, "Sent", "s", NOW).status == Status.COMPLETED


def test_history_is_only_ever_appended_to() -> None:
    made = request()
    steps: list[Step] = [lambda r: pr.assign(r, "staff-2", "staff-1", NOW), verified,
                         lambda r: pr.extend(r, 1, "Complex", "staff-2", NOW),
                         lambda r: pr.change_status(r, Status.COMPLETED, "Sent by post", "staff-2", NOW)]
    current = made
    for step in steps:
        after = step(current)
        assert after.history[:len(current.history)] == current.history
        assert len(after.history) > len(current.history)
        current = after
    assert [c.field for c in current.history] == ["status", "assigned_to", "identity", "deadline", "status",
                                                 "status"]


# --- self-service and input -------------------------------------------------------------------------

@pytest.mark.promise("P6")
def test_self_service_actions_are_registered_as_decided_and_a_refusal_never_names_its_reason() -> None:
    done = self_service_request(3, SelfService.EXPORT, "u1", NOW)
    assert (done.request_type, done.channel, done.status, done.identity) == (
        RequestType.ACCESS, Channel.SELF_SERVICE, Status.COMPLETED, IdentityCheck.VERIFIED)
    refused = self_service_request(4, SelfService.DELETION_REFUSED, "u1", NOW)
    assert refused.status == Status.REFUSED and refused.request_type == RequestType.ERASURE
    assert "hold" not in (refused.outcome or "").lower() and "law" not in (refused.outcome or "").lower()
    assert {self_service_request(1, a, "u", NOW).request_type for a in SelfService} == {
        RequestType.ACCESS, RequestType.ERASURE, RequestType.RECTIFICATION, RequestType.OBJECTION}


def test_ids_types_channels_and_text_are_checked_in_words() -> None:
    assert pr.display_id(123) == "PR-000123"
    assert pr.parse_id("PR-000123") == pr.parse_id("pr-123") == pr.parse_id(" 123 ") == 123
    for bad in ("PR-0", "PR-x", "", None, 5, "PR-1234567890123"):
        with pytest.raises(InvalidInput, match="PR-000123"):
            pr.parse_id(bad)
    assert pr.parse_type(" Erasure ") == RequestType.ERASURE
    with pytest.raises(InvalidInput, match="Unknown request type"):
        pr.parse_type("delete-everything")
    assert pr.parse_staff_channel("post") == Channel.POST
    with pytest.raises(InvalidInput, match="automatically"):
        pr.parse_staff_channel("self_service")
    assert pr.text("  hi ", "outcome") == "hi"
    assert pr.text("  ", "note", required=False) is None
    with pytest.raises(InvalidInput, match="longer than"):
        pr.text("x" * 2001, "outcome")
    with pytest.raises(InvalidInput, match="must be text"):
        pr.text(5, "outcome")


def test_a_requesters_contact_is_masked_for_logs_and_the_audit_log() -> None:
    assert pr.mask_contact("writer@example.com") == "w***@example.com"
    assert pr.mask_contact("07700 900123") == "07***"
    assert pr.mask_contact("") is None and pr.mask_contact(None) is None
