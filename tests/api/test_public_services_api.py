"""The public services list over HTTP: open to visitors, never a provider, and its average
completion time right after orders complete (and one ends partial) through the provider
simulator."""

from __future__ import annotations

import json
import secrets
import time
from datetime import UTC, datetime, timedelta

from chalicelib.services import caches, catalog, dispatch, orders, status_sync
from chalicelib.store import catalog as catalog_store
from chalicelib.store import orders as order_store
from devstack.provider_sim import API_KEY
from tests.support.accounts import customer
from tests.support.provider_sim import SIMULATOR_URL, configure

PLACED = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)


def _placed(user_id: str, service_id: int, at: datetime) -> int:
    order = orders.place(user_id, service_id, {"link": f"https://instagram.com/p/{secrets.token_hex(4)}",
                                               "quantity": 1000})
    assert dispatch.dispatch(order.order_id) == "sent"
    assert order_store.get(order.order_id).created_at == at
    return order.order_id


def test_visitors_see_the_catalog_with_averages_of_completed_orders_and_no_provider(client, clock) -> None:
    configure(reset=True)
    provider = catalog.add_provider(f"Hidden upstream {secrets.token_hex(3)}", SIMULATOR_URL, API_KEY)
    catalog.import_services(provider.provider_id)
    ours = {s.provider_service: s for s in catalog_store.services() if s.provider_id == provider.provider_id}
    followers = catalog.change_service(ours["101"].service_id,
                                       {"name": "Real followers", "description": "Slow, steady.", "enabled": True})
    likes = catalog.change_service(ours["102"].service_id, {"name": "Quick likes", "enabled": True})

    before = client.get("/services/public")
    assert before.status_code == 200, before.data  # no session: a visitor
    shown = {s["service"]: s for s in before.data["services"]}
    assert shown[followers.service_id]["completed_orders"] == 0
    assert shown[followers.service_id]["average_completion_seconds"] is None

    user_id = customer("50.00")
    configure(services={"101": {"duration_seconds": 0.2}, "102": {"duration_seconds": 0.2, "outcome": "partial",
                                                                   "partial_remains": 400}})
    clock.at = PLACED
    first = _placed(user_id, followers.service_id, PLACED)
    clock.at = PLACED + timedelta(minutes=30)
    second = _placed(user_id, followers.service_id, clock.at)
    partial = _placed(user_id, likes.service_id, clock.at)
    time.sleep(0.4)
    clock.at = PLACED + timedelta(hours=1, minutes=30)  # 90 and 60 minutes after placing
    status_sync.sync_provider(provider)
    assert [order_store.get(i).status.value for i in (first, second, partial)] == ["completed", "completed", "partial"]
    status_sync.sync_provider(provider)  # settled orders are not counted twice

    caches.catalog.clear()  # the answer is kept catalog_cache_seconds in a warm container
    response = client.get("/services/public")
    assert response.status_code == 200
    assert response.headers["cache-control"].startswith("public, max-age=")
    shown = {s["service"]: s for s in response.data["services"]}
    assert shown[followers.service_id] | {"rate": "x"} == {
        "service": followers.service_id, "name": "Real followers", "description": "Slow, steady.",
        "category": followers.category, "type": "Default", "rate": "x", "per": "1000", "min": followers.min,
        "max": followers.max, "refill": followers.refill, "cancel": followers.cancel,
        "dripfeed": followers.dripfeed, "completed_orders": 2, "average_completion_seconds": 75 * 60}
    assert shown[followers.service_id]["rate"] == "1.08000"  # the simulator's 0.90 and the default 20% markup
    assert (shown[likes.service_id]["completed_orders"], shown[likes.service_id]["average_completion_seconds"]) == (
        0, None)  # partial orders do not count

    text = json.dumps(response.data)
    assert provider.name not in text and SIMULATOR_URL not in text and "simulator" not in text.lower()
    keys = {key for s in response.data["services"] for key in s}
    assert not any(key.startswith(("provider", "backup")) for key in keys)


def test_a_disabled_service_is_not_listed(client) -> None:
    configure(reset=True)
    provider = catalog.add_provider(f"Hidden upstream {secrets.token_hex(3)}", SIMULATOR_URL, API_KEY)
    catalog.import_services(provider.provider_id)
    service = next(s for s in catalog_store.services() if s.provider_id == provider.provider_id)
    catalog.change_service(service.service_id, {"name": "Named", "enabled": True})
    assert service.service_id in {s["service"] for s in client.get("/services/public").data["services"]}
    catalog.change_service(service.service_id, {"enabled": False})
    caches.catalog.clear()
    ids = {s["service"] for s in client.get("/services/public").data["services"]}
    assert service.service_id not in ids
