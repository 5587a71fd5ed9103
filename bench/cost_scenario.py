"""The scenario the cost model measures, and how its requests reach the app as Lambda
invocations: API Gateway's proxy events through Chalice's local gateway, each attributed to
its route group's function (infra/layout.py), the SQS workers and the pipe counted on the way.

Sizes are named constants here; bench/cost_model.py runs it, scales and prices what it used.
"""

from __future__ import annotations

import gzip
import json
import secrets
from collections.abc import Callable
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlencode

from cost_meter import Meter
from cost_prices import PIPES_CHUNK_BYTES, chunked_requests

from devstack.stack import FRONTEND_DIST

# The scenario (bounded: 4 x 3 x 3 site orders and 2 x 18 reseller orders).
SITE_CUSTOMERS = 4
SESSIONS_PER_CUSTOMER = 3
ORDERS_PER_SESSION = 3
RESELLERS = 2
API_ORDERS_PER_RESELLER = 18
CUSTOMER_TOP_UP = "60.00"           # one card top-up per customer, on the first visit
RESELLER_TOP_UP = "150.00"
RESELLER_STATUS_ROUNDS = 2          # batched `orders=` status calls while open, plus one at the end
DELIVERY_SECONDS = 60               # the simulator ends each order this long after it was sent
IN_PROGRESS_AFTER = 0.2             # ... and reports it In progress after this share of that time
STEADY_CYCLES = 3                   # sync cycles averaged for the cost of one poll of an open order
MAX_SETTLE_CYCLES = 6
EDGE_HEADER_BYTES = 400             # response headers CloudFront sends per API answer
PAGE_ASSETS = ("index.html", "app.js", "app.css", "styles.css")  # one full site load per session


class MeteredApi:
    """API Gateway in front of the app: each request is one invocation of its group's function."""

    def __init__(self, app: Any, meter: Meter) -> None:
        from chalice.config import Config
        from chalice.local import LocalGateway

        from infra.layout import API_TIMEOUT_SECONDS

        self.app, self.meter = app, meter
        config = Config.create(chalice_stage="test", lambda_timeout=API_TIMEOUT_SECONDS)
        self.gateway = LocalGateway(self, config)  # type: ignore[arg-type]

    def __getattr__(self, name: str) -> Any:  # what LocalGateway reads of the app: routes, api
        return getattr(self.app, name)

    def __call__(self, event: dict[str, Any], lambda_context: Any) -> dict[str, Any]:
        from infra.layout import function_name, group_of_module

        context = event["requestContext"]
        route = self.app.routes[context["resourcePath"]][context["httpMethod"]]
        group = group_of_module(route.view_function.__module__)
        with invoke(self.meter, function_name("prod", group.name), group.memory_mb):
            response: dict[str, Any] = self.app(event, lambda_context)
        usage = self.meter.usage
        usage.api_requests[group.name] = usage.api_requests.get(group.name, 0) + 1
        usage.cloudfront_requests += 1
        usage.cloudfront_bytes_out += len(str(response.get("body") or "").encode()) + EDGE_HEADER_BYTES
        return response

    def call(self, method: str, path: str, headers: dict[str, str], body: str = "") -> tuple[int, Any]:
        answer = self.gateway.handle_request(method=method, path=path, headers=headers, body=body.encode())
        text = answer.get("body") or b""
        text = text.decode() if isinstance(text, bytes) else text
        try:
            return int(answer["statusCode"]), json.loads(text)
        except ValueError:
            return int(answer["statusCode"]), text


def invoke(meter: Meter, function: str, memory_mb: int) -> Any:
    """One invocation, with the secrets a cold container would fetch counted: the cache is
    emptied first, so each invocation shows what its function reads at start."""
    from chalicelib.adapters import secret_store

    @contextmanager
    def scope() -> Any:
        secret_store.forget()
        fetches = 0

        def count(**_: Any) -> None:
            nonlocal fetches
            fetches += 1

        events = secret_store._client().meta.events
        events.register("before-call.secrets-manager.GetSecretValue", count)
        try:
            with meter.invocation(function, memory_mb) as current:
                yield current
                current.secret_fetches = fetches
        finally:
            events.unregister("before-call.secrets-manager.GetSecretValue", count)

    return scope()


def page_load_bytes() -> int:
    """What one full site load sends from CloudFront, compressed as CloudFront serves it."""
    missing = [name for name in PAGE_ASSETS if not (FRONTEND_DIST / name).exists()]
    if missing:
        raise SystemExit(f"frontend/dist lacks {missing}: build the frontend first (make run builds it)")
    return sum(len(gzip.compress((FRONTEND_DIST / name).read_bytes())) + EDGE_HEADER_BYTES for name in PAGE_ASSETS)

