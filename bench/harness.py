"""What the order benchmarks share: the test stack's backing services, signed-in customers
with large balances, API Gateway proxy events, and a parallel throughput run."""

from __future__ import annotations

import json
import secrets
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from devstack.stack import TEST

TEST.apply_environment()


def proxy_event(method: str, path: str, headers: dict[str, str], body: str) -> dict[str, Any]:
    """Exactly what API Gateway hands the Lambda function."""
    return {
        "resource": path, "path": path, "httpMethod": method, "headers": headers,
        "multiValueHeaders": {k: [v] for k, v in headers.items()}, "queryStringParameters": None,
        "multiValueQueryStringParameters": None, "pathParameters": None, "stageVariables": None,
        "requestContext": {"resourcePath": path, "httpMethod": method, "path": path, "stage": "api",
                           "requestId": secrets.token_hex(8), "identity": {"sourceIp": "127.0.0.1"}},
        "body": body, "isBase64Encoded": False,
    }


def parallel_rate(customers: int, each: int, work: Callable[[int, int], None]) -> float:
    """Orders per second with one thread per customer, customer t placing `each` orders."""
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=customers) as pool:
        list(pool.map(lambda t: [work(t, n) for n in range(each)], range(customers)))
    return customers * each / (time.perf_counter() - started)


@dataclass
class Bench:
    app: Any
    context: Any
    service_id: int
    sessions: list[dict[str, str]]  # the headers each signed-in customer's requests send
    user_ids: list[str]

    def site_order(self, t: int, n: int) -> dict[str, Any]:
        body = json.dumps({"service": self.service_id, "link": f"https://x.com/s/{t}/{n}", "quantity": 100})
        response: dict[str, Any] = self.app(proxy_event("POST", "/api/orders", self.sessions[t], body), self.context)
        assert response["statusCode"] == 201, response["body"]
        return response


@contextmanager
def order_bench(customers: int) -> Iterator[Bench]:
    """The test stack's backing services with a cheap service and signed-in rich customers."""
    from chalice.test import Client

    from app import app
    from chalicelib.domain.catalog import ServiceType
    from chalicelib.domain.ledger import EntryKind
    from chalicelib.services import accounts, ledger
    from devstack.handlers import LocalContext, load_app
    from devstack.launcher import Launcher
    from devstack.provision import ensure_all
    from tests.support.catalog import service

    launcher = Launcher(TEST, quiet=True)
    launcher.start_backing_services()
    try:
        ensure_all(load_app())
        svc = service(ServiceType.DEFAULT, provider_rate="0.01")
        sessions, user_ids = [], []
        with Client(app, stage_name="test") as client:
            for index in range(customers):
                email = f"bench-{index}-{secrets.token_hex(4)}@example.com"
                user = accounts.register(f"bench{index}{secrets.token_hex(3)}", email, "a-good-password", True)
                ledger.move(user.user_id, Decimal("100000"), EntryKind.TOP_UP, "topup#bench", "bench")
                login = client.http.post("/api/auth/login", headers={"Content-Type": "application/json"},
                                         body=json.dumps({"email": email, "password": "a-good-password"}))
                cookie = {k.lower(): v for k, v in login.headers.items()}["set-cookie"].split(";")[0]
                sessions.append({"Content-Type": "application/json", "Cookie": cookie,
                                 "X-CSRF-Token": json.loads(login.body)["csrf_token"]})
                user_ids.append(user.user_id)
        yield Bench(app, LocalContext("api_handler"), svc.service_id, sessions, user_ids)
    finally:
        launcher.stop()
