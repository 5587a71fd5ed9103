"""The retention purge's later classes on DynamoDB Local and moto's S3: closed accounts'
erasure finished, consent records, uploads never attached, financial records (with the
ledger's carried-forward checkpoint, so the ledger audit still passes) and the audit log."""

from __future__ import annotations

import secrets
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import boto3
import pytest
import requests

from chalicelib.domain.audit_log import Action, SubjectKind
from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.orders import OrderStatus
from chalicelib.domain.retention import DataClass
from chalicelib.services import audit_log, consent, erasure, ledger_audit, orders, retention
from chalicelib.services.payments import staff as payment_staff
from chalicelib.services.tickets import attachments as ticket_files
from chalicelib.services.tickets import customer as customer_tickets
from chalicelib.settings import get_settings
from chalicelib.store import audit_log as audit_store
from chalicelib.store import consent as consent_store
from chalicelib.store import dynamo, holds, keys, ledger, payments
from chalicelib.store import orders as order_store
from tests.support.accounts import customer
from tests.support.catalog import service

NOW = datetime(2026, 12, 1, 3, 15, tzinfo=UTC)
LINK = "https://instagram.com/some.person"


def _run(data_class: DataClass) -> dict[str, object]:
    purger = next(p for p in retention.PURGERS if p.data_class == data_class)
    return retention.purge_personal_data((purger,))[data_class.value]


def _s3_has(key: str) -> bool:
    found = boto3.client("s3").list_objects_v2(Bucket=get_settings().attachments_bucket, Prefix=key)
    return int(found.get("KeyCount", 0)) > 0


def _closed_listed() -> list[str]:
    return [str(i["user_id"]) for i in dynamo.query_index("gsi1", keys.CLOSED_ACCOUNTS)]


# --- closed accounts ---------------------------------------------------------------------------

@pytest.mark.promise("P6", "L7")
def test_a_closed_accounts_erasure_is_finished_once_its_orders_end(fresh_table, clock) -> None:
    clock.at = NOW - timedelta(days=40)
    user_id, held = customer("10.00"), customer("10.00")
    sid = service(provider_rate="2.00").service_id
    running = orders.place(user_id, sid, {"link": LINK, "quantity": 500})
    erasure.erase(user_id, "the customer's own deletion request")
    erasure.erase(held, "the customer's own deletion request")
    holds.place(held, "preservation request LE-3", "legal-1", clock.at)
    clock.at = NOW - timedelta(days=10)
    recent = customer()
    erasure.erase(recent, "the customer's own deletion request")   # inside its grace period

    clock.at = NOW
    first = _run(DataClass.CLOSED_ACCOUNTS)
    assert first["read"] == 2 and first["held"] == 1 and first["skipped"] == 1 and first["purged"] == 0
    assert order_store.get(running.order_id).link == LINK        # type: ignore[union-attr] # still running
    assert set(_closed_listed()) == {user_id, held, recent}

    assert orders.settle(running.order_id, OrderStatus.CANCELED, before_sending=True)
    clock.at = NOW + timedelta(days=1)
    second = _run(DataClass.CLOSED_ACCOUNTS)
    assert second["purged"] == 1
    assert order_store.get(running.order_id).link == "[erased]"   # type: ignore[union-attr]
    assert set(_closed_listed()) == {held, recent}
    assert _run(DataClass.CLOSED_ACCOUNTS)["purged"] == 0          # idempotent
    holds.release(held)
    assert _run(DataClass.CLOSED_ACCOUNTS)["purged"] == 1 and set(_closed_listed()) == {recent}


# --- consent records -----------------------------------------------------------------------------

def _choice(user_id: str | None, consent_id: str) -> None:
    consent.record_choice(consent_id, "first_choice", ["necessary"], ["analytics", "functional", "targeting"],
                          consent.registry().revision, ip=f"192.0.2.{secrets.randbelow(200) + 1}", user_agent="",
                          user_id=user_id)


@pytest.mark.promise("C9", "L7")
def test_consent_records_go_six_years_after_they_could_last_be_relied_on(fresh_table, clock) -> None:
    old, kept, held_id = str(uuid.uuid4()), str(uuid.uuid4()), str(uuid.uuid4())
    held = customer()
    clock.at = datetime(2020, 1, 1, 12, tzinfo=UTC)
    _choice(None, old)
    _choice(held, held_id)
    holds.place(held, "preservation request LE-4", "legal-1", clock.at)
    clock.at = datetime(2020, 8, 1, 12, tzinfo=UTC)
    _choice(None, kept)

    clock.at = datetime(2026, 7, 2, 1, tzinfo=UTC)
    result = _run(DataClass.CONSENT_RECORDS)
    assert result["purged"] == 1 and result["held"] == 1
    assert consent_store.of_consent_id(old) == []
    assert len(consent_store.of_consent_id(kept)) == 1 and len(consent_store.of_consent_id(held_id)) == 1
    assert _run(DataClass.CONSENT_RECORDS)["purged"] == 0


