"""A hostile provider (NaN, Infinity, 1e30, negative numbers, words, huge bodies) harms no other
provider's sync and stores nothing non-finite or absurd. Two providers on the simulator: the
behaving one at /api/v2 and the hostile one at /evil/api/v2, added first so jobs meet it first."""

from __future__ import annotations

from decimal import Decimal

import pytest

from chalicelib.domain.orders import OrderStatus
from chalicelib.domain.upstream_values import MAX_QUANTITY, MAX_RATE
from chalicelib.services import catalog, dispatch, orders, providers_health, status_sync
from chalicelib.settings import get_settings
from chalicelib.store import catalog as catalog_store
from chalicelib.store import ledger as ledger_store
from chalicelib.store import orders as order_store
from devstack import worker
from devstack.provider_sim import API_KEY, CATALOG
from tests.support.accounts import customer
from tests.support.catalog import import_enabled
from tests.support.provider_sim import SIM, calls, configure

LINK = "https://instagram.com/p/hostile"
HOSTILE = ["nan", "infinity", "huge", "negative", "string"]


@pytest.fixture
def two(fresh_table):
    """(evil, good, services by (provider_id, upstream id)), both catalogs imported."""
    worker.drain()
    configure(reset=True)
    evil = catalog.add_provider("Evil", f"{SIM}/evil/api/v2", API_KEY)
    good = catalog.add_provider("Good", f"{SIM}/api/v2", API_KEY)
    import_enabled(evil.provider_id)
    import_enabled(good.provider_id)
    services = {(s.provider_id, s.provider_service): s for s in catalog_store.services()}
    yield evil, good, services
    configure(reset=True)


def _sane(service) -> bool:
    return service.provider_rate.is_finite() and 0 < service.provider_rate <= MAX_RATE and \
        1 <= service.min <= service.max <= MAX_QUANTITY


@pytest.mark.parametrize("values", HOSTILE)
def test_catalog_sync_skips_the_hostile_providers_values_and_syncs_the_other(two, values) -> None:
    evil, good, services = two
    cheaper = [{**e, "rate": "0.50"} if e["service"] == 101 else e for e in CATALOG]
    configure(catalog=cheaper, tenants={"evil": {"values": values}})

    report = catalog.sync_all()

    assert {c["change"] for c in report[str(evil.provider_id)]} == {"refused"}
    assert len(report[str(evil.provider_id)]) == len(CATALOG)
    assert [c["change"] for c in report[str(good.provider_id)]] == ["price"]
    stored = {(s.provider_id, s.provider_service): s for s in catalog_store.services()}
    assert stored[(good.provider_id, "101")].provider_rate == Decimal("0.50")
    for key, before in services.items():
        if key[0] == evil.provider_id:  # left exactly as it was: not repriced, not dropped
            assert stored[key] == before
    assert all(_sane(s) for s in stored.values())
    assert len(catalog.price_list(None)) == 2 * len(CATALOG)


def test_one_hostile_entry_is_skipped_and_the_rest_of_that_provider_syncs(two) -> None:
    _evil, good, _services = two
    changed = [{**e, "rate": "1.11"} for e in CATALOG]
    configure(catalog=changed, services={"101": {"values": "huge"}})
    report = catalog.sync_all()[str(good.provider_id)]
    assert sorted(c["change"] for c in report) == ["price"] * (len(CATALOG) - 1) + ["refused"]
    stored = {s.provider_service: s for s in catalog_store.services() if s.provider_id == good.provider_id}
    assert stored["101"].provider_rate == Decimal("0.90") and stored["102"].provider_rate == Decimal("1.11")


def test_an_import_refuses_hostile_entries(fresh_table) -> None:
    configure(reset=True, tenants={"evil": {"values": "infinity"}})
    try:
        evil = catalog.add_provider("Evil", f"{SIM}/evil/api/v2", API_KEY)
        result = catalog.import_services(evil.provider_id)
        assert result.imported == [] and len(result.skipped) == len(CATALOG)
        assert catalog_store.services() == []
    finally:
        configure(reset=True)


