"""Catalog sync against the provider simulator, the ledger audit, and `panel balance credit`."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from click.testing import CliRunner

from chalicelib.domain.ledger import EntryKind
from chalicelib.services import catalog, ledger, ledger_audit
from chalicelib.store import catalog as catalog_store
from chalicelib.store import dynamo, keys
from chalicelib.store import ledger as ledger_store
from devstack.provider_sim import API_KEY, CATALOG
from ops.cli import cli as panel
from tests.support.accounts import customer
from tests.support.provider_sim import SIM, configure


@pytest.fixture
def simulator():
    configure(reset=True)
    yield SIM
    configure(reset=True)


def test_sync_reports_price_changes_and_disables_dropped_services(fresh_table, simulator) -> None:
    provider = catalog.add_provider("Sim", f"{simulator}/api/v2", API_KEY)
    imported = catalog.import_services(provider.provider_id).imported
    assert len(imported) == len(CATALOG)
    changed = [dict(e) for e in CATALOG if e["service"] != 102]
    changed[0]["rate"] = "1.10"
    configure(catalog=changed)

    report = catalog.sync_all()[str(provider.provider_id)]
    kinds = sorted((c["change"], c["service_id"]) for c in report)
    by_provider_id = {s.provider_service: s for s in catalog_store.services()}
    assert kinds == sorted([("price", by_provider_id["101"].service_id), ("dropped", by_provider_id["102"].service_id)])
    assert by_provider_id["101"].provider_rate == Decimal("1.10")
    assert not by_provider_id["102"].enabled and not by_provider_id["102"].provider_available
    assert catalog.sync_all()[str(provider.provider_id)] == []  # nothing new the second time
    assert all(s.service_id != by_provider_id["102"].service_id for s, _ in catalog.price_list(None))


def test_provider_keys_stay_in_the_secret_store(fresh_table, simulator) -> None:
    provider = catalog.add_provider("Sim", f"{simulator}/api/v2", API_KEY)
    item = dynamo.get(keys.provider(provider.provider_id))
    assert API_KEY not in json.dumps(item, default=str)
    assert catalog.provider_balance(provider.provider_id)["balance"] == "1250.40"


@pytest.mark.promise("O4")
def test_ledger_audit_finds_a_balance_that_drifted_from_its_ledger(fresh_table) -> None:
    honest, tampered = customer("5.00"), customer("5.00")
    ledger.move(honest, Decimal("-1.25"), EntryKind.ORDER_CHARGE, "order#1", "order:1")
    assert ledger_audit.audit_ledgers() == {"checked": 2, "mismatched": [], "busy": 0}
    dynamo.update(keys.user(tampered), "SET balance = :b", b=Decimal("7.00000"))  # written behind the ledger's back
    result = ledger_audit.audit_ledgers()
    assert result["mismatched"] == [{"user_id": tampered, "difference": "2.00000"}]


def test_panel_balance_credit(fresh_table) -> None:
    user_id = customer()
    from chalicelib.store import users

    email = users.get(user_id).email
    runner = CliRunner()
    result = runner.invoke(panel, ["--stage", "test", "balance", "credit", "--email", email, "--amount", "25.5",
                                   "--reason", "wire 7781"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["balance"] == "25.50000"
    entry = ledger_store.entries(user_id)[0]
    assert entry.kind == EntryKind.MANUAL_ADJUSTMENT and entry.reason == "wire 7781"
    assert entry.staff_id.startswith("cli:")
    for bad in (["--amount", "abc"], ["--amount", "0"], ["--amount", "-100"]):
        refused = runner.invoke(panel, ["--stage", "test", "balance", "credit", "--email", email, *bad,
                                        "--reason", "x"])
        assert refused.exit_code == 2, refused.output
    assert ledger_store.account(user_id).balance == Decimal("25.50000")
