"""Order placement on DynamoDB Local, in one run:

1. throughput: orders per second through the HTTP handler (POST /api/orders as the API
   Gateway proxy event Lambda receives: middleware, session, validation, pricing, id,
   transaction) versus raw
   TransactWriteItems of the same three items (account, ledger entry, order), with the
   same number of client threads;
2. write units per order, computed from the write requests the handler actually made
   (a transactional write costs 2 units per item per KB, a plain write 1 per KB), versus
   the ideal of 6 (three items written transactionally).

Last line: {"throughput_ratio": ..., "write_units_per_order": ...}.
"""

from __future__ import annotations

import json
import math
import secrets
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from devstack.stack import TEST

TEST.apply_environment()

ORDERS_PER_THREAD = 50
ROUNDS = 5  # handler and raw alternate; the median of the rounds' ratios is reported
THREADS = int(__import__("os").environ.get("BENCH_THREADS", "4"))  # each thread is its own customer, as on a busy panel
IDEAL_UNITS = 6


def item_size(attributes: dict[str, Any]) -> int:
    """DynamoDB's item size: attribute names plus values (numbers ~ 1 byte per 2 digits + 1)."""
    size = 0
    for name, value in attributes.items():
        size += len(name.encode())
        (kind, raw), = value.items()
        if kind == "S":
            size += len(raw.encode())
        elif kind == "N":
            size += len(raw.replace("-", "").replace(".", "")) // 2 + 1
        elif kind in ("BOOL", "NULL"):
            size += 1
        elif kind == "M":
            size += 3 + item_size(raw)
        else:
            size += len(str(raw))
    return size


class WriteMeter:
    """Counts write units from the requests a DynamoDB client sends."""

    def __init__(self, client: Any, table: str) -> None:
        self.client, self.table = client, table
        self.units = 0.0
        self.lock = threading.Lock()
        client.meta.events.register("provide-client-params.dynamodb.*", self._on_request)

    def _stored_size(self, key: dict[str, Any]) -> int:
        item = self.client.get_item(TableName=self.table, Key=key).get("Item", key)
        return item_size(item)

    def _on_request(self, params: dict[str, Any], model: Any, **_: Any) -> None:
        operation = model.name
        units = 0.0
        if operation == "TransactWriteItems":
            for action in params["TransactItems"]:
                (kind, body), = action.items()
                size = item_size(body["Item"]) if kind == "Put" else 100 if kind == "Update" else 0
                units += 2 * max(1, math.ceil(size / 1024))
        elif operation == "PutItem":
            units += max(1, math.ceil(item_size(params["Item"]) / 1024))
        elif operation in ("UpdateItem", "DeleteItem"):
            units += 1  # small items here (counters, sessions); checked below
        with self.lock:
            self.units += units


def run(work: Any) -> float:
    """Orders per second with THREADS threads, thread t placing ORDERS_PER_THREAD orders."""
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        list(pool.map(lambda t: [work(t, n) for n in range(ORDERS_PER_THREAD)], range(THREADS)))
    return THREADS * ORDERS_PER_THREAD / (time.perf_counter() - started)


