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
import os
import secrets
import threading
from decimal import Decimal
from typing import Any

from harness import order_bench, parallel_rate

ORDERS_PER_THREAD = 50
ROUNDS = 5  # handler and raw alternate; the median of the rounds' ratios is reported
THREADS = int(os.environ.get("BENCH_THREADS", "4"))  # each thread is its own customer, as on a busy panel
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


def main() -> None:
    from chalicelib.store import dynamo, keys

    with order_bench(THREADS) as bench:
        bench.site_order(0, -1)  # warm: imports, caches, connections
        probe = json.loads(bench.site_order(0, -2)["body"])
        meter = WriteMeter(dynamo.client(), dynamo.table_name())
        parallel_rate(THREADS, ORDERS_PER_THREAD, bench.site_order)
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
        for r in range(ROUNDS):
            offset = 1000 * (r + 1)  # fresh links and ids each round
            handler_rate = parallel_rate(THREADS, ORDERS_PER_THREAD,
                                         lambda t, n, o=offset: bench.site_order(t, o + n))
            raw_rate = parallel_rate(THREADS, ORDERS_PER_THREAD, lambda t, n, o=offset: raw(t, o + n))
            rounds.append((handler_rate / raw_rate, handler_rate, raw_rate))
        ratio, handler_rate, raw_rate = sorted(rounds)[ROUNDS // 2]

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


if __name__ == "__main__":
    main()
