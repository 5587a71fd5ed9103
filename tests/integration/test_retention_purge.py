"""The daily retention purge (services/retention.py) on DynamoDB Local and moto's S3: each data
class, preservation holds, resuming across runs and concurrent runs."""

from __future__ import annotations

import dataclasses
import secrets
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta

import boto3
import pytest
import requests

from chalicelib.domain.accounts import Role
from chalicelib.domain.retention import ERASED_TEXT, DataClass
from chalicelib.observability import metrics
from chalicelib.services import retention
from chalicelib.services.tickets import attachments as ticket_files
from chalicelib.services.tickets import customer as customer_tickets
from chalicelib.services.tickets import staff as staff_tickets
from chalicelib.settings import get_settings
from chalicelib.store import dynamo, holds, keys, logins, purge, sessions, tokens
from chalicelib.store import tickets as ticket_store
from tests.support.accounts import customer, new_staff

NOW = datetime(2026, 12, 1, 3, 15, tzinfo=UTC)
HELD_AT = datetime(2026, 11, 1, tzinfo=UTC)


@pytest.fixture
def small_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two items a page, one page a run: every run stops early and the next must continue."""
    monkeypatch.setenv("PANEL_RETENTION_PAGE_SIZE", "2")
    monkeypatch.setenv("PANEL_RETENTION_PAGES_PER_RUN", "1")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def _login(user_id: str, purge_after: date) -> None:
    logins.record(user_id, datetime(2026, 7, 1, tzinfo=UTC), f"198.51.100.{secrets.randbelow(200) + 1}",
                  purge_after)


def _purger(data_class: DataClass) -> retention.Purger:
    return next(p for p in retention.PURGERS if p.data_class == data_class)


def _ips(user_id: str) -> list[object]:
    return [record["ip"] for record in logins.of_user(user_id)]


# --- login IPs (P8) -----------------------------------------------------------------------

@pytest.mark.promise("P8", "L7")
def test_login_ips_past_their_date_go_unless_held_and_go_once_the_hold_is_released(fresh_table, clock) -> None:
    clock.at = NOW
    gone, kept, held = "u-gone", "u-kept", "u-held"
    _login(gone, date(2026, 12, 1))
    _login(kept, date(2026, 12, 2))
    _login(held, date(2026, 11, 1))
    holds.place(held, "preservation request LE-7", "legal-1", HELD_AT)

    first = retention.purge_personal_data()
    assert first["login_ips"] == {"purged": 1, "held": 1, "skipped": 0, "read": 2, "complete": True}
    assert _ips(gone) == [None]
    assert _ips(kept) != [None]
    assert _ips(held) != [None]   # the hold wins over the 90 business days

    assert retention.purge_personal_data()["login_ips"]["purged"] == 0   # idempotent
    holds.release(held)
    assert retention.purge_personal_data()["login_ips"]["purged"] == 1
    assert _ips(held) == [None]


@pytest.mark.promise("P8")
def test_a_run_stopped_early_is_continued_by_the_next_and_a_held_record_is_not_skipped(fresh_table, clock,
                                                                                         small_pages) -> None:
    clock.at = NOW
    users = [f"u-{n}" for n in range(5)]
    for n, user_id in enumerate(users):
        _login(user_id, date(2026, 11, 20 + n))
    holds.place(users[1], "preservation request LE-8", "legal-1", HELD_AT)

    runs = [retention.purge_personal_data()["login_ips"] for _ in range(4)]
    assert [r["purged"] for r in runs] == [1, 2, 1, 0]
    assert [u for u in users if _ips(u) != [None]] == [users[1]]
    holds.release(users[1])
    # The position never moved past the held record, so the next run reaches it.
    assert retention.purge_personal_data()["login_ips"]["purged"] == 1
    assert all(_ips(u) == [None] for u in users)


def test_a_run_out_of_time_stops_after_the_item_in_hand_and_the_next_continues(fresh_table, clock,
                                                                               monkeypatch) -> None:
    monkeypatch.setenv("PANEL_RETENTION_SECONDS_PER_RUN", "0")
    get_settings.cache_clear()
    clock.at = NOW
    users = [f"u-t{n}" for n in range(3)]
    for n, user_id in enumerate(users):
        _login(user_id, date(2026, 11, 10 + n))
    try:
        runs = [retention.purge_personal_data()["login_ips"] for _ in range(4)]
    finally:
        get_settings.cache_clear()
    assert [(r["purged"], r["complete"]) for r in runs] == [(1, False), (1, False), (1, False), (0, True)]
    assert all(_ips(u) == [None] for u in users)


@pytest.mark.promise("P8", "L7")
def test_a_hold_placed_after_the_sweep_asked_still_wins(fresh_table, clock) -> None:
    clock.at = NOW
    _login("u-late", date(2026, 11, 1))
    [(item, _)] = purge.login_ips_due(NOW.date(), None, 10).items
    holds.place("u-late", "preservation request LE-11", "legal-1", NOW)   # between the check and the write
    assert _purger(DataClass.LOGIN_IPS).remove(item, NOW) == purge.Removal.HELD
    assert _ips("u-late") != [None]


@pytest.mark.promise("P8", "L7")
def test_a_sweep_that_loses_the_race_to_a_hold_keeps_the_record_and_comes_back_after_release(fresh_table,
                                                                                              clock) -> None:
    clock.at = NOW
    _login("u-a", date(2026, 11, 1))
    _login("u-b", date(2026, 11, 2))
    real = _purger(DataClass.LOGIN_IPS)

    def hold_then_remove(item, now):
        if item["user_id"] == "u-a":
            holds.place("u-a", "preservation request LE-12", "legal-1", now)
        return real.remove(item, now)

    racing = dataclasses.replace(real, remove=hold_then_remove)
    assert retention.purge_personal_data((racing,))["login_ips"] == {
        "purged": 1, "held": 1, "skipped": 0, "read": 2, "complete": True}
    assert _ips("u-a") != [None] and _ips("u-b") == [None]
    holds.release("u-a")
    assert retention.purge_personal_data()["login_ips"]["purged"] == 1   # the next pass starts before it
    assert _ips("u-a") == [None]


# --- closed tickets' text and attachments ---------------------------------------------------

def _upload(user_id: str, data: bytes) -> str:
    upload = ticket_files.request_upload(user_id, "passport-scan.txt", "text/plain", len(data))
    response = requests.post(upload["upload"]["url"], data=dict(upload["upload"]["fields"]),
                             files={"file": ("passport-scan.txt", data)}, timeout=10)
    assert response.status_code in (200, 201, 204), response.text
    return str(upload["key"])


def _closed_ticket(user_id: str, staff_id: str, clock, closed_at: datetime) -> tuple[int, str]:
    clock.at = closed_at - timedelta(hours=1)
    key = _upload(user_id, b"my name is Jane Doe\n")
    ticket, _ = customer_tickets.open_ticket(user_id, "Refund for Jane Doe", "other",
                                             f"Please call me, Jane Doe {secrets.token_hex(4)}", None, None, [key])
    staff_tickets.add_note(staff_id, ticket.number, "Customer sounded upset; lives in Leeds.")
    clock.at = closed_at
    customer_tickets.close_as_customer(user_id, ticket.number)
    return ticket.number, key


def _s3_has(key: str) -> bool:
    found = boto3.client("s3").list_objects_v2(Bucket=get_settings().attachments_bucket, Prefix=key)
    return int(found.get("KeyCount", 0)) > 0


def _texts(number: int) -> list[str]:
    ticket = ticket_store.get(number)
    assert ticket is not None
    messages = dynamo.query_index(None, keys.ticket_partition(number))
    bodies = [str(m["body"]) for m in messages if "body" in m]
    names = [a.filename for a in ticket.attachments] + [str(a["filename"]) for m in messages
                                                          for a in m.get("attachments") or []]
    return [ticket.subject, *bodies, *names]


@pytest.mark.promise("L7")
def test_closed_tickets_lose_their_text_and_files_after_a_year_and_nothing_else_does(fresh_table, clock) -> None:
    user_id, held_user = customer(), customer()
    staff_id = new_staff().user_id
    old, old_key = _closed_ticket(user_id, staff_id, clock, NOW - timedelta(days=400))
    recent, recent_key = _closed_ticket(user_id, staff_id, clock, NOW - timedelta(days=200))
    held, held_key = _closed_ticket(held_user, staff_id, clock, NOW - timedelta(days=400))
    holds.place(held_user, "preservation request LE-9", "legal-1", HELD_AT)
    clock.at = NOW - timedelta(days=500)
    still_open, _ = customer_tickets.open_ticket(user_id, "Old but open", "other", "Still waiting, Jane Doe")

    clock.at = NOW
    result = retention.purge_personal_data()["ticket_text"]
    assert (result["purged"], result["held"]) == (1, 1)
    assert set(_texts(old)) == {ERASED_TEXT}
    assert not _s3_has(old_key)
    after = ticket_store.get(old)
    assert after is not None and after.status.value == "closed" and after.user_id == user_id  # the record stays
    for kept, kept_key in ((recent, recent_key), (held, held_key)):
        assert any("Jane Doe" in text for text in _texts(kept))
        assert _s3_has(kept_key)
    assert any("Jane Doe" in text for text in _texts(still_open.number))

    assert retention.purge_personal_data()["ticket_text"]["purged"] == 0   # idempotent


@pytest.mark.promise("L7")
def test_a_closed_sla_claims_pasted_log_is_erased_with_its_ticket_text(fresh_table, clock) -> None:
    from chalicelib.services.sla import claims
    from chalicelib.store import sla_claims as claim_store

    user_id = customer()
    clock.at = NOW - timedelta(days=400)
    month = f"{clock.at - timedelta(days=40):%Y-%m}"
    clock.at = datetime.fromisoformat(f"{clock.at:%Y-%m}-01T08:00:00+00:00")
    _, _, claim = claims.file_claim(user_id, month, [], "UptimeRobot", "Jane Doe's office line down", [], "")
    customer_tickets.close_as_customer(user_id, claim.number)
    clock.at = NOW
    retention.purge_personal_data()
    stored = claim_store.get(claim.number)
    assert stored is not None and stored.evidence.monitor_log == ERASED_TEXT and stored.month == month


def test_a_ticket_reopened_after_it_was_read_keeps_its_text(fresh_table, clock) -> None:
    user_id = customer()
    staff_id = new_staff().user_id
    number, key = _closed_ticket(user_id, staff_id, clock, NOW - timedelta(days=400))
    clock.at = NOW
    [(item, _)] = purge.closed_tickets_until(NOW - timedelta(days=365), None, 10).items
    staff_tickets.set_status(staff_id, number, "open")   # between the read and the erasure
    assert _purger(DataClass.TICKET_TEXT).remove(item, NOW) == purge.Removal.UNCHANGED
    assert any("Jane Doe" in text for text in _texts(number))
    assert _s3_has(key)


# --- records past their TTL -------------------------------------------------------------------

def _session(user_id: str, expires_at: datetime) -> str:
    token_hash = secrets.token_hex(16)
    sessions.insert(sessions.SessionRecord(token_hash, user_id, Role.CUSTOMER, "csrf", expires_at - timedelta(hours=1),
                                           expires_at, expires_at + timedelta(days=1)))
    return token_hash


@pytest.mark.promise("L7")
def test_records_past_their_ttl_are_deleted_unless_held_or_refreshed_meanwhile(fresh_table, clock) -> None:
    clock.at = NOW
    expired = _session("u-1", NOW - timedelta(minutes=1))
    live = _session("u-1", NOW + timedelta(hours=1))
    held = _session("u-held", NOW - timedelta(days=2))
    holds.place("u-held", "preservation request LE-10", "legal-1", HELD_AT)
    tokens.put_password_reset(secrets.token_hex(16), "u-1", NOW - timedelta(minutes=5), 0)
    dynamo.put({**keys.idempotency("u-1", "k" * 16), "order_id": 1, "request_hash": "h",
                "ttl": int(NOW.timestamp()) - 10})

    result = retention.purge_personal_data()["expired_records"]
    assert (result["purged"], result["held"], result["complete"]) == (3, 1, True)
    assert sessions.get(expired) is None
    assert sessions.get(live) is not None
    assert sessions.get(held) is not None
    assert dynamo.get(keys.idempotency("u-1", "k" * 16)) is None

    refreshed = _session("u-2", NOW - timedelta(minutes=1))
    [item] = [i for i, _ in purge.expired_records(int(NOW.timestamp()), None, 1000).items
              if i["pk"] == keys.session(refreshed)["pk"]]
    sessions.extend(refreshed, NOW + timedelta(hours=12))   # the owner came back between read and delete
    assert _purger(DataClass.EXPIRED_RECORDS).remove(item, NOW) == purge.Removal.UNCHANGED
    assert sessions.get(refreshed) is not None


def test_concurrent_runs_purge_each_record_once(fresh_table, clock) -> None:
    clock.at = NOW
    expired = [_session(f"u-{n}", NOW - timedelta(minutes=n + 1)) for n in range(12)]
    for n in range(6):
        _login(f"u-{n}", date(2026, 11, 1))
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: retention.purge_personal_data(), range(4)))
    assert sum(r["expired_records"]["purged"] for r in results) == len(expired)
    assert sum(r["login_ips"]["purged"] for r in results) == 6
    assert all(sessions.get(token_hash) is None for token_hash in expired)


def test_every_data_class_emits_its_metric_even_when_nothing_was_due(fresh_table, clock) -> None:
    clock.at = NOW
    metrics.clear_metrics()
    retention.purge_personal_data()
    assert {c.metric for c in DataClass} <= set(metrics.metric_set)
    metrics.clear_metrics()