class Scenario:
    def __init__(self, meter: Meter) -> None:
        from devstack.handlers import load_app

        self.meter = meter
        self.app = load_app()
        self.api = MeteredApi(self.app, meter)
        self.page_bytes = page_load_bytes()
        self.orders: dict[str, list[int]] = {}  # customer or reseller key -> order ids
        self.sync_cycles = 0

    # -- set-up (not metered: staff work done once, and top-ups, which this run does not measure)

    def prepare(self, sim: str) -> None:
        import requests

        from chalicelib.services import catalog
        from chalicelib.store import catalog as catalog_store
        from devstack.provider_sim import API_KEY
        from devstack.seed import import_named

        requests.post(f"{sim}/_sim/config", timeout=5, json={
            "reset": True, "global": {"duration_seconds": DELIVERY_SECONDS},
            "services": {"102": {"outcome": "partial", "partial_remains": 30},
                         "106": {"outcome": "canceled"}}})
        provider = catalog.add_provider("Sim", f"{sim}/api/v2", API_KEY)
        import_named(provider.provider_id)
        by_upstream = {s.provider_service: s.service_id for s in catalog_store.services()}
        n = 0

        def link() -> str:
            nonlocal n
            n += 1
            return f"https://instagram.com/p/cost{n}"

        # The mix of types a panel sells: follower and like orders, custom comments, a package, a poll.
        self.order_kinds: list[Callable[[], dict[str, Any]]] = [
            lambda: {"service": by_upstream["101"], "link": link(), "quantity": 500},
            lambda: {"service": by_upstream["102"], "link": link(), "quantity": 1000},
            lambda: {"service": by_upstream["103"], "link": link(), "comments": "great\nnice shot\nwow\nlove it\n+1"},
            lambda: {"service": by_upstream["104"], "link": link()},
            lambda: {"service": by_upstream["106"], "link": link(), "quantity": 200, "answer_number": 2},
        ]
        self.kind = 0

    def next_order(self) -> dict[str, Any]:
        body = self.order_kinds[self.kind % len(self.order_kinds)]()
        self.kind += 1
        return body

    # -- the customer's site -------------------------------------------------------------------

    def page_load(self) -> None:
        usage = self.meter.usage
        usage.cloudfront_requests += len(PAGE_ASSETS)
        usage.cloudfront_function_invocations += len(PAGE_ASSETS)  # the SPA fallback, site behaviour only
        usage.cloudfront_bytes_out += self.page_bytes

    def sign_up(self, index: int) -> str:
        email = f"cost-{index}-{secrets.token_hex(4)}@example.com"
        self.page_load()
        status, body = self.api.call("POST", "/api/auth/register", {"Content-Type": "application/json"}, json.dumps(
            {"username": f"cost{index}{secrets.token_hex(3)}", "email": email, "password": "a-good-password",
             "adult": True}))
        assert status == 201, body
        return email

    def top_up(self, session: dict[str, str], amount: str) -> None:
        """The add-funds page: a card payment through Stripe (localstripe), then Stripe's signed
        webhook, then the list of top-ups."""
        from tests.support import stripe

        status, body = self.api.call("GET", "/api/payments/config", session)
        assert status == 200, body
        pay = {**session, "Idempotency-Key": secrets.token_hex(8)}
        status, body = self.api.call("POST", "/api/payments/top-ups", pay,
                                     json.dumps({"amount": amount, "payment_method": stripe.card()}))
        assert status in (200, 201), body
        intent = stripe.stripe_get(f"payment_intents/{body['top_up']['transaction_id']}")
        raw, signature = stripe.signed(stripe.event("payment_intent.succeeded", intent))
        delivered = self.api.gateway.handle_request(
            method="POST", path="/api/payments/webhook", body=raw,
            headers={"Content-Type": "application/json", "Stripe-Signature": signature})
        assert delivered["statusCode"] == 200, delivered
        status, body = self.api.call("GET", "/api/payments/top-ups", session)
        assert status == 200 and body["top_ups"][0]["status"] == "succeeded", body

    def api_key(self, email: str) -> str:
        """A reseller signs in once, adds funds and creates the key their child panel uses."""
        session = self.session(email)
        self.top_up(session, RESELLER_TOP_UP)
        status, body = self.api.call("POST", "/api/me/api-keys", session, json.dumps({"label": "panel"}))
        assert status == 201, body
        return str(body["key"])

    def session(self, email: str) -> dict[str, str]:
        self.page_load()
        login = self.api.gateway.handle_request(
            method="POST", path="/api/auth/login", headers={"Content-Type": "application/json"},
            body=json.dumps({"email": email, "password": "a-good-password"}).encode())
        assert login["statusCode"] == 200, login
        headers = {k.lower(): v for k, v in login["headers"].items()}
        cookie = headers["set-cookie"].split(";")[0]
        session = {"Content-Type": "application/json", "Cookie": cookie,
                   "X-CSRF-Token": json.loads(login["body"])["csrf_token"]}
        for path in ("/api/me", "/api/services", "/api/balance"):
            status, body = self.api.call("GET", path, session)
            assert status == 200, (path, body)
        return session

    def shop(self, email: str, session: dict[str, str]) -> None:
        for _ in range(ORDERS_PER_SESSION):
            status, body = self.api.call("POST", "/api/orders", session, json.dumps(self.next_order()))
            assert status == 201, body
            order_id = body["order"]["id"]
            self.orders.setdefault(email, []).append(order_id)
            status, body = self.api.call("GET", f"/api/orders/{order_id}", session)
            assert status == 200, body
        status, body = self.api.call("GET", "/api/orders", session)
        assert status == 200, body

    def review(self, email: str, session: dict[str, str]) -> None:
        """The customer comes back to see how the orders ended."""
        status, body = self.api.call("GET", "/api/orders", session)
        assert status == 200, body
        for order_id in self.orders[email][:2]:
            status, body = self.api.call("GET", f"/api/orders/{order_id}", session)
            assert status == 200, body
        status, body = self.api.call("GET", "/api/balance", session)
        assert status == 200, body

    # -- resellers' tools ----------------------------------------------------------------------

    def reseller_call(self, key: str, **params: Any) -> Any:
        status, body = self.api.call("POST", "/api/v2", {"Content-Type": "application/x-www-form-urlencoded"},
                                     urlencode({"key": key, **params}))
        assert status == 200 and "error" not in body, body
        return body

    def reseller(self, key: str) -> None:
        self.reseller_call(key, action="services")
        self.reseller_call(key, action="balance")
        for _ in range(API_ORDERS_PER_RESELLER):
            answer = self.reseller_call(key, action="add", **self.next_order())
            self.orders.setdefault(key, []).append(int(answer["order"]))

    def reseller_status(self, key: str) -> None:
        ids = self.orders[key]
        for start in range(0, len(ids), 100):
            self.reseller_call(key, action="status", orders=",".join(map(str, ids[start:start + 100])))

    # -- the back end ----------------------------------------------------------------------------

    def drain_queues(self) -> None:
        from devstack import worker

        for _ in range(20):
            if not worker.drain(max_batches=50):
                return

    def sync(self) -> dict[str, Any]:
        from devstack.handlers import run_scheduled, scheduled_handlers
        from infra.layout import JOB_MEMORY_MB, function_name

        handler = next(h for h in scheduled_handlers(self.app) if h.name == "sync_statuses")
        self.sync_cycles += 1
        with invoke(self.meter, function_name("prod", handler.name), JOB_MEMORY_MB):
            result: dict[str, Any] = run_scheduled(handler)
        return result


