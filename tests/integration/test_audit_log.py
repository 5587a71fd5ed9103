"""The staff audit log on DynamoDB Local: one record per staff action, written in the same
transaction as money movements, never holding a provider's API key."""

from __future__ import annotations

import json
import secrets
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path

import pytest
import requests

from chalicelib.domain.accounts import Role
from chalicelib.domain.audit_log import SYSTEM, Action, AuditRecord
from chalicelib.domain.errors import InvalidInput, NotEnoughFunds
from chalicelib.domain.ledger import AlreadyApplied, EntryKind
from chalicelib.domain.orders import OrderStatus
from chalicelib.services import accounts, audit_log, catalog, dispatch, ledger, orders
from chalicelib.services.payments import staff
from chalicelib.store import audit_log as audit_store
from chalicelib.store import catalog as catalog_store
from chalicelib.store import dynamo
from chalicelib.store import ledger as ledger_store
from chalicelib.store import users as user_store
from devstack.provider_sim import API_KEY, CATALOG
from tests.support.accounts import customer
from tests.support.provider_sim import SIM, configure

LINK = "https://instagram.com/p/audited"


def trail(subject: str) -> list[AuditRecord]:
    return audit_store.of_subject(subject, 100, None)[0]


def raw_audit_items() -> list[dict]:
    """Every audit item as stored (a Scan of the table)."""
    found, kwargs = [], {"TableName": dynamo.table_name(), "FilterExpression": "#t = :a",
                         "ExpressionAttributeNames": {"#t": "type"},
                         "ExpressionAttributeValues": dynamo.values(a="audit")}
    while True:
        response = dynamo.client().scan(**kwargs)
        found.extend(response.get("Items", []))
        if "LastEvaluatedKey" not in response:
            return found
        kwargs["ExclusiveStartKey"] = response["LastEvaluatedKey"]


def test_a_manual_adjustment_and_its_record_are_one_transaction() -> None:
    user_id = customer()
    entry_id = f"adjust#{secrets.token_hex(6)}"
    ledger.adjust(user_id, Decimal("5"), " goodwill ", "staff-1", entry_id=entry_id)
    [made] = trail(f"user:{user_id}")
    assert (made.actor, made.action, made.subject.id) == ("staff-1", Action.BALANCE_ADJUSTED, user_id)
    assert made.before == {"balance": "0.00000"}
    assert made.after == {"balance": "5.00000", "amount": "5.00000", "reason": "goodwill", "entry_id": entry_id}
    assert made.at.tzinfo is not None

    with pytest.raises(AlreadyApplied):  # a retried request: neither a second movement nor a second record
        ledger.adjust(user_id, Decimal("5"), "goodwill", "staff-1", entry_id=entry_id)
    with pytest.raises(NotEnoughFunds):  # a refused change leaves no record
        ledger.adjust(user_id, Decimal("-50"), "too much", "staff-1", entry_id=f"adjust#{secrets.token_hex(6)}")
    assert len(trail(f"user:{user_id}")) == 1

    # The record cannot be written: then the money does not move either.
    blocked = f"adjust#{secrets.token_hex(6)}"
    audit_store.insert(audit_log.build(Action.BALANCE_ADJUSTED, audit_log.SubjectKind.USER, "someone-else",
                                       record_id=blocked))
    with pytest.raises(ledger_store.ExtraActionFailed):
        ledger.adjust(user_id, Decimal("1"), "blocked", "staff-1", entry_id=blocked)
    assert ledger_store.account(user_id).balance == Decimal("5.00000")
    assert not ledger_store.has_entry(user_id, blocked)


def test_concurrent_adjustments_leave_one_record_each() -> None:
    user_id = customer()
    ids = [f"adjust#{secrets.token_hex(6)}" for _ in range(8)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda eid: ledger.adjust(user_id, Decimal("1"), "race", "staff-2", entry_id=eid), ids))
    records = trail(f"user:{user_id}")
    assert sorted(r.after["entry_id"] for r in records) == sorted(ids)
    assert ledger_store.account(user_id).balance == Decimal("8")


