"""The reseller API over real HTTP on the local stack, with a plain client written from the
public standard (requests, form-encoded POST), not through our own adapter; then our own
adapter (the one that calls upstream providers) pointed at it, as another panel would."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
import requests

from chalicelib.adapters import provider_api
from chalicelib.domain.catalog import ServiceType
from chalicelib.domain.orders import OrderStatus
from chalicelib.services import api_keys, catalog, orders
from devstack.stack import LOCAL_DIR, TEST
from tests.support.accounts import customer
from tests.support.catalog import service
from tests.support.ledger import balance

URL = f"{TEST.gateway_url}/api/v2"
LINK = "https://instagram.com/p/reseller"


@pytest.fixture
def reseller(site):
    user_id = customer("20.00")
    key, _record = api_keys.create(user_id, "tests")
    return user_id, key


def call(key: str | None, action: str | None = None, **params) -> requests.Response:
    data = {k: str(v) for k, v in {"key": key, "action": action, **params}.items() if v is not None}
    return requests.post(URL, data=data, timeout=10)


def test_services_lists_enabled_services_at_the_resellers_rate(reseller) -> None:
    user_id, key = reseller
    on = service(provider_rate="0.45", markup="100")  # listed at 0.90: the discount stays above cost
    off = service(enabled=False)
    catalog.set_custom_rate(user_id, on.service_id, None, Decimal("10"))
    listed = {s["service"]: s for s in call(key, "services").json()}
    assert off.service_id not in listed
    assert listed[on.service_id] == {"service": on.service_id, "name": on.name, "type": "Default",
                                     "category": on.category, "rate": "0.81", "min": "10", "max": "100000",
                                     "refill": True, "cancel": True, "dripfeed": True}


def test_add_status_cancel_and_balance(reseller) -> None:
    user_id, key = reseller
    svc = service(provider_rate="2.00")
    placed = call(key, "add", service=svc.service_id, link=LINK, quantity=500).json()
    assert isinstance(placed["order"], int)
    assert call(key, "balance").json() == {"balance": "19.00000", "currency": "USD"}
    status = call(key, "status", order=placed["order"]).json()
    assert status == {"charge": "1.00000", "start_count": "0", "status": "Pending", "remains": "500",
                      "currency": "USD"}
    canceled = call(key, "cancel", orders=f"{placed['order']},999999999").json()
    assert canceled == [{"order": placed["order"], "cancel": 1},
                        {"order": 999999999, "cancel": {"error": "Incorrect order ID"}}]
    assert call(key, "status", order=placed["order"]).json()["status"] == "Canceled"
    assert balance(user_id) == Decimal("20.00000")


def test_every_type_and_drip_feed_through_add(reseller) -> None:
    user_id, key = reseller
    comments = service(ServiceType.CUSTOM_COMMENTS, provider_rate="10.00", lo=2, hi=100)
    default = service(provider_rate="1.00")
    a = call(key, "add", service=comments.service_id, link=LINK, comments="one\ntwo\nthree").json()
    b = call(key, "add", service=default.service_id, link=LINK, quantity=100, runs=5, interval=30).json()
    assert orders.get_for_user(user_id, a["order"]).quantity == 3
    drip = orders.get_for_user(user_id, b["order"])
    assert (drip.quantity, drip.runs, drip.interval, drip.charge) == (500, 5, 30, Decimal("0.50000"))


def test_multi_status_answers_per_id(reseller, new_reseller) -> None:
    _user_id, key = reseller
    svc = service()
    mine = call(key, "add", service=svc.service_id, link=LINK, quantity=100).json()["order"]
    _other_user, other_key = new_reseller()
    theirs = call(other_key, "add", service=svc.service_id, link=LINK, quantity=100).json()["order"]
    answer = call(key, "status", orders=f"{mine},{theirs},abc").json()
    assert set(answer) == {str(mine), str(theirs), "abc"}
    assert answer[str(mine)]["status"] == "Pending"
    assert answer[str(theirs)] == answer["abc"] == {"error": "Incorrect order ID"}


def test_refill_and_refill_status(reseller) -> None:
    _user_id, key = reseller
    svc = service()
    order_id = call(key, "add", service=svc.service_id, link=LINK, quantity=100).json()["order"]
    assert call(key, "refill", order=order_id).json() == {
        "error": "Refills can be requested for completed orders within 30 days of completion."}
    orders.settle(order_id, OrderStatus.COMPLETED)
    refill = call(key, "refill", order=order_id).json()
    assert set(refill) == {"refill"} and refill["refill"].isdigit()
    assert call(key, "refill_status", refill=refill["refill"]).json() == {"status": "Pending"}
    multi = call(key, "refill", orders=f"{order_id},123456789").json()
    assert multi[0]["order"] == order_id and isinstance(multi[0]["refill"], int)
    assert multi[1] == {"order": 123456789, "refill": {"error": "Incorrect order ID"}}
    statuses = call(key, "refill_status", refills=f"{refill['refill']},999999").json()
    assert statuses == [{"refill": int(refill["refill"]), "status": "Pending"},
                        {"refill": 999999, "status": {"error": "Refill not found"}}]


@pytest.mark.parametrize(("params", "error"), [
    ({"action": "balance"}, "Invalid API key"),
    ({"key": "0" * 40, "action": "balance"}, "Invalid API key"),
    ({"key": "not-a-key", "action": "balance"}, "Invalid API key"),
    ({"key": "KEY"}, "Incorrect request"),
    ({"key": "KEY", "action": "launch"}, "Incorrect request"),
    ({"key": "KEY", "action": "add", "service": "99999999", "link": LINK, "quantity": "100"}, "Incorrect service ID"),
    ({"key": "KEY", "action": "add", "service": "SVC", "link": "ftp://x", "quantity": "100"}, "Incorrect link"),
    ({"key": "KEY", "action": "add", "service": "SVC", "link": LINK}, "'quantity' is required for this service."),
    ({"key": "KEY", "action": "add", "service": "SVC", "link": LINK, "quantity": "5"}, "Quantity less than minimal 10"),
    ({"key": "KEY", "action": "add", "service": "SVC", "link": LINK, "quantity": "100001"},
     "Quantity more than maximum 100000"),
    ({"key": "KEY", "action": "add", "service": "SVC", "link": LINK, "quantity": "99000"},
     "Not enough funds on balance"),
    ({"key": "KEY", "action": "status", "order": "abc"}, "Incorrect order ID"),
    ({"key": "KEY", "action": "status", "orders": ",".join(str(i) for i in range(101))},
     "Too many ids: at most 100 per request"),
    ({"key": "KEY", "action": "add", "service": "CC", "link": LINK, "comments": "x\n" * 10_001},
     "'comments' has more than 10000 lines."),
])
def test_bad_requests_answer_in_the_standard_shape_and_change_nothing(reseller, params, error) -> None:
    user_id, key = reseller
    svc = service(provider_rate="1.00")
    comments = service(ServiceType.CUSTOM_COMMENTS, lo=1, hi=20_000)
    params = {k: {"KEY": key, "SVC": str(svc.service_id), "CC": str(comments.service_id)}.get(v, v)
              for k, v in params.items()}
    response = requests.post(URL, data=params, timeout=10)
    assert response.status_code == 200
    assert response.json() == {"error": error}
    assert balance(user_id) == Decimal("20.00000")


def test_non_utf8_bytes_and_other_body_shapes(reseller) -> None:
    _user_id, key = reseller
    broken = requests.post(URL, data=b"key=" + key.encode() + b"&action=balance&x=\xff\xfe",
                           headers={"Content-Type": "application/x-www-form-urlencoded"}, timeout=10)
    assert broken.json() == {"error": "Incorrect request"}
    multipart = requests.post(URL, files={"key": (None, key), "action": (None, "balance")}, timeout=10)
    assert multipart.json()["currency"] == "USD"
    as_json = requests.post(URL, json={"key": key, "action": "balance"}, timeout=10)
    assert as_json.json()["balance"] == "20.00000"
    by_get = requests.get(URL, params={"key": key, "action": "balance"}, timeout=10)
    assert by_get.json()["balance"] == "20.00000"
    log = (LOCAL_DIR / "logs" / f"{TEST.stage}-api.log").read_text(errors="replace")
    assert key not in log and "key=[redacted]" in log


def test_revoked_keys_and_ip_allowlists(reseller) -> None:
    user_id, key = reseller
    record = next(k for k in api_keys.of_user(user_id) if k.label == "tests")
    assert call(key, "balance").json()["currency"] == "USD"
    api_keys.revoke(user_id, record.key_id)
    import time

    from chalicelib.settings import get_settings

    time.sleep(get_settings().session_cache_seconds + 0.5)  # the API process trusted its read this long
    assert call(key, "balance").json() == {"error": "Invalid API key"}
    elsewhere, _ = api_keys.create(user_id, "office only", allowed_ips=["10.0.0.0/8"])
    assert call(elsewhere, "balance").json() == {"error": "This API key is not allowed from your IP address"}
    here, _ = api_keys.create(user_id, "this machine", allowed_ips=["127.0.0.1"])
    assert call(here, "balance").json()["currency"] == "USD"


def test_a_keys_own_limits_answer_429_and_change_nothing(reseller) -> None:
    user_id, _key = reseller
    per_second, _ = api_keys.create(user_id, "slow", rps_limit=2)
    answers = [call(per_second, "balance") for _ in range(4)]
    assert [a.status_code for a in answers].count(429) >= 1
    refused = next(a for a in answers if a.status_code == 429)
    assert refused.json() == {"error": "Too many requests: this key allows 2 per second"}
    daily, _ = api_keys.create(user_id, "daily", daily_limit=2)
    svc = service()
    assert "order" in call(daily, "add", service=svc.service_id, link=LINK, quantity=100).json()
    assert call(daily, "balance").status_code == 200
    over = call(daily, "add", service=svc.service_id, link=LINK, quantity=100)
    assert over.status_code == 429 and over.json() == {"error": "Too many requests: this key allows 2 per day"}
    assert balance(user_id) == Decimal("19.90000")  # only the first order was charged


@pytest.fixture
def new_reseller(site):
    def make():
        user_id = customer("20.00")
        key, _ = api_keys.create(user_id, "other")
        return user_id, key
    return make


def test_our_own_provider_client_uses_this_panel_as_its_provider(reseller) -> None:
    """Dogfooding: one panel (this test, with our upstream adapter) uses another as provider."""
    user_id, key = reseller
    svc = service(provider_rate="1.00")
    offered, skipped = provider_api.services(URL, key)
    assert skipped == [] and any(s.service == str(svc.service_id) for s in offered)
    assert provider_api.balance(URL, key) == (Decimal("20.00000"), "USD")
    order_id = provider_api.add(URL, key, {"service": svc.service_id, "link": LINK, "quantity": 1000})
    found = provider_api.statuses(URL, key, [order_id, "424242"])
    assert found[order_id].raw_status == "Pending" and found[order_id].remains == 1000
    assert found[order_id].status == OrderStatus.PROCESSING  # taken upstream, not started
    assert found["424242"] is None
    assert provider_api.cancel(URL, key, [order_id]) == {order_id: True}
    assert provider_api.statuses(URL, key, [order_id])[order_id].status == OrderStatus.CANCELED
    with pytest.raises(provider_api.ProviderError) as refused:
        provider_api.add(URL, key, {"service": 99999999, "link": LINK, "quantity": 100})
    assert refused.value.kind == provider_api.Failure.PERMANENT
    assert json.loads(json.dumps(balance(user_id), default=str)) == "20.00000"
