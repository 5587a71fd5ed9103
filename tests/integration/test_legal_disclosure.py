"""Disclosure packages (services/legal_disclosure.py) built from real records on DynamoDB Local
and stored encrypted in moto's S3."""

from __future__ import annotations

import hashlib
import json
import secrets
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from chalicelib.adapters import legal_files
from chalicelib.domain.errors import Conflict, InvalidInput
from chalicelib.domain.legal_package import Format
from chalicelib.domain.payments import Method, TopUp, TopUpStatus
from chalicelib.services import audit_log, legal_disclosure, legal_holds
from chalicelib.store import dynamo, keys, logins, payments
from tests.support.accounts import customer, email_of

PERIOD = (date(2026, 6, 1), date(2026, 6, 30))


def _request_id() -> str:
    return f"LR-{secrets.token_hex(4)}"


def _top_up(user_id: str, at: datetime, amount: str, status: TopUpStatus = TopUpStatus.SUCCEEDED) -> None:
    top_up_id = secrets.randbelow(10**9) + 1
    payments.insert(TopUp(top_up_id=top_up_id, user_id=user_id, amount=Decimal(amount), bonus=Decimal(0),
                          method=Method.CARD, status=status, created_at=at, payment_intent=f"pi_{top_up_id}",
                          stripe_charge_id=f"ch_{top_up_id}"))


def _order(user_id: str, at: datetime, service_id: int, link: str) -> None:
    order_id = secrets.randbelow(10**9) + 1
    dynamo.put({**keys.order(order_id), **keys.order_index(user_id, at.isoformat(), order_id), "type": "order",
                "order_id": order_id, "user_id": user_id, "service_id": service_id, "link": link,
                "quantity": 100, "charge": Decimal("1.00000"), "created_at": at.isoformat()})


def _account_with_records() -> str:
    user_id = customer()
    for day in (datetime(2026, 5, 31, 23, 59, 59, tzinfo=UTC), datetime(2026, 6, 1, tzinfo=UTC),
                datetime(2026, 6, 30, 23, 59, 59, tzinfo=UTC), datetime(2026, 7, 1, tzinfo=UTC)):
        logins.record(user_id, day, f"198.51.100.{day.day}", date(2026, 11, 1))
        _top_up(user_id, day, f"{day.day}.50")
        _order(user_id, day, 100 + day.day, f"https://example.com/{day.month}-{day.day}")
    _top_up(user_id, datetime(2026, 6, 15, tzinfo=UTC), "9.00", TopUpStatus.FAILED)
    return user_id


@pytest.mark.promise("L4")
def test_a_package_holds_exactly_the_records_within_its_period(backing_services, clock) -> None:
    user_id, request_id = _account_with_records(), _request_id()
    package = legal_disclosure.build(request_id, user_id, ["basic_subscriber", "login_ips", "top_ups", "orders"],
                                     PERIOD, "legal-1")

    assert package.counts == {"basic_subscriber": 1, "login_ips": 2, "top_ups": 2, "orders": 2}
    stored = package.files[Format.JSON]
    body = legal_files.get(legal_holds.bucket(), stored.key) or b""
    assert hashlib.sha256(body).hexdigest() == stored.sha256 and stored.key.startswith("legal/packages/")
    assert legal_files.encryption_of(legal_holds.bucket(), stored.key) == "AES256"
    data = json.loads(body)["data"]
    assert data["basic_subscriber"]["email"] == email_of(user_id)
    assert [r["ip"] for r in data["login_ips"]] == ["198.51.100.1", "198.51.100.30"]
    assert [(r["amount"], r["transaction_id"][:3]) for r in data["top_ups"]] == [("1.50", "pi_"), ("30.50", "pi_")]
    assert data["orders"] == [
        {"date": "2026-06-01T00:00:00+00:00", "service_id": 101, "target_link": "https://example.com/6-1"},
        {"date": "2026-06-30T23:59:59+00:00", "service_id": 130, "target_link": "https://example.com/6-30"}]
    assert "ch_" not in body.decode() and "username" not in body.decode()
    report = legal_files.get(legal_holds.bucket(), package.files[Format.HTML].key) or b""
    assert b"https://example.com/6-30" in report and b"https://example.com/7-1" not in report
    built, _ = audit_log.subject_page(f"legal_package:{package.package_id}", 10, None)
    assert [r.action.value for r in built] == ["legal_package.built"]

    again = legal_disclosure.build(request_id, user_id, ["basic_subscriber", "login_ips", "top_ups", "orders"],
                                   PERIOD, "legal-1")
    assert again == package      # one package per request
    with pytest.raises(Conflict):
        legal_disclosure.build(request_id, user_id, ["orders"], PERIOD, "legal-1")


@pytest.mark.promise("L8")
def test_an_emergency_package_refuses_anything_beyond_subscriber_data_and_login_ips(backing_services) -> None:
    user_id = _account_with_records()
    with pytest.raises(InvalidInput, match="emergency"):
        legal_disclosure.build(_request_id(), user_id, ["basic_subscriber", "top_ups"], PERIOD, "legal-1",
                               emergency=True)
    package = legal_disclosure.build(_request_id(), user_id, ["basic_subscriber", "login_ips"], PERIOD, "legal-1",
                                     emergency=True)
    assert package.emergency and set(package.counts) == {"basic_subscriber", "login_ips"}


def test_a_download_checks_the_digest_and_is_audited(backing_services) -> None:
    user_id = _account_with_records()
    package = legal_disclosure.build(_request_id(), user_id, ["orders"], PERIOD, "legal-1")
    found = legal_disclosure.download(package.package_id, "html", "legal-2")
    assert found.content_type.startswith("text/html") and b"Orders" in found.body
    records, _ = audit_log.subject_page(f"legal_package:{package.package_id}", 10, None)
    assert records[0].action.value == "legal_package.downloaded" and records[0].actor == "legal-2"

    legal_files.put(legal_holds.bucket(), package.files[Format.JSON].key, b"{}", "application/json")   # altered
    with pytest.raises(Conflict, match="digest"):
        legal_disclosure.download(package.package_id, "json", "legal-2")
    with pytest.raises(InvalidInput):
        legal_disclosure.download(package.package_id, "pdf", "legal-2")


def test_two_builds_of_one_request_at_once_leave_one_package(backing_services) -> None:
    user_id, request_id = _account_with_records(), _request_id()
    with ThreadPoolExecutor(3) as pool:
        built = list(pool.map(lambda _: legal_disclosure.build(request_id, user_id, ["orders"], PERIOD, "legal-1"),
                              range(3)))
    assert len({replace(p, created_at=built[0].created_at) == built[0] for p in built}) == 1
    assert len({p.files[Format.JSON].key for p in built}) == 1
    assert legal_files.get(legal_holds.bucket(), built[0].files[Format.JSON].key) is not None
    import boto3

    listed = boto3.client("s3").list_objects_v2(Bucket=legal_holds.bucket(),
                                                Prefix=f"legal/packages/{built[0].package_id}/")
    assert len(listed.get("Contents", [])) == 2      # the losers' files were deleted