def test_a_manual_top_up_is_recorded_once_in_its_transaction() -> None:
    user_id = customer()
    key = secrets.token_hex(8)
    top_up = staff.manual_top_up("staff-3", user_id, "25.00", "bank_transfer", "REF-1", key)
    again = staff.manual_top_up("staff-3", user_id, "25.00", "bank_transfer", "REF-1", key)
    assert again.top_up_id == top_up.top_up_id
    with pytest.raises(InvalidInput):
        staff.manual_top_up("staff-3", user_id, "25.00", "cash-in-envelope", "REF-2", secrets.token_hex(8))
    [made] = trail(f"user:{user_id}")
    assert (made.actor, made.action) == ("staff-3", Action.MANUAL_TOP_UP)
    assert made.before == {"balance": "0.00000"}
    assert made.after["amount"] == "25.00" and made.after["method"] == "bank_transfer"
    assert made.after["topup_id"] == top_up.top_up_id and made.after["balance"] == "25.00000"


def test_a_payment_lock_and_the_unlock_with_its_note_are_recorded() -> None:
    user_id = customer("3")
    entry_id = f"dispute#{secrets.token_hex(4)}"
    ledger.move(user_id, Decimal("-10"), EntryKind.DISPUTE, entry_id, "test", may_go_negative=True)
    [locked] = trail(f"user:{user_id}")
    assert (locked.actor, locked.action) == (SYSTEM, Action.ACCOUNT_LOCKED)
    assert locked.before["locked"] is None and locked.after["locked"] and locked.after["balance"] == "-7.00000"

    with pytest.raises(InvalidInput):
        staff.unlock("staff-4", user_id, " ")
    staff.unlock("staff-4", user_id, "customer paid by bank transfer")
    with pytest.raises(InvalidInput, match="not locked"):
        staff.unlock("staff-4", user_id, "twice")
    records = trail(f"user:{user_id}")
    assert [r.action for r in records] == [Action.ACCOUNT_UNLOCKED, Action.ACCOUNT_LOCKED]  # newest first
    unlocked = records[0]
    assert unlocked.actor == "staff-4" and unlocked.before == {"locked": locked.after["locked"]}
    assert unlocked.after == {"locked": None, "note": "customer paid by bank transfer"}


def test_staff_creation_and_promotion_name_the_role_only() -> None:
    with audit_log.acting("cli:operator"):
        created, password, secret = accounts.create_staff(f"new-{secrets.token_hex(4)}@example.com", Role.SUPPORT)
    [made] = trail(f"user:{created.user_id}")
    assert (made.actor, made.action, made.before, made.after) == (
        "cli:operator", Action.STAFF_CREATED, None, {"role": "support"})

    user_id = customer()
    email = user_store.get(user_id).email
    with audit_log.acting("admin-9"):
        accounts.create_staff(email, Role.LEGAL)
    [promoted] = trail(f"user:{user_id}")
    assert (promoted.actor, promoted.action, promoted.before, promoted.after) == (
        "admin-9", Action.STAFF_PROMOTED, {"role": "customer"}, {"role": "legal"})
    stored = str([i for i in raw_audit_items() if i["subject"]["S"] in (f"user:{user_id}",
                                                                        f"user:{created.user_id}")])
    assert email not in stored and password not in stored and secret not in stored and "@" not in stored


@pytest.fixture
def simulator():
    requests.post(f"{SIM}/_sim/config", json={"reset": True}, timeout=5)
    yield SIM
    requests.post(f"{SIM}/_sim/config", json={"reset": True}, timeout=5)


