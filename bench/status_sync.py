"""Upstream traffic of the dispatcher and status sync, against the provider simulator:

1. provider calls per 1,000 open orders in one status-sync cycle (panels that poll each
   order make 1,000; target: 10 per provider or fewer);
2. the time to dispatch one SQS batch of 10 orders with 200 ms of simulated provider latency,
   as a ratio to one provider round trip measured in the same run (target: 1.5 or less).

Last line: {"calls_per_1000_orders": ..., "dispatch_batch_ratio": ...}.
"""

from __future__ import annotations

import json
import secrets
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from devstack.stack import TEST

TEST.apply_environment()

OPEN_ORDERS = 1000
BATCH = 10
LATENCY_MS = 200


def main() -> None:
    from chalicelib.adapters import provider_api
    from chalicelib.domain.ledger import EntryKind
    from chalicelib.jobs import dispatch as dispatch_job
    from chalicelib.services import accounts, catalog, ledger, orders, status_sync
    from chalicelib.settings import get_settings
    from chalicelib.store import catalog as catalog_store
    from chalicelib.store import dynamo
    from devstack import worker
    from devstack.handlers import LocalContext, load_app
    from devstack.launcher import Launcher
    from devstack.provider_sim import API_KEY
    from devstack.provision import ensure_all
    from devstack.seed import import_named

    sim = f"http://127.0.0.1:{TEST.provider_port}"
    launcher = Launcher(TEST, quiet=True)
    launcher.start_backing_services()
    try:
        import os

        os.environ["PANEL_TABLE_NAME"] = f"bench-sync-{secrets.token_hex(3)}"
        get_settings.cache_clear()
        dynamo.ensure_table(get_settings().table_name)
        ensure_all(load_app())
        worker.drain()
        requests.post(f"{sim}/_sim/config", json={"reset": True, "global": {"duration_seconds": 3600}}, timeout=5)
        provider = catalog.add_provider("Sim", f"{sim}/api/v2", API_KEY)
        import_named(provider.provider_id)
        service = next(s for s in catalog_store.services() if s.provider_service == "102")

        # 1. One sync cycle over 1,000 open orders.
        buyers = []
        for n in range(4):
            email = f"sync-{n}-{secrets.token_hex(3)}@example.com"
            user = accounts.register(f"sync{n}{secrets.token_hex(3)}", email, "a-good-password", True)
            ledger.move(user.user_id, Decimal("1000"), EntryKind.TOP_UP, "topup#bench", "bench")
            buyers.append(user.user_id)

        def place(n: int) -> None:
            orders.place(buyers[n % 4], service.service_id, {"link": f"https://x.com/p/{n}", "quantity": 100})

        with ThreadPoolExecutor(max_workers=4) as pool:
            list(pool.map(place, range(OPEN_ORDERS)))
        while worker.drain(max_batches=200):
            pass
        before = requests.get(f"{sim}/_sim/calls", timeout=5).json().get("total", 0)
        counts = status_sync.sync_provider(provider)
        sync_calls = requests.get(f"{sim}/_sim/calls", timeout=5).json()["total"] - before
        assert counts["polled"] == OPEN_ORDERS, counts
        calls_per_1000 = sync_calls * 1000 / OPEN_ORDERS

        # 2. A batch of 10 dispatched with 200 ms of provider latency, versus one round trip.
        requests.post(f"{sim}/_sim/config", json={"global": {"latency_ms": LATENCY_MS}}, timeout=5)
        api_key = API_KEY
        round_trips = []
        for _ in range(5):
            started = time.perf_counter()
            provider_api.balance(provider.api_url, api_key)
            round_trips.append(time.perf_counter() - started)
        one_round_trip = statistics.median(round_trips)
        batch_times = []
        for _ in range(3):
            placed = [orders.place(buyers[0], service.service_id, {"link": f"https://x.com/b/{n}", "quantity": 100})
                      for n in range(BATCH)]
            worker.drain()  # nothing: the queued copies are consumed here to keep the queue clean
            for order in placed:  # back to pending so this batch does the sending
                from dataclasses import replace

                from chalicelib.domain.orders import OrderStatus
                from chalicelib.store import orders as order_store

                current = order_store.get(order.order_id)
                order_store.transition(current.status, replace(current, status=OrderStatus.PENDING,
                                                               provider_order=None))
            event = {"Records": [{"messageId": f"m{o.order_id}", "receiptHandle": "r", "body": json.dumps(
                {"order_id": o.order_id}), "attributes": {}, "messageAttributes": {}, "md5OfBody": "",
                "eventSource": "aws:sqs", "eventSourceARN": "arn:aws:sqs:local:0:q", "awsRegion": "local"}
                for o in placed]}
            started = time.perf_counter()
            result = dispatch_job.handle(event, LocalContext("order_dispatcher"))
            batch_times.append(time.perf_counter() - started)
            assert result == {"batchItemFailures": []}, result
        batch_ratio = statistics.median(batch_times) / one_round_trip
    finally:
        launcher.stop()

    print(f"status sync: {sync_calls} provider calls for {OPEN_ORDERS} open orders "
          f"({calls_per_1000:.0f} per 1,000; per-order polling makes 1,000; target <= 10 per provider)")
    print(f"dispatch of {BATCH} orders with {LATENCY_MS} ms provider latency: "
          f"{statistics.median(batch_times) * 1000:.0f} ms vs one round trip {one_round_trip * 1000:.0f} ms "
          f"(ratio {batch_ratio:.2f}, target <= 1.5)")
    print(json.dumps({"calls_per_1000_orders": round(calls_per_1000, 1),
                      "dispatch_batch_ratio": round(batch_ratio, 2)}))


if __name__ == "__main__":
    main()
