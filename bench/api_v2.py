"""Throughput of `add` through the reseller API (POST /api/v2, form-encoded, API key) as a
ratio to placing the same orders through the site's order endpoint (POST /api/orders,
session cookie and CSRF token), both as the API Gateway proxy events Lambda receives, on
DynamoDB Local, in the same run, with the same number of parallel customers.

Last line: {"api_v2_add_ratio": ...}.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from devstack.stack import TEST

TEST.apply_environment()
# The bench measures throughput, not the limiter: let its keys go as fast as they can.
__import__("os").environ["PANEL_API_DEFAULT_RPS"] = "100000"

from order_placement import _customer_session, _proxy_event  # noqa: E402

CUSTOMERS = 4
ORDERS_EACH = 50
ROUNDS = 5


def run(work: Any) -> float:
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=CUSTOMERS) as pool:
        list(pool.map(lambda t: [work(t, n) for n in range(ORDERS_EACH)], range(CUSTOMERS)))
    return CUSTOMERS * ORDERS_EACH / (time.perf_counter() - started)


def main() -> None:
    from chalice.test import Client

    from app import app
    from chalicelib.domain.catalog import ServiceType
    from chalicelib.services import api_keys
    from devstack.handlers import LocalContext, load_app
    from devstack.launcher import Launcher
    from devstack.provision import ensure_all
    from tests.integration.helpers import service

    launcher = Launcher(TEST, quiet=True)
    launcher.start_backing_services(with_stripe=False)
    try:
        ensure_all(load_app())
        svc = service(ServiceType.DEFAULT, provider_rate="0.01")
        context = LocalContext("api_handler")
        with Client(app, stage_name="test") as client:
            sessions = [_customer_session(client, t) for t in range(CUSTOMERS)]
        keys = []
        for headers in sessions:
            user_id = headers["Cookie"].split("=", 1)[1].split(".", 1)[0]
            keys.append(api_keys.create(user_id, "bench")[0])

        def via_site(t: int, n: int) -> None:
            body = json.dumps({"service": svc.service_id, "link": f"https://x.com/s/{t}/{n}", "quantity": 100})
            response = app(_proxy_event("POST", "/api/orders", sessions[t], body), context)
            assert response["statusCode"] == 201, response["body"]

        form_headers = {"Content-Type": "application/x-www-form-urlencoded"}

        def via_api(t: int, n: int) -> None:
            body = urlencode({"key": keys[t], "action": "add", "service": svc.service_id,
                              "link": f"https://x.com/a/{t}/{n}", "quantity": 100})
            response = app(_proxy_event("POST", "/api/v2", form_headers, body), context)
            answer = json.loads(response["body"])
            assert "order" in answer, answer

        via_site(0, -1)
        via_api(0, -1)
        ratios, api_rates, site_rates = [], [], []
        for _ in range(ROUNDS):
            site_rate = run(via_site)
            api_rate = run(via_api)
            ratios.append(api_rate / site_rate)
            api_rates.append(api_rate)
            site_rates.append(site_rate)
    finally:
        launcher.stop()
    ratio = statistics.median(ratios)
    print(f"add through /api/v2: {statistics.median(api_rates):.1f} orders/s; site endpoint: "
          f"{statistics.median(site_rates):.1f} orders/s ({CUSTOMERS} customers, {ORDERS_EACH} orders each, "
          f"median of {ROUNDS} alternating rounds: {', '.join(f'{r:.2f}' for r in ratios)})")
    print(f"ratio: {ratio:.3f} (target >= 0.9)")
    print(json.dumps({"api_v2_add_ratio": round(ratio, 3)}))


if __name__ == "__main__":
    main()