def test_provider_and_catalog_changes_are_recorded_without_the_key(fresh_table, simulator) -> None:
    new_key = "sk-live-" + secrets.token_hex(12)
    with audit_log.acting("admin-1"):
        provider = catalog.add_provider("Sim", f"{simulator}/api/v2", API_KEY)
        catalog.update_provider(provider.provider_id, name="Sim two")
        catalog.update_provider(provider.provider_id, enabled=False)
        catalog.update_provider(provider.provider_id, enabled=True)
        catalog.update_provider(provider.provider_id, api_key=new_key)
        catalog.update_provider(provider.provider_id, api_key=API_KEY)
        imported = catalog.import_services(provider.provider_id).imported
        first = catalog_store.get_service(imported[0])
        catalog.change_service(first.service_id, {"name": "Likes", "markup_percent": Decimal("20")})
        catalog.set_global_markup(Decimal("15"))
        user_id = customer()
        catalog.set_custom_rate(user_id, first.service_id, None, Decimal("10"))
    changed = [dict(e) for e in CATALOG]
    changed[0]["rate"] = "1.11"
    requests.post(f"{simulator}/_sim/config", json={"catalog": changed}, timeout=5)
    catalog.sync_all()  # a job: its records name `system`

    records = trail(f"provider:{provider.provider_id}")
    assert [r.action for r in reversed(records)] == [
        Action.PROVIDER_ADDED, Action.PROVIDER_UPDATED, Action.PROVIDER_DISABLED, Action.PROVIDER_ENABLED,
        Action.PROVIDER_KEY_CHANGED, Action.PROVIDER_KEY_CHANGED, Action.CATALOG_IMPORTED, Action.CATALOG_SYNCED]
    assert all(r.actor == "admin-1" for r in records[1:]) and records[0].actor == SYSTEM
    assert records[-1].after["api_key"] == "changed"
    assert (records[-2].before, records[-2].after) == ({"name": "Sim"}, {"name": "Sim two"})
    assert (records[2].before, records[2].after) == ({}, {"api_key": "changed"})
    assert records[1].after == {"services": imported, "count": len(imported)}
    assert records[0].after["changes"][0]["change"] == "price" and records[0].after["count"] == 1

    [service_change] = trail(f"service:{first.service_id}")
    assert service_change.before == {"name": first.name, "markup_percent": None}
    assert service_change.after == {"name": "Likes", "markup_percent": "20"}
    [markup] = trail("catalog:markup")
    assert markup.after == {"markup_percent": "15"}
    [rate] = trail(f"user:{user_id}")
    assert rate.before == {"service": first.service_id, "rate": None}
    assert rate.after == {"service": first.service_id, "rate": {"fixed_rate": None, "discount_percent": "10"}}

    stored = json.dumps(raw_audit_items())
    assert API_KEY not in stored and new_key not in stored and new_key[-4:] not in stored


def _order(by_upstream, upstream="101"):
    user_id = customer("10.00")
    return user_id, orders.place(user_id, by_upstream[upstream].service_id, {"link": LINK, "quantity": 1000})