# --- uploads never attached ------------------------------------------------------------------

def _upload(user_id: str) -> str:
    upload = ticket_files.request_upload(user_id, "screenshot.txt", "text/plain", 5)
    response = requests.post(upload["upload"]["url"], data=dict(upload["upload"]["fields"]),
                             files={"file": ("screenshot.txt", b"hello")}, timeout=10)
    assert response.status_code in (200, 201, 204), response.text
    return str(upload["key"])


@pytest.mark.promise("L7")
def test_an_upload_no_message_named_is_deleted_after_a_day(fresh_table, clock) -> None:
    clock.at = NOW - timedelta(hours=30)
    user_id, held = customer(), customer()
    attached, orphan, held_orphan = _upload(user_id), _upload(user_id), _upload(held)
    customer_tickets.open_ticket(user_id, "Order problem", "other", "See the screenshot", None, None, [attached])
    holds.place(held, "preservation request LE-5", "legal-1", clock.at)
    clock.at = NOW - timedelta(hours=2)
    fresh = _upload(user_id)

    clock.at = NOW
    result = _run(DataClass.UNATTACHED_UPLOADS)
    assert result["purged"] == 1 and result["held"] == 1
    assert not _s3_has(orphan)
    assert _s3_has(attached) and _s3_has(fresh) and _s3_has(held_orphan)
    assert _run(DataClass.UNATTACHED_UPLOADS)["purged"] == 0
    holds.release(held)
    assert _run(DataClass.UNATTACHED_UPLOADS)["purged"] == 1 and not _s3_has(held_orphan)

    clock.at = NOW + timedelta(hours=3)   # a file the purge took cannot be attached any more
    with pytest.raises(InvalidInput, match="Upload the file again"):
        customer_tickets.open_ticket(user_id, "Late", "other", "here it is", None, None, [orphan])


# --- financial records and the ledger's checkpoint -------------------------------------------

def _history(clock) -> dict[str, object]:
    """An account with a manual top-up and orders in the year to 31 March 2020, one of them
    still running, and newer movements since."""
    clock.at = datetime(2019, 6, 1, 12, tzinfo=UTC)
    user_id = customer()
    top_up = payment_staff.manual_top_up("staff-1", user_id, "20.00", "bank_transfer", "BANK-1", uuid.uuid4().hex)
    sid = service(provider_rate="1.00").service_id
    clock.at = datetime(2019, 7, 1, 12, tzinfo=UTC)
    done = orders.place(user_id, sid, {"link": LINK, "quantity": 1000})
    assert orders.settle(done.order_id, OrderStatus.CANCELED, before_sending=True)
    clock.at = datetime(2019, 8, 1, 12, tzinfo=UTC)
    running = orders.place(user_id, sid, {"link": LINK, "quantity": 2000})
    clock.at = datetime(2019, 9, 1, 12, tzinfo=UTC)
    old_after_running = orders.place(user_id, sid, {"link": LINK, "quantity": 1000})
    assert orders.settle(old_after_running.order_id, OrderStatus.CANCELED, before_sending=True)
    clock.at = datetime(2021, 5, 1, 12, tzinfo=UTC)
    recent = orders.place(user_id, sid, {"link": LINK, "quantity": 1000})
    return {"user_id": user_id, "top_up": top_up.top_up_id, "done": done.order_id, "running": running.order_id,
            "after_running": old_after_running.order_id, "recent": recent.order_id}