def meter_queue_workers(meter: Meter) -> None:
    """The SQS workers run as their own functions; Lambda's poller receives and deletes each
    batch (2 SQS requests). The local pipe's sends are the pipe's events and SQS sends."""
    import app as app_module
    from chalicelib.jobs import dispatch
    from devstack.pipe import StreamPipe
    from infra.layout import WORKER_MEMORY_MB, function_name

    for name in WORKER_MEMORY_MB:
        handler = getattr(app_module, name)

        def metered(event: Any, context: Any, handler: Any = handler, name: str = name) -> Any:
            meter.usage.sqs_requests += 2
            with invoke(meter, function_name("prod", name), WORKER_MEMORY_MB[name]):
                return handler(event, context)

        setattr(app_module, name, metered)
    assert dispatch  # imported so the handler's module is loaded before the first batch

    original_send = StreamPipe._send

    def counted_send(self: StreamPipe, queue_name: str, messages: list[dict[str, Any]]) -> None:
        for message in messages:
            size = len(json.dumps(message).encode())
            meter.usage.pipe_requests += chunked_requests(size, PIPES_CHUNK_BYTES)
            meter.usage.sqs_requests += chunked_requests(size)  # the pipe's SendMessage to the queue
        original_send(self, queue_name, messages)

    StreamPipe._send = counted_send


def meter_mail(meter: Meter) -> None:
    from chalicelib.adapters import mail

    original = mail.send

    def counted(to: str, subject: str, text: str) -> None:
        meter.usage.mails += 1
        original(to, subject, text)

    mail.send = counted