def test_a_stored_absurd_rate_hides_that_service_and_not_the_price_list(two) -> None:
    _evil, good, services = two
    poisoned = services[(good.provider_id, "101")]
    catalog_store.update_service(poisoned, provider_rate=Decimal("1E+30"))  # written before the bounds existed
    listed = [s.service_id for s, _rate in catalog.price_list(None)]
    assert poisoned.service_id not in listed and len(listed) == 2 * len(CATALOG) - 1


def test_a_huge_answer_is_cut_while_reading_and_only_fails_its_own_provider(two) -> None:
    evil, good, _services = two
    limit = get_settings().provider_max_response_bytes
    configure(catalog=[{**e, "rate": "0.50"} for e in CATALOG], tenants={"evil": {"pad_bytes": limit + 1024 * 1024}})
    report = catalog.sync_all()
    assert "larger than" in report[str(evil.provider_id)]["error"]
    assert len(report[str(good.provider_id)]) == len(CATALOG)
    health = providers_health.check_all()
    assert "larger than" in health[str(evil.provider_id)]["error"]
    assert health[str(good.provider_id)]["balance"] == "1250.40"


@pytest.mark.parametrize("values", HOSTILE)
def test_balance_check_stores_no_hostile_balance_and_checks_the_other(two, values) -> None:
    evil, good, _services = two
    configure(tenants={"evil": {"values": values}})
    report = providers_health.check_all()
    assert "refused" in report[str(evil.provider_id)]["error"]
    assert report[str(good.provider_id)] == {"balance": "1250.40", "currency": "USD", "low": False}
    stored = catalog_store.provider_balances()
    assert evil.provider_id not in stored and stored[good.provider_id]["balance"] == "1250.40"


def _place(services, provider_id: int, user_id: str):
    return orders.place(user_id, services[(provider_id, "102")].service_id, {"link": LINK, "quantity": 1000})


@pytest.mark.parametrize("values", HOSTILE)
def test_status_sync_leaves_hostile_answers_unapplied_and_settles_the_other(two, values) -> None:
    evil, good, services = two
    configure(services={"102": {"duration_seconds": 0.01, "outcome": "partial",
                                                             "partial_remains": 400}})
    user_id = customer("10.00")
    bad, fine = _place(services, evil.provider_id, user_id), _place(services, good.provider_id, user_id)
    worker.drain()
    sent_bad = order_store.get(bad.order_id)
    assert sent_bad.status == OrderStatus.PROCESSING
    configure(tenants={"evil": {"values": values}})

    report = status_sync.sync_all()

    assert report[str(evil.provider_id)]["refused"] == 1
    assert report[str(good.provider_id)]["settled"] == 1
    assert order_store.get(bad.order_id) == sent_bad  # nothing stored, nothing settled
    settled = order_store.get(fine.order_id)
    assert settled.status == OrderStatus.PARTIAL and settled.remains == 400
    assert ledger_store.account(user_id).balance == Decimal("10.00000") - bad.charge - fine.charge + \
        settled.refunded


def test_status_sync_refuses_remains_beyond_the_orders_quantity(two) -> None:
    _evil, good, services = two
    configure(services={"102": {"duration_seconds": 0.01, "outcome": "partial", "partial_remains": 5000}})
    user_id = customer("10.00")
    order = _place(services, good.provider_id, user_id)
    worker.drain()
    report = status_sync.sync_all()[str(good.provider_id)]
    assert report["refused"] == 1
    assert order_store.get(order.order_id).status == OrderStatus.PROCESSING
    assert ledger_store.account(user_id).balance == Decimal("10.00000") - order.charge


@pytest.mark.parametrize("values", HOSTILE)
def test_dispatch_sends_hostile_order_ids_to_review_and_sends_the_others(two, values) -> None:
    evil, good, services = two
    configure(tenants={"evil": {"values": values}})
    user_id = customer("10.00")
    bad, fine = _place(services, evil.provider_id, user_id), _place(services, good.provider_id, user_id)
    assert dispatch.dispatch(bad.order_id) == "needs_review"
    assert dispatch.dispatch(fine.order_id) == "sent"
    reviewed = order_store.get(bad.order_id)
    assert reviewed.status == OrderStatus.NEEDS_REVIEW and reviewed.provider_order is None
    assert order_store.get(fine.order_id).provider_order.isdigit()
    assert calls()["evil:add"] == 1