def test_order_reconciliation_is_recorded(panel) -> None:
    _provider, services = panel
    configure(services={"101": {"fault": "http500"}})
    user_id, lost = _order(services)
    _u2, found = _order(services)
    assert dispatch.dispatch(lost.order_id) == dispatch.dispatch(found.order_id) == "needs_review"

    dispatch.cancel_and_refund(lost.order_id, "staff-5")
    with pytest.raises(InvalidInput):
        dispatch.cancel_and_refund(lost.order_id, "staff-5")  # refused: no second record
    [canceled] = trail(f"order:{lost.order_id}")
    assert (canceled.actor, canceled.action) == ("staff-5", Action.ORDER_CANCELED_REFUNDED)
    assert canceled.after["status"] == "canceled" and canceled.after["user_id"] == user_id
    assert Decimal(canceled.after["refund"]) == lost.charge > 0

    dispatch.mark_sent(found.order_id, "7000009", "staff-5")
    orders.to_review(found.order_id, OrderStatus.PROCESSING, "staff check")
    with pytest.raises(InvalidInput):
        dispatch.settle_reviewed(found.order_id, found.quantity + 1, "staff-6")
    dispatch.settle_reviewed(found.order_id, 100, "staff-6")
    settled, sent = trail(f"order:{found.order_id}")
    assert (sent.action, sent.actor, sent.after["provider_order"]) == (Action.ORDER_MARKED_SENT, "staff-5", "7000009")
    assert (settled.action, settled.actor) == (Action.ORDER_SETTLED, "staff-6")
    assert settled.after["status"] == "partial" and settled.after["remains"] == 100

    configure(services={"101": {"fault": "no_funds"}})
    _u3, parked = _order(services)
    for _ in range(dispatch.MAX_ATTEMPTS - 1):
        with pytest.raises(dispatch.RetryLater):
            dispatch.dispatch(parked.order_id)
    assert dispatch.dispatch(parked.order_id) == "parked"
    with audit_log.acting("staff-7"):
        dispatch.retry_parked(parked.order_id)
    [retried] = trail(f"order:{parked.order_id}")
    assert (retried.action, retried.actor, retried.after["status"]) == (Action.ORDER_RETRIED, "staff-7", "pending")


def test_records_page_newest_first_by_month(fresh_table, clock) -> None:
    from datetime import UTC, datetime, timedelta

    clock.at = datetime(2031, 3, 1, 12, tzinfo=UTC)
    made = []
    for n in range(5):
        clock.at += timedelta(minutes=1)
        made.append(audit_log.record(Action.GLOBAL_MARKUP_SET, audit_log.SubjectKind.CATALOG, "markup",
                                     after={"markup_percent": str(n)}))
    clock.at = datetime(2031, 4, 1, tzinfo=UTC)
    audit_log.record(Action.GLOBAL_MARKUP_SET, audit_log.SubjectKind.CATALOG, "markup")
    seen, cursor = [], None
    while True:
        page, cursor = audit_log.month_page("2031-03", 2, cursor)
        assert len(page) <= 2
        seen.extend(page)
        if cursor is None:
            break
    assert [r.record_id for r in seen] == [r.record_id for r in reversed(made)]
    with pytest.raises(InvalidInput):
        audit_log.month_page("2031-13", 2, None)


def test_nothing_in_the_product_updates_or_deletes_a_record() -> None:
    """Only store/audit_log.py touches audit items, and it only puts new ones."""
    root = Path(__file__).resolve().parents[2]
    store_source = (root / "chalicelib/store/audit_log.py").read_text()
    assert "dynamo.update" not in store_source and "dynamo.delete" not in store_source
    assert "Delete" not in store_source and "Update" not in store_source
    for path in [*root.glob("chalicelib/**/*.py"), *root.glob("ops/*.py"), root / "app.py"]:
        text = path.read_text()
        if path.parent != root / "chalicelib/store/keys" and path != root / "chalicelib/store/audit_log.py":
            assert "keys.audit_" not in text and "AUDIT#" not in text, path


def test_the_cli_records_as_its_operator() -> None:
    import getpass

    from click.testing import CliRunner

    from ops.cli import cli as panel

    user_id = customer()
    email = user_store.get(user_id).email
    runner = CliRunner()
    credited = runner.invoke(panel, ["--stage", "test", "balance", "credit", "--email", email, "--amount", "2",
                                     "--reason", "wire 1"])
    assert credited.exit_code == 0, credited.output
    promoted = runner.invoke(panel, ["--stage", "test", "staff", "create", "--email", email, "--role", "support"])
    assert promoted.exit_code == 0, promoted.output
    operator = f"cli:{getpass.getuser()}"
    records = trail(f"user:{user_id}")
    assert [(r.action, r.actor) for r in records] == [(Action.STAFF_PROMOTED, operator),
                                                      (Action.BALANCE_ADJUSTED, operator)]
    assert audit_log.current_actor() == SYSTEM  # the command's actor ends with the command
