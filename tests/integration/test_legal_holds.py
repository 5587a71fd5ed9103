"""Preservation holds per legal request (services/legal_holds.py) on DynamoDB Local and moto's S3:
the frozen copy, the 90 business days, extensions, the release job, and what the holds stop."""

from __future__ import annotations

import json
import secrets
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta

import boto3
import pytest

from chalicelib.adapters import legal_files
from chalicelib.domain.business_days import add_business_days
from chalicelib.domain.errors import Conflict, InvalidInput, NotFound
from chalicelib.services import audit_log, erasure, holds, legal_holds, retention
from chalicelib.store import logins
from tests.support.accounts import customer, email_of

PLACED = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
PERIOD = (date(2026, 6, 1), date(2026, 8, 31))


def _request_id() -> str:
    return f"LR-{secrets.token_hex(4)}"


def _copies(request_id: str) -> list[str]:
    found = boto3.client("s3").list_objects_v2(Bucket=legal_holds.bucket(), Prefix=f"legal/holds/{request_id}/")
    return [item["Key"] for item in found.get("Contents", [])]


def _actions(subject: str) -> list[str]:
    records, _ = audit_log.subject_page(subject, 50, None)
    return [record.action.value for record in records]


@pytest.mark.promise("L7")
def test_a_hold_freezes_an_encrypted_copy_of_the_period_and_lasts_90_business_days(backing_services,
                                                                                   clock) -> None:
    clock.at = PLACED
    user_id, request_id = customer(), _request_id()
    logins.record(user_id, datetime(2026, 7, 1, 9, tzinfo=UTC), "198.51.100.7", date(2026, 11, 5))
    logins.record(user_id, datetime(2026, 9, 1, 9, tzinfo=UTC), "198.51.100.8", date(2027, 1, 5))  # after the period

    hold = legal_holds.preserve(request_id, user_id, ["login_ips", "basic_subscriber"], PERIOD, 90, "legal-1")

    assert hold.expires_on == add_business_days(date(2026, 12, 1), 90) == date(2027, 4, 13)
    assert hold.counts == {"basic_subscriber": 1, "login_ips": 1}
    [key] = _copies(request_id)
    assert key == hold.copy_key and key.startswith("legal/holds/")
    assert legal_files.encryption_of(legal_holds.bucket(), key) == "AES256"
    frozen = json.loads(legal_files.get(legal_holds.bucket(), key) or b"")
    assert frozen["data"]["login_ips"] == [{"at": "2026-07-01T09:00:00+00:00", "ip": "198.51.100.7"}]
    assert frozen["data"]["basic_subscriber"]["email"] == email_of(user_id)
    assert holds.hold_on(user_id) == f"legal request {request_id}"
    assert _actions(f"legal_hold:{request_id}") == ["legal_hold.placed"]

    again = legal_holds.preserve(request_id, user_id, ["login_ips", "basic_subscriber"], PERIOD, 90, "legal-1")
    assert again == hold and _copies(request_id) == [key]     # idempotent: one hold, one copy
    with pytest.raises(Conflict):
        legal_holds.preserve(request_id, customer(), ["login_ips"], PERIOD, 90, "legal-1")


def test_bad_hold_input_is_refused_and_changes_nothing(backing_services) -> None:
    user_id, request_id = customer(), _request_id()
    for categories, period, days in ((["everything"], PERIOD, 90), (["orders"], (PERIOD[1], PERIOD[0]), 90),
                                     (["orders"], PERIOD, 0), ([], PERIOD, 90)):
        with pytest.raises(InvalidInput):
            legal_holds.preserve(request_id, user_id, categories, period, days, "legal-1")
    assert holds.hold_on(user_id) is None and _copies(request_id) == []


@pytest.mark.promise("P8")
@pytest.mark.promise("L7")
def test_a_hold_stops_the_purge_and_erasure_until_the_release_job_frees_the_account(fresh_table, clock) -> None:
    clock.at = PLACED
    user_id, request_id = customer(), _request_id()
    logins.record(user_id, datetime(2026, 7, 1, tzinfo=UTC), "198.51.100.9", date(2026, 11, 5))   # due
    hold = legal_holds.preserve(request_id, user_id, ["login_ips"], PERIOD, 90, "legal-1")

    clock.at = datetime(2026, 12, 2, 3, 15, tzinfo=UTC)
    assert retention.purge_personal_data()["login_ips"] == {"purged": 0, "held": 1, "skipped": 0, "read": 1,
                                                           "complete": True}
    assert [r["ip"] for r in logins.of_user(user_id)] == ["198.51.100.9"]
    with pytest.raises(erasure.ErasureHeld):
        erasure.erase(user_id, "customer asked to delete the account")
    refused, _ = audit_log.subject_page(f"user:{user_id}", 10, None)
    assert refused[0].action.value == "account.erasure_refused"
    assert request_id in str(refused[0].after["refused_because"])

    clock.at = datetime.combine(hold.expires_on, datetime.min.time(), UTC) + timedelta(hours=3)
    assert legal_holds.release_expired() == {"released": 0, "changed": 0}     # its last day: still held
    clock.at += timedelta(days=1)
    assert legal_holds.release_expired() == {"released": 1, "changed": 0}
    assert legal_holds.release_expired() == {"released": 0, "changed": 0}     # idempotent
    assert _copies(request_id) == []
    assert holds.hold_on(user_id) is None
    assert _actions(f"legal_hold:{request_id}") == ["legal_hold.released", "legal_hold.placed"]
    assert retention.purge_personal_data()["login_ips"]["purged"] == 1
    assert [r["ip"] for r in logins.of_user(user_id)] == [None]