@pytest.mark.promise("O4", "L7")
def test_financial_records_go_six_years_after_their_accounting_year_and_the_ledger_still_adds_up(
        fresh_table, clock) -> None:
    made = _history(clock)
    user_id = str(made["user_id"])
    before = ledger.account(user_id)
    assert before is not None and before.seq == 7

    clock.at = NOW   # the year to 31 March 2020 ended more than six years ago; the next did not
    result = _run(DataClass.FINANCIAL_RECORDS)
    assert result["held"] == 0
    assert payments.get(int(made["top_up"])) is None                 # type: ignore[call-overload]
    assert order_store.get(int(made["done"])) is None                # type: ignore[call-overload]
    assert order_store.get(int(made["after_running"])) is None       # type: ignore[call-overload]
    assert order_store.get(int(made["running"])) is not None         # type: ignore[call-overload] # still running
    assert order_store.get(int(made["recent"])) is not None          # type: ignore[call-overload]

    after = ledger.account(user_id)
    assert after is not None and (after.balance, after.seq) == (before.balance, before.seq)
    # The top-up, the first order's charge and refund went; the running order's charge stopped the ledger.
    assert after.carried_seq == 3 and after.carried_balance == Decimal("20.00") - Decimal("1.00") + Decimal("1.00")
    assert [e.seq for e in ledger.entries(user_id, newest_first=False)] == [4, 5, 6, 7]
    audit = ledger_audit.audit_ledgers()
    assert audit["mismatched"] == [] and audit["busy"] == 0

    assert _run(DataClass.FINANCIAL_RECORDS)["purged"] == 0          # idempotent
    assert orders.settle(int(made["running"]), OrderStatus.CANCELED, before_sending=True)  # type: ignore[call-overload]
    # The running order's refund is dated now: the order ends now and goes six years on;
    # its charge and the later old entries go now that nothing depends on them.
    _run(DataClass.FINANCIAL_RECORDS)
    after = ledger.account(user_id)
    assert after is not None and after.carried_seq == 6
    assert order_store.get(int(made["running"])) is not None        # type: ignore[call-overload]
    assert ledger_audit.audit_ledgers()["mismatched"] == []


@pytest.mark.promise("O4")
def test_an_entry_that_does_not_follow_on_from_the_balance_before_it_is_never_purged(fresh_table, clock) -> None:
    """Purging a corrupt entry would hide it from the ledger audit for good: the purge stops
    before it and alerts instead."""
    made = _history(clock)
    user_id = str(made["user_id"])
    second = ledger.entries(user_id, newest_first=False)[1]
    dynamo.update(keys.ledger_entry(user_id, second.entry_id), "SET balance_after = :wrong",
                  wrong=second.balance_after + Decimal("5.00"))

    clock.at = NOW
    _run(DataClass.FINANCIAL_RECORDS)
    account = ledger.account(user_id)
    assert account is not None and account.carried_seq == 1 and account.carried_balance == Decimal("20.00")
    assert [e.seq for e in ledger.entries(user_id, newest_first=False)][:2] == [2, 3]


@pytest.mark.promise("L7")
def test_held_financial_records_stay(fresh_table, clock) -> None:
    made = _history(clock)
    user_id = str(made["user_id"])
    holds.place(user_id, "preservation request LE-6", "legal-1", clock.at)
    clock.at = NOW
    result = _run(DataClass.FINANCIAL_RECORDS)
    assert result["purged"] == 0 and result["held"] >= 4
    account = ledger.account(user_id)
    assert account is not None and account.carried_seq == 0 and len(ledger.entries(user_id)) == 7
    assert payments.get(int(made["top_up"])) is not None             # type: ignore[call-overload]


@pytest.mark.promise("O4")
def test_concurrent_runs_carry_each_entry_forward_once(fresh_table, clock) -> None:
    made = _history(clock)
    user_id = str(made["user_id"])
    clock.at = NOW
    with ThreadPoolExecutor(max_workers=3) as pool:
        list(pool.map(lambda _: _run(DataClass.FINANCIAL_RECORDS), range(3)))
    account = ledger.account(user_id)
    assert account is not None and account.carried_seq == 3
    assert len(ledger.entries(user_id)) == account.seq - account.carried_seq
    assert ledger_audit.audit_ledgers()["mismatched"] == []


# --- the staff audit log -----------------------------------------------------------------------

def test_audit_records_go_after_six_years(fresh_table, clock) -> None:
    clock.at = datetime(2020, 11, 30, 12, tzinfo=UTC)
    old = audit_log.record(Action.GLOBAL_MARKUP_SET, SubjectKind.CATALOG, "markup", after={"markup_percent": "5"})
    clock.at = datetime(2020, 12, 2, 12, tzinfo=UTC)
    kept = audit_log.record(Action.GLOBAL_MARKUP_SET, SubjectKind.CATALOG, "markup", after={"markup_percent": "6"})
    held_user = customer()
    clock.at = datetime(2020, 1, 1, tzinfo=UTC)
    held = audit_log.record(Action.ACCOUNT_LOCKED, SubjectKind.USER, held_user, after={"locked": True})
    holds.place(held_user, "preservation request LE-8", "legal-1", clock.at)

    clock.at = NOW
    result = _run(DataClass.AUDIT_LOG)
    assert result["purged"] == 1 and result["held"] == 1
    assert audit_store.get(old.record_id) is None
    assert audit_store.get(kept.record_id) is not None and audit_store.get(held.record_id) is not None