def main() -> None:
    from chalice.test import Client

    from app import app
    from chalicelib.domain.catalog import ServiceType
    from chalicelib.store import dynamo, keys
    from devstack.handlers import LocalContext, load_app
    from devstack.launcher import Launcher
    from devstack.provision import ensure_all
    from tests.integration.helpers import service

    launcher = Launcher(TEST, quiet=True)
    launcher.start_backing_services(with_stripe=False)
    try:
        ensure_all(load_app())
        svc = service(ServiceType.DEFAULT, provider_rate="0.01")
        with Client(app, stage_name="test") as client:
            sessions = [_customer_session(client, t) for t in range(THREADS)]

            context = LocalContext("api_handler")

            def via_handler(t: int, n: int) -> None:
                # Exactly what API Gateway hands the Lambda function: a proxy event.
                body = json.dumps({"service": svc.service_id, "link": f"https://x.com/p/{t}/{n}", "quantity": 100})
                response = app(_proxy_event("POST", "/api/orders", sessions[t], body), context)
                assert response["statusCode"] == 201, response["body"]

            via_handler(0, -1)  # warm: imports, caches, connections
            probe = json.loads(app(_proxy_event("POST", "/api/orders", sessions[0], json.dumps(
                {"service": svc.service_id, "link": "https://x.com/p/probe", "quantity": 100})), context)["body"])
            meter = WriteMeter(dynamo.client(), dynamo.table_name())
            run(via_handler)
            units_per_order = meter.units / (THREADS * ORDERS_PER_THREAD)
            dynamo.client().meta.events.unregister("provide-client-params.dynamodb.*", meter._on_request)

            # The same three items, written raw (no reads, no validation): account, entry, order.
            sample_order = dynamo.get(keys.order(probe["order"]["id"]))
            sample_entry = dynamo.get(keys.ledger_entry(sample_order["user_id"], f"order#{sample_order['order_id']}"))
            raw_users = [f"raw{secrets.token_hex(6)}" for _ in range(THREADS)]
            for raw_user in raw_users:
                dynamo.put({**keys.user(raw_user), "balance": Decimal("100000"), "ledger_seq": 0})

            def raw(t: int, n: int) -> None:
                user = raw_users[t]
                order = {**sample_order, "pk": f"ORDER#{user}-{n}", "order_id": n}
                entry = {**sample_entry, "pk": f"USER#{user}", "sk": f"LEDGER#order#{n}"}
                dynamo.client().transact_write_items(TransactItems=[
                    {"Update": {"TableName": dynamo.table_name(), "Key": dynamo.to_attributes(keys.user(user)),
                                "UpdateExpression": "SET balance = balance - :c, ledger_seq = ledger_seq + :one",
                                "ConditionExpression": "balance >= :c",
                                "ExpressionAttributeValues": dynamo.values(c=Decimal("0.001"), one=1)}},
                    {"Put": {"TableName": dynamo.table_name(), "Item": dynamo.to_attributes(entry),
                             "ConditionExpression": "attribute_not_exists(pk)"}},
                    {"Put": {"TableName": dynamo.table_name(), "Item": dynamo.to_attributes(order),
                             "ConditionExpression": "attribute_not_exists(pk)"}},
                ])

            raw(0, -1)
            rounds = []
            for round_number in range(ROUNDS):
                handler_rate = run(lambda t, n, r=round_number: via_handler(t, 1000 * (r + 1) + n))
                raw_rate = run(lambda t, n, r=round_number: raw(t, 1000 * (r + 1) + n))
                rounds.append((handler_rate / raw_rate, handler_rate, raw_rate))
            ratio, handler_rate, raw_rate = sorted(rounds)[ROUNDS // 2]
    finally:
        launcher.stop()

    print(f"orders through the HTTP handler: {handler_rate:.1f}/s ({THREADS} customers in parallel, "
          f"{ORDERS_PER_THREAD} orders each)")
    print(f"raw TransactWriteItems, same 3 items: {raw_rate:.1f}/s")
    print(f"throughput ratio: {ratio:.3f} (median of {ROUNDS} alternating rounds: "
          f"{', '.join(f'{r[0]:.3f}' for r in rounds)}; target >= 0.7)")
    print(f"write units per order: {units_per_order:.2f} (ideal {IDEAL_UNITS}; "
          f"ratio {units_per_order / IDEAL_UNITS:.2f}, target <= 1.5)")
    print(json.dumps({"throughput_ratio": round(ratio, 3), "write_units_per_order": round(units_per_order, 2),
                      "handler_orders_per_second": round(handler_rate, 1),
                      "raw_orders_per_second": round(raw_rate, 1)}))


def _proxy_event(method: str, path: str, headers: dict[str, str], body: str) -> dict[str, Any]:
    return {
        "resource": path, "path": path, "httpMethod": method, "headers": headers,
        "multiValueHeaders": {k: [v] for k, v in headers.items()}, "queryStringParameters": None,
        "multiValueQueryStringParameters": None, "pathParameters": None, "stageVariables": None,
        "requestContext": {"resourcePath": path, "httpMethod": method, "path": path, "stage": "api",
                           "requestId": secrets.token_hex(8), "identity": {"sourceIp": "127.0.0.1"}},
        "body": body, "isBase64Encoded": False,
    }


def _customer_session(client: Any, index: int) -> dict[str, str]:
    """A customer with a large balance, signed in; returns the headers its requests send."""
    from chalicelib.domain.ledger import EntryKind
    from chalicelib.services import accounts, ledger

    email = f"bench-{index}-{secrets.token_hex(4)}@example.com"
    user = accounts.register(f"bench{index}{secrets.token_hex(3)}", email, "a-good-password", True)
    ledger.move(user.user_id, Decimal("100000"), EntryKind.TOP_UP, "topup#bench", "bench")
    login = client.http.post("/api/auth/login", headers={"Content-Type": "application/json"},
                             body=json.dumps({"email": email, "password": "a-good-password"}))
    cookie = {k.lower(): v for k, v in login.headers.items()}["set-cookie"].split(";")[0]
    return {"Content-Type": "application/json", "Cookie": cookie, "X-CSRF-Token": json.loads(login.body)["csrf_token"]}


if __name__ == "__main__":
    main()
