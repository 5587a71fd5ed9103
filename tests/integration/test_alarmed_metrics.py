"""The metrics the cloud's alarms watch, as the real scheduled jobs write them: Powertools'
embedded metric format (EMF) on stdout, which CloudWatch turns into metrics. Each job runs
through app.py's handler and middleware, against DynamoDB Local and the provider simulator."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from chalicelib.domain.orders import OrderStatus
from chalicelib.observability import (
    LEDGER_MISMATCHES,
    NAMESPACE,
    ORDERS_NEEDING_REVIEW,
    PROVIDER_BALANCE,
    PROVIDER_DIMENSION,
    SERVICE,
)
from chalicelib.services import catalog, order_review, orders
from chalicelib.services.order_review import Reconcile
from chalicelib.store import dynamo, keys
from chalicelib.store import orders as order_store
from devstack.handlers import load_app, run_scheduled, scheduled_handlers
from devstack.provider_sim import API_KEY
from tests.support.accounts import customer
from tests.support.provider_sim import SIMULATOR_URL, configure


@pytest.fixture
def emitting(monkeypatch: pytest.MonkeyPatch) -> None:
    """Metrics on, as in the cloud (the test stage turns them off to keep logs readable)."""
    monkeypatch.delenv("POWERTOOLS_METRICS_DISABLED", raising=False)


def _run_job(name: str) -> Any:
    handler = next(h for h in scheduled_handlers(load_app()) if h.name == name)
    return run_scheduled(handler)


def _emf(out: str, metric: str) -> list[dict[str, Any]]:
    """Every EMF document on stdout that carries `metric`, with its directive checked the way
    CloudWatch reads it: the namespace, and dimension sets naming keys present in the document."""
    found = []
    for line in out.splitlines():
        if not line.startswith('{"_aws"'):
            continue
        document = json.loads(line)
        for directive in document["_aws"]["CloudWatchMetrics"]:
            if any(m["Name"] == metric for m in directive["Metrics"]):
                assert directive["Namespace"] == NAMESPACE
                assert all(key in document for dims in directive["Dimensions"] for key in dims)
                found.append(document)
    return found


def _values(document: dict[str, Any], metric: str) -> list[float]:
    """The values one document gives a metric (Powertools writes a list, one per add_metric)."""
    value = document[metric]
    return value if isinstance(value, list) else [value]


def _dimension_sets(document: dict[str, Any]) -> list[set[str]]:
    return [set(dims) for directive in document["_aws"]["CloudWatchMetrics"] for dims in directive["Dimensions"]]


def test_provider_balances_are_one_metric_with_a_provider_dimension(panel, emitting, capsys) -> None:
    first, _services = panel
    second = catalog.add_provider("Sim again", SIMULATOR_URL, API_KEY)
    configure(balance="12.50")
    capsys.readouterr()

    report = _run_job("check_providers")

    assert report[str(first.provider_id)]["low"] is True
    documents = _emf(capsys.readouterr().out, PROVIDER_BALANCE)
    assert sorted(d[PROVIDER_DIMENSION] for d in documents) == sorted([str(first.provider_id),
                                                                      str(second.provider_id)])
    for document in documents:
        assert _values(document, PROVIDER_BALANCE) == [12.5]
        assert document["service"] == SERVICE
        # The alarm's query reads SCHEMA(SmmPanel, provider, service): exactly these keys.
        assert _dimension_sets(document) == [{PROVIDER_DIMENSION, "service"}]
    # No metric per provider any more: the alarm would not see a name it does not know.
    assert not any(f"{PROVIDER_BALANCE}{first.provider_id}" in d for d in documents)


def test_a_disabled_stage_writes_no_balance_metric(panel, capsys) -> None:
    configure(balance="12.50")
    capsys.readouterr()
    _run_job("check_providers")
    assert _emf(capsys.readouterr().out, PROVIDER_BALANCE) == []


def test_the_ledger_audit_reports_a_mismatch_as_a_metric(fresh_table, emitting, capsys) -> None:
    sound = customer("10.00")
    broken = customer("10.00")
    # A balance that moved without its ledger entry: what the audit exists to catch.
    dynamo.update(keys.user(broken), "SET balance = :b", b=Decimal("11.00"))
    capsys.readouterr()

    result = _run_job("audit_ledgers")

    assert [m["user_id"] for m in result["mismatched"]] == [broken] and sound != broken
    [document] = _emf(capsys.readouterr().out, LEDGER_MISMATCHES)
    assert _values(document, LEDGER_MISMATCHES) == [1.0]
    assert document["service"] == SERVICE and _dimension_sets(document) == [{"service"}]


def test_the_sweep_reports_how_many_orders_wait_for_review(panel, emitting, capsys) -> None:
    _provider, services = panel
    waiting = [orders.place(customer("10.00"), services["101"].service_id,
                            {"link": "https://instagram.com/p/review", "quantity": 1000}) for _ in range(2)]
    for order in waiting:
        assert orders.to_review(order.order_id, OrderStatus.PENDING, "test: outcome unknown")
    capsys.readouterr()

    result = _run_job("sweep_orders")

    assert result["needing_review"] == 2
    [document] = _emf(capsys.readouterr().out, ORDERS_NEEDING_REVIEW)
    assert _values(document, ORDERS_NEEDING_REVIEW) == [2.0]

    # Staff settle one (the provider never took it): one is left waiting.
    order_review.reconcile(waiting[0].order_id, Reconcile.CANCEL, "staff-alarms-test")
    assert order_store.get(waiting[0].order_id).status == OrderStatus.CANCELED
    _run_job("sweep_orders")
    [document] = _emf(capsys.readouterr().out, ORDERS_NEEDING_REVIEW)
    assert _values(document, ORDERS_NEEDING_REVIEW) == [1.0]
