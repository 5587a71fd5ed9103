"""Throughput of `add` through the reseller API (POST /api/v2, form-encoded, API key) as a
ratio to placing the same orders through the site's order endpoint (POST /api/orders,
session cookie and CSRF token), both as the API Gateway proxy events Lambda receives, on
DynamoDB Local, in the same run, with the same number of parallel customers.

Last line: {"api_v2_add_ratio": ...}.
"""

from __future__ import annotations

import json
import os
import statistics
from urllib.parse import urlencode

from harness import order_bench, parallel_rate, proxy_event

# The bench measures throughput, not the limiter: let its keys go as fast as they can.
os.environ["PANEL_API_DEFAULT_RPS"] = "100000"

CUSTOMERS = 4
ORDERS_EACH = 50
ROUNDS = 5


def main() -> None:
    from chalicelib.services import api_keys

    with order_bench(CUSTOMERS) as bench:
        keys = [api_keys.create(user_id, "bench")[0] for user_id in bench.user_ids]
        form = {"Content-Type": "application/x-www-form-urlencoded"}

        def via_api(t: int, n: int) -> None:
            body = urlencode({"key": keys[t], "action": "add", "service": bench.service_id,
                              "link": f"https://x.com/a/{t}/{n}", "quantity": 100})
            answer = json.loads(bench.app(proxy_event("POST", "/api/v2", form, body), bench.context)["body"])
            assert "order" in answer, answer

        bench.site_order(0, -1)
        via_api(0, -1)
        ratios, api_rates, site_rates = [], [], []
        for r in range(ROUNDS):
            site_rate = parallel_rate(CUSTOMERS, ORDERS_EACH, lambda t, n, r=r: bench.site_order(t, 1000 * r + n))
            api_rate = parallel_rate(CUSTOMERS, ORDERS_EACH, lambda t, n, r=r: via_api(t, 1000 * r + n))
            ratios.append(api_rate / site_rate)
            api_rates.append(api_rate)
            site_rates.append(site_rate)
    ratio = statistics.median(ratios)
    print(f"add through /api/v2: {statistics.median(api_rates):.1f} orders/s; site endpoint: "
          f"{statistics.median(site_rates):.1f} orders/s ({CUSTOMERS} customers, {ORDERS_EACH} orders each, "
          f"median of {ROUNDS} alternating rounds: {', '.join(f'{r:.2f}' for r in ratios)})")
    print(f"ratio: {ratio:.3f} (target >= 0.9)")
    print(json.dumps({"api_v2_add_ratio": round(ratio, 3)}))


if __name__ == "__main__":
    main()
