"""API v2 `status` in process: what the customer finally paid, and one batch read for many ids."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

from chalicelib.domain.orders import OrderStatus
from chalicelib.services import api_keys, orders, reseller
from chalicelib.store import dynamo
from tests.support.accounts import customer
from tests.support.catalog import service

LINK = "https://instagram.com/p/status"


@contextmanager
def dynamodb_calls() -> Iterator[Counter[str]]:
    """Count the DynamoDB operations this process makes inside the block."""
    seen: Counter[str] = Counter()

    def count(model, **_kwargs) -> None:
        seen[model.name] += 1

    events = dynamo.client().meta.events
    events.register("before-call.dynamodb", count)
    try:
        yield seen
    finally:
        events.unregister("before-call.dynamodb", count)


def test_status_charge_is_what_the_customer_finally_paid() -> None:
    user_id = customer("10.00")
    _key, record = api_keys.create(user_id, "status")
    svc = service(provider_rate="1.00", markup="0")
    placed = orders.place(user_id, svc.service_id, {"link": LINK, "quantity": 1000})
    assert reseller.handle({"action": "status", "order": str(placed.order_id)}, record)["charge"] == "1.00000"
    orders.settle(placed.order_id, OrderStatus.PARTIAL, remains=250)
    status = reseller.handle({"action": "status", "order": str(placed.order_id)}, record)
    assert (status["status"], status["remains"], status["charge"]) == ("Partial", "250", "0.75000")
    multi = reseller.handle({"action": "status", "orders": str(placed.order_id)}, record)
    assert multi[str(placed.order_id)]["charge"] == "0.75000"


def test_status_of_many_orders_is_one_batch_read() -> None:
    user_id = customer("10.00")
    _key, record = api_keys.create(user_id, "status-many")
    svc = service(provider_rate="0.10", markup="0")
    mine = [orders.place(user_id, svc.service_id, {"link": f"{LINK}/{n}", "quantity": 100}).order_id
            for n in range(40)]
    other = customer("1.00")
    theirs = orders.place(other, svc.service_id, {"link": LINK, "quantity": 100}).order_id
    ids = [str(i) for i in mine] + [str(theirs), "abc", "²", "99999999999"]
    reseller.handle({"action": "balance"}, record)  # a warm container: the key's staff-lock check is cached
    with dynamodb_calls() as calls:
        answer = reseller.handle({"action": "status", "orders": ",".join(ids)}, record)
    assert calls["BatchGetItem"] == 1 and calls["GetItem"] == 0 and calls["Query"] == 0
    assert [answer[str(i)]["status"] for i in mine] == ["Pending"] * 40
    assert all(answer[i] == {"error": "Incorrect order ID"} for i in (str(theirs), "abc", "²", "99999999999"))
    assert Decimal(answer[str(mine[0])]["charge"]) == Decimal("0.01")
