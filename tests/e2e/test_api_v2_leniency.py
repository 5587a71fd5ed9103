"""The reseller API's leniency and the "Invites from Groups" type over real HTTP on the local
stack, with a plain form-encoded client as resellers' scripts are written."""

from __future__ import annotations

import time
from decimal import Decimal

import pytest
import requests

from chalicelib.domain.catalog import ServiceType
from chalicelib.domain.orders import OrderStatus
from chalicelib.services import api_keys, catalog, orders, status_sync
from chalicelib.store import catalog as catalog_store
from chalicelib.store import orders as order_store
from devstack.provider_sim import API_KEY, CATALOG
from tests.support.accounts import customer
from tests.support.api_v2 import call
from tests.support.catalog import import_enabled, service
from tests.support.ledger import balance
from tests.support.provider_sim import SIM, SIMULATOR_URL, configure

# A provider that lists the type (the demo provider's catalog and one more service).
INVITES = {"service": 109, "name": "Telegram Invites from Groups", "type": "Invites from Groups",
           "category": "Telegram", "rate": "4.00", "min": "100", "max": "10000", "refill": False, "cancel": True,
           "dripfeed": False}


@pytest.fixture
def reseller(site):
    user_id = customer("20.00")
    key, _record = api_keys.create(user_id, "tests")
    return user_id, key


def test_links_without_a_scheme_and_empty_or_unknown_parameters_are_accepted(reseller) -> None:
    user_id, key = reseller
    svc = service(provider_rate="2.00")
    placed = call(key, "add", service=svc.service_id, link="instagram.com/p/lenient", quantity=500, runs="",
                  interval="", comments="", usernames="", lang="en", currency="USD").json()
    order = orders.get_for_user(user_id, placed["order"])
    assert (order.link, order.quantity, order.runs, order.interval) == ("https://instagram.com/p/lenient", 500,
                                                                       None, None)
    assert order.fields == {"quantity": 500}
    assert balance(user_id) == Decimal("19.00000")
    tiktok = call(key, "add", service=svc.service_id, link="www.tiktok.com/@someone", quantity=100).json()
    assert orders.get_for_user(user_id, tiktok["order"]).link == "https://www.tiktok.com/@someone"


@pytest.mark.parametrize(("params", "error"), [
    ({"link": "ftp://instagram.com/x", "quantity": "100"}, "Incorrect link"),
    ({"link": "localhost/x", "quantity": "100"}, "Incorrect link"),
    ({"link": "instagram.com/a b", "quantity": "100"}, "Incorrect link"),
    ({"link": "instagram.com/x", "quantity": ""}, "'quantity' is required for this service."),
    ({"link": "instagram.com/x", "quantity": "100", "runs": "3", "interval": ""},
     "Drip-feed needs both runs and interval."),
    ({"link": "instagram.com/x", "quantity": "100", "runs": "many", "interval": "10"},
     "'runs' must be a whole number."),
])
def test_leniency_never_accepts_a_bad_value_and_a_refusal_changes_nothing(reseller, params, error) -> None:
    user_id, key = reseller
    svc = service(provider_rate="1.00")
    before = order_store.list_for_user(user_id, orders.OrderFilter(), 100, None)[0]
    assert call(key, "add", service=svc.service_id, **params).json() == {"error": error}
    assert balance(user_id) == Decimal("20.00000")
    assert order_store.list_for_user(user_id, orders.OrderFilter(), 100, None)[0] == before


def _sent(order_ids: list[int]) -> None:
    deadline = time.monotonic() + 20
    while any(order_store.get(i).status != OrderStatus.PROCESSING for i in order_ids):  # the worker sent them
        assert time.monotonic() < deadline, "the orders were not sent upstream in time"
        time.sleep(0.2)


@pytest.mark.promise("P3")
def test_invites_from_groups_from_import_to_the_provider(reseller) -> None:
    """Imported from a provider that lists the type, offered in `services`, ordered with its
    groups and forwarded upstream with them (and nothing about the customer)."""
    configure(reset=True, catalog=[*CATALOG, INVITES])
    try:
        _order_invites_through_the_provider(*reseller)
    finally:
        configure(reset=True)  # the demo catalog again, for the tests that count it


def _order_invites_through_the_provider(user_id: str, key: str) -> None:
    provider = catalog.add_provider("Simulator invites", SIMULATOR_URL, API_KEY)
    import_enabled(provider.provider_id)
    invites = next(s for s in catalog_store.services()
                   if s.provider_id == provider.provider_id and s.type == ServiceType.INVITES_FROM_GROUPS)
    listed = {s["service"]: s for s in call(key, "services").json()}
    assert listed[invites.service_id]["type"] == "Invites from Groups"

    placed = call(key, "add", service=invites.service_id, link="t.me/ourchannel", quantity=200,
                  groups="t.me/group_one\nt.me/group_two\n", runs="", interval="").json()
    order = orders.get_for_user(user_id, placed["order"])
    assert (order.quantity, order.charge) == (200, Decimal(listed[invites.service_id]["rate"]) * 200 / 1000)

    _sent([order.order_id])
    sent = [o for o in requests.get(f"{SIM}/_sim/orders", timeout=5).json()
            if o["params"].get("groups") == "t.me/group_one\nt.me/group_two"]
    assert len(sent) == 1
    assert sent[0]["params"] == {"service": "109", "link": "https://t.me/ourchannel", "quantity": "200",
                                 "groups": "t.me/group_one\nt.me/group_two"}


def test_status_of_a_drip_feed_reports_runs_and_of_a_subscription_its_status_and_posts(reseller) -> None:
    _user_id, key = reseller
    configure(reset=True, services={
        "101": {"duration_seconds": 1, "outcome": "partial", "partial_remains": 200, "progress": {"runs": 3}},
        "107": {"duration_seconds": 1, "outcome": "expired", "progress": {"posts": 2}}})
    provider = catalog.add_provider("Simulator status", SIMULATOR_URL, API_KEY)
    import_enabled(provider.provider_id)
    ours = {s.provider_service: s for s in catalog_store.services() if s.provider_id == provider.provider_id}
    drip = call(key, "add", service=ours["101"].service_id, link="instagram.com/p/drip", quantity=100, runs=5,
                interval=10).json()["order"]
    subscription = call(key, "add", service=ours["107"].service_id, username="someone", min=50, max=100, delay=0,
                        posts=3, link="", quantity="").json()["order"]

    before = call(key, "status", orders=f"{drip},{subscription}").json()
    assert before[str(drip)]["status"] == "Pending" and before[str(drip)]["runs"] == "0"
    assert before[str(subscription)]["status"] == "Active" and before[str(subscription)]["posts"] == "0"
    assert "posts" not in before[str(drip)] and "runs" not in before[str(subscription)]

    _sent([drip, subscription])
    time.sleep(1.2)  # the simulator finishes both after a second
    status_sync.sync_provider(catalog_store.get_provider(provider.provider_id))

    ended = call(key, "status", order=drip).json()
    assert (ended["status"], ended["runs"], ended["remains"]) == ("Partial", "3", "200")
    assert Decimal(ended["charge"]) < orders.get_for_user(_user_id, drip).charge
    expired = call(key, "status", orders=str(subscription)).json()[str(subscription)]
    assert (expired["status"], expired["posts"]) == ("Expired", "2")
