"""Upstream provider simulator: an API v2 server on loopback, the demo provider of
`make run` and the provider of the tests. It counts every call it receives
(GET /_sim/calls) so tests can assert how often it was called.

It speaks all of API v2 (services, add, status single and multi, refill and multi refill,
refill_status single and multi, cancel, balance) and can be told, globally or per service,
to be slow, time out after doing the work, answer HTTP 500 or 429, send broken JSON, refuse
for lack of funds or a bad link, or speak another dialect (POST /_sim/config).

Hostile answers, for the tests that prove a provider cannot harm us: `values` makes the
numbers of its answers (rates, min/max, remains, start_count, charge, balance, order ids)
come back as NaN, Infinity, 1e30, negative or a word; `pad_bytes` pads every answer with
that much whitespace. A second (third...) provider is the same simulator under another
path: `/<tenant>/api/v2` behaves as `{"tenants": {"<tenant>": {...}}}` says, on top of the
global behaviour, so one provider can turn hostile while another behaves.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from aiohttp import web

from devstack import telegram_sim

API_KEY = "simulator-key-0001"

CATALOG: list[dict[str, Any]] = [
    {"service": 101, "name": "Instagram Followers [HQ]", "type": "Default", "category": "Instagram",
     "rate": "0.90", "min": "50", "max": "10000", "refill": True, "cancel": True, "dripfeed": True},
    {"service": 102, "name": "Instagram Likes", "type": "Default", "category": "Instagram",
     "rate": "0.12", "min": "10", "max": "50000", "refill": False, "cancel": True, "dripfeed": True},
    {"service": 103, "name": "Instagram Custom Comments", "type": "Custom Comments", "category": "Instagram",
     "rate": "12.00", "min": "5", "max": "500", "refill": False, "cancel": False, "dripfeed": False},
    {"service": 104, "name": "YouTube Views Package 10K", "type": "Package", "category": "YouTube",
     "rate": "7.50", "min": "1", "max": "1", "refill": False, "cancel": False, "dripfeed": False},
    {"service": 105, "name": "Instagram Mentions", "type": "Mentions", "category": "Instagram",
     "rate": "3.10", "min": "100", "max": "5000", "refill": False, "cancel": False, "dripfeed": False},
    {"service": 106, "name": "Twitter Poll Votes", "type": "Poll", "category": "Twitter",
     "rate": "1.40", "min": "100", "max": "20000", "refill": False, "cancel": True, "dripfeed": False},
    {"service": 107, "name": "Instagram Auto Likes", "type": "Subscriptions", "category": "Instagram",
     "rate": "0.15", "min": "50", "max": "5000", "refill": False, "cancel": False, "dripfeed": False},
    {"service": "108", "name": "TikTok Comment Replies", "type": "Comment Replies", "category": "TikTok",
     "rate": 9, "min": 5, "max": 200, "refill": "0", "cancel": "1", "dripfeed": "0"},
]


@dataclass
class SimOrder:
    order_id: int
    service: str
    link: str
    quantity: int
    created: float
    behaviour: dict[str, Any]
    canceled: bool = False
    params: dict[str, str] = field(default_factory=dict)


DEFAULTS: dict[str, Any] = {
    "latency_ms": 0,          # added to every answer
    "fault": None,            # timeout | http500 | malformed | no_funds | refuse | rate_limit
    "hang_seconds": 30,       # how long "timeout" keeps the caller waiting (after doing the work)
    "dialect": "standard",    # or "strings": numbers and ids as strings, "Cancelled"
    "duration_seconds": 60,   # from placement to the final status
    "outcome": "completed",   # or "partial" (with partial_remains), "canceled" or "expired" (subscriptions)
    "partial_remains": 0,
    "omit_remains": False,    # final answers without `remains`, as some panels send
    "progress": {},           # extra fields of the final answer: {"runs": 3} (drip-feed), {"posts": 2}
    "values": None,           # nan | infinity | huge | negative | string: hostile numbers in answers
    "pad_bytes": 0,           # whitespace appended to every answer (a huge body)
}

HOSTILE_VALUES: dict[str, Any] = {"nan": float("nan"), "infinity": float("inf"), "huge": 1e30, "negative": -5,
                                  "string": "a lot"}


class Simulator:
    """An upstream panel: orders move Pending -> In progress -> final over `duration_seconds`."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.catalog = [dict(entry) for entry in CATALOG]
        self.balance = "1250.40"
        self.calls: Counter[str] = Counter()
        self.global_config: dict[str, Any] = dict(DEFAULTS)
        self.service_config: dict[str, dict[str, Any]] = {}
        self.tenant_config: dict[str, dict[str, Any]] = {}
        self.orders: dict[int, SimOrder] = {}
        self.refills: dict[int, tuple[int, float]] = {}
        self.next_id = 7_000_001

    def behaviour(self, service: str | None, tenant: str | None = None) -> dict[str, Any]:
        return {**self.global_config, **(self.tenant_config.get(tenant, {}) if tenant else {}),
                **(self.service_config.get(str(service), {}) if service else {})}

    # --- the API ------------------------------------------------------------------------

    async def api(self, request: web.Request) -> web.StreamResponse:
        form = {k: str(v) for k, v in (await request.post()).items()} if request.method == "POST" \
            else dict(request.query)
        action = form.get("action", "")
        tenant = request.match_info.get("tenant")
        self.calls[action] += 1
        self.calls["total"] += 1
        if tenant:
            self.calls[f"{tenant}:{action}"] += 1
        service = form.get("service") or self._service_of(form)
        conduct = self.behaviour(service, tenant)
        if conduct["latency_ms"]:
            await asyncio.sleep(conduct["latency_ms"] / 1000)
        if form.get("key") != API_KEY:
            return web.json_response({"error": "Invalid API key"})
        fault = conduct["fault"] if action not in ("services", "balance") or not service else None
        if fault == "http500":
            return web.Response(status=500, text="Internal Server Error")
        if fault == "rate_limit":
            return web.Response(status=429, text="Too Many Requests")
        if fault == "malformed":
            return web.Response(status=200, text="<html>Service temporarily unavailable", content_type="text/html")
        if fault == "no_funds" and action == "add":
            return web.json_response({"error": "Not enough funds on balance"})
        if fault == "refuse" and action == "add":
            return web.json_response({"error": "Incorrect link"})
        answer = self.poison(action, form, self.handle(action, form, conduct), conduct, tenant)
        if fault == "timeout":
            await asyncio.sleep(conduct["hang_seconds"])  # the work is done; the answer never arrives in time
        # json.dumps writes NaN and Infinity as the bare words many JSON writers emit.
        text = json.dumps(answer)
        if not conduct["pad_bytes"]:
            return web.Response(text=text, content_type="application/json")
        # Padded answers are chunked, with no Content-Length: the caller learns the size only by reading.
        streamed = web.StreamResponse(headers={"Content-Type": "application/json"})
        streamed.enable_chunked_encoding()
        await streamed.prepare(request)
        await streamed.write(text.encode())
        left = int(conduct["pad_bytes"])
        try:
            while left > 0:
                await streamed.write(b" " * min(left, 256 * 1024))
                left -= 256 * 1024
            await streamed.write_eof()
        except (ConnectionResetError, RuntimeError):
            pass  # the caller hung up, as it should on a body this large
        return streamed

    def poison(self, action: str, form: dict[str, str], answer: Any, conduct: dict[str, Any],
               tenant: str | None) -> Any:
        """Replace the numbers of an answer by hostile ones where `values` says so."""
        def bad(service: Any) -> Any:
            kind = self.behaviour(str(service) if service is not None else None, tenant)["values"]
            return HOSTILE_VALUES[kind] if kind else None

        if action == "services" and isinstance(answer, list):
            return [{**e, "rate": bad(e["service"]), "max": bad(e["service"])} if bad(e["service"]) is not None
                    else e for e in answer]
        if action == "balance" and conduct["values"]:
            return {**answer, "balance": HOSTILE_VALUES[conduct["values"]]}
        if action == "add" and conduct["values"] and "order" in answer:
            return {**answer, "order": HOSTILE_VALUES[conduct["values"]]}
        if action == "status" and isinstance(answer, dict):
            def spoil(order_id: str, entry: Any) -> Any:
                order = self.orders.get(int(order_id)) if order_id.isdigit() else None
                value = bad(order.service) if order is not None else None
                if value is None or not isinstance(entry, dict) or "remains" not in entry:
                    return entry
                return {**entry, "remains": value, "start_count": value, "charge": value}
            if "status" in answer:  # a single order
                return spoil(form.get("order", ""), answer)
            return {order_id: spoil(order_id, entry) for order_id, entry in answer.items()}
        return answer

    def _service_of(self, form: dict[str, str]) -> str | None:
        order_id = form.get("order", "")
        if order_id.isdigit() and int(order_id) in self.orders:
            return self.orders[int(order_id)].service
        return None

    def handle(self, action: str, form: dict[str, str], conduct: dict[str, Any]) -> Any:
        strings = conduct["dialect"] == "strings"
        if action == "services":
            return self.catalog
        if action == "balance":
            return {"balance": self.balance, "currency": "USD"}
        if action == "add":
            known = {str(entry["service"]) for entry in self.catalog}
            if form.get("service") not in known:
                return {"error": "Incorrect service ID"}
            order = SimOrder(self.next_id, form["service"], form.get("link", ""), int(form.get("quantity") or 1),
                             time.monotonic(), conduct,
                             params={k: v for k, v in form.items() if k not in ("key", "action")})
            self.orders[order.order_id] = order
            self.next_id += 1
            return {"order": str(order.order_id) if strings else order.order_id}
        if action == "status":
            if "orders" in form:
                return {str(i): self.status(i) for i in _ids(form["orders"])}
            return self.status(int(form["order"])) if form.get("order", "").isdigit() else \
                {"error": "Incorrect order ID"}
        if action == "refill":
            if "orders" in form:
                return [{"order": i, "refill": self.refill(i)} for i in _ids(form["orders"])]
            result = self.refill(int(form.get("order") or 0))
            return result if isinstance(result, dict) else {"refill": str(result)}
        if action == "refill_status":
            if "refills" in form:
                return [{"refill": i, "status": self.refill_status(i)} for i in _ids(form["refills"])]
            status = self.refill_status(int(form.get("refill") or 0))
            return status if isinstance(status, dict) else {"status": status}
        if action == "cancel":
            ids = _ids(form.get("orders") or form.get("order") or "")
            return [{"order": i, "cancel": self.cancel(i)} for i in ids]
        return {"error": "Incorrect request"}

    def status(self, order_id: int) -> dict[str, Any]:
        order = self.orders.get(order_id)
        if order is None:
            return {"error": "Incorrect order ID"}
        conduct = order.behaviour
        progress = min((time.monotonic() - order.created) / max(conduct["duration_seconds"], 0.001), 1.0)
        rate = next((Decimal(str(e["rate"])) for e in self.catalog if str(e["service"]) == order.service), Decimal(1))
        if order.canceled:
            status, remains = "Canceled", order.quantity
        elif progress < 0.2:
            status, remains = "Pending", order.quantity
        elif progress < 1:
            status, remains = "In progress", int(order.quantity * (1 - progress))
        elif conduct["outcome"] == "partial":
            status, remains = "Partial", int(conduct["partial_remains"])
        elif conduct["outcome"] == "canceled":
            status, remains = "Canceled", order.quantity
        elif conduct["outcome"] == "expired":
            status, remains = "Expired", order.quantity
        else:
            status, remains = "Completed", 0
        strings = conduct["dialect"] == "strings"
        if strings and status == "Canceled":
            status = "Cancelled"
        start_count = 1000 + order.order_id % 997
        answer = {
            "charge": str((rate * order.quantity / 1000).quantize(Decimal("0.00001"))),
            "start_count": str(start_count) if strings else start_count,
            "status": status,
            "remains": str(remains) if strings else remains,
            "currency": "USD",
        }
        if progress >= 1 or order.canceled:
            if conduct["omit_remains"]:
                del answer["remains"]
            answer.update(conduct["progress"])
        return answer

    def refill(self, order_id: int) -> Any:
        if order_id not in self.orders:
            return {"error": "Incorrect order ID"}
        refill_id = len(self.refills) + 9_001
        self.refills[refill_id] = (order_id, time.monotonic())
        return refill_id

    def refill_status(self, refill_id: int) -> Any:
        if refill_id not in self.refills:
            return {"error": "Refill not found"}
        order_id, created = self.refills[refill_id]
        duration = self.orders[order_id].behaviour["duration_seconds"]
        return "Completed" if time.monotonic() - created >= duration else "In progress"

    def cancel(self, order_id: int) -> Any:
        order = self.orders.get(order_id)
        if order is None:
            return {"error": "Incorrect order ID"}
        order.canceled = True
        return 1

    # --- controls for tests and people --------------------------------------------------

    async def calls_view(self, _request: web.Request) -> web.Response:
        return web.json_response(dict(self.calls))

    async def orders_view(self, _request: web.Request) -> web.Response:
        return web.json_response([{"order": o.order_id, "service": o.service, "link": o.link, "quantity": o.quantity,
                                   "canceled": o.canceled, "params": o.params} for o in self.orders.values()])

    async def configure(self, request: web.Request) -> web.Response:
        """{"reset": true} restores everything; {"catalog": [...]} replaces the services;
        {"global": {...}} and {"services": {"101": {...}}} change behaviour (see DEFAULTS);
        {"balance": "0.50"} sets the balance."""
        body = await request.json()
        if body.get("reset"):
            self.reset()
        if "catalog" in body:
            self.catalog = body["catalog"]
        if "balance" in body:
            self.balance = str(body["balance"])
        unknown = set(body.get("global", {})) - set(DEFAULTS)
        for conf in [*body.get("services", {}).values(), *body.get("tenants", {}).values()]:
            unknown |= set(conf) - set(DEFAULTS)
        for conf in [body.get("global", {}), *body.get("services", {}).values(), *body.get("tenants", {}).values()]:
            if conf.get("values") not in (None, *HOSTILE_VALUES):
                unknown.add(f"values={conf['values']}")
        if unknown:
            return web.json_response({"error": f"unknown settings: {sorted(unknown)}"}, status=400)
        self.global_config.update(body.get("global", {}))
        for service, conf in body.get("services", {}).items():
            self.service_config.setdefault(str(service), {}).update(conf)
        for tenant, conf in body.get("tenants", {}).items():
            self.tenant_config.setdefault(str(tenant), {}).update(conf)
        return web.json_response({"ok": True})


def _ids(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip().isdigit()]


def build_app() -> web.Application:
    simulator = Simulator()
    app = web.Application()
    app.router.add_route("*", "/api/v2", simulator.api)
    app.router.add_route("*", "/{tenant}/api/v2", simulator.api)
    app.router.add_get("/_sim/calls", simulator.calls_view)
    app.router.add_get("/_sim/orders", simulator.orders_view)
    app.router.add_post("/_sim/config", simulator.configure)
    telegram_sim.add_routes(app)  # staff alerts' Telegram, on the same loopback port
    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    web.run_app(build_app(), host="127.0.0.1", port=args.port, print=None, access_log=None)


if __name__ == "__main__":
    main()