@pytest.mark.promise("L7")
def test_a_later_request_extends_the_hold_from_its_own_day(fresh_table, clock) -> None:
    clock.at = PLACED
    user_id, first, later = customer(), _request_id(), _request_id()
    hold = legal_holds.preserve(first, user_id, ["basic_subscriber"], PERIOD, 90, "legal-1")
    clock.at = datetime(2027, 3, 1, 12, tzinfo=UTC)
    extended = legal_holds.extend(first, later, 90, "legal-2")
    assert extended.expires_on == add_business_days(date(2027, 3, 1), 90) > hold.expires_on
    assert [(e.request_id, e.staff_id, e.expires_on) for e in extended.extensions] == [
        (later, "legal-2", extended.expires_on)]
    assert legal_holds.extend(first, later, 90, "legal-2") == extended     # idempotent per later request
    assert legal_holds.get(first) == extended

    clock.at = datetime.combine(hold.expires_on + timedelta(days=1), datetime.min.time(), UTC)
    assert legal_holds.release_expired()["released"] == 0     # the old last day no longer counts
    assert holds.hold_on(user_id) == f"legal request {first}"
    assert _actions(f"legal_hold:{first}") == ["legal_hold.extended", "legal_hold.placed"]


@pytest.mark.promise("L7")
def test_several_holds_on_one_account_each_keep_it_held(fresh_table, clock) -> None:
    clock.at = PLACED
    user_id, short, long = customer(), _request_id(), _request_id()
    legal_holds.preserve(short, user_id, ["orders"], PERIOD, 5, "legal-1")
    legal_holds.preserve(long, user_id, ["orders"], PERIOD, 90, "legal-1")
    assert holds.hold_on(user_id) == f"legal requests {', '.join(sorted([short, long]))}"
    clock.at = PLACED + timedelta(days=30)
    assert legal_holds.release_expired() == {"released": 1, "changed": 0}
    assert holds.hold_on(user_id) == f"legal request {long}"
    assert [h.request_id for h in legal_holds.of_user(user_id)] == [long]


def test_a_hold_by_hand_and_a_requests_hold_release_independently(backing_services, clock) -> None:
    from chalicelib.store import holds as hold_store

    clock.at = PLACED
    user_id, request_id = customer(), _request_id()
    hold_store.place(user_id, "court order 2026/9", "legal-1", PLACED)
    legal_holds.preserve(request_id, user_id, ["orders"], PERIOD, 1, "legal-1")
    hold_store.release(user_id)
    assert holds.hold_on(user_id) == f"legal request {request_id}"


@pytest.mark.promise("L7")
def test_two_placements_of_one_request_at_once_leave_one_hold_and_one_copy(backing_services, clock) -> None:
    clock.at = PLACED
    user_id, request_id = customer(), _request_id()
    with ThreadPoolExecutor(4) as pool:
        placed = list(pool.map(lambda _: legal_holds.preserve(request_id, user_id, ["basic_subscriber"], PERIOD,
                                                              90, "legal-1"), range(4)))
    assert len({hold.copy_key for hold in placed}) == 1
    assert _copies(request_id) == [placed[0].copy_key]
    assert _actions(f"legal_hold:{request_id}") == ["legal_hold.placed"]


def test_an_extension_racing_the_release_job_never_loses_the_copy_of_a_standing_hold(fresh_table, clock) -> None:
    clock.at = PLACED
    user_id, request_id = customer(), _request_id()
    hold = legal_holds.preserve(request_id, user_id, ["basic_subscriber"], PERIOD, 1, "legal-1")
    clock.at = datetime.combine(hold.expires_on + timedelta(days=1), datetime.min.time(), UTC)

    def extend() -> str:
        try:
            legal_holds.extend(request_id, _request_id(), 90, "legal-2")
            return "extended"
        except (Conflict, NotFound) as exc:   # released first: the extension is refused
            return type(exc).__name__

    with ThreadPoolExecutor(2) as pool:
        outcome, released = pool.submit(extend), pool.submit(legal_holds.release_expired)
        result, job = outcome.result(), released.result()
    if result == "extended":   # the extension won: still held, copy intact
        assert job["released"] == 0 and holds.hold_on(user_id) is not None and _copies(request_id)
    else:                      # the release won: gone entirely
        assert job["released"] == 1 and holds.hold_on(user_id) is None and not _copies(request_id)


def test_the_release_job_reads_on_past_one_batch(fresh_table, clock, monkeypatch) -> None:
    monkeypatch.setattr(legal_holds, "RELEASE_BATCH", 2)
    clock.at = PLACED
    user_id = customer()
    for _ in range(5):
        legal_holds.preserve(_request_id(), user_id, ["orders"], PERIOD, 1, "legal-1")
    clock.at = PLACED + timedelta(days=10)
    assert legal_holds.release_expired() == {"released": 5, "changed": 0}
    assert holds.hold_on(user_id) is None
