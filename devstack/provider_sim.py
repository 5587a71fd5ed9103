"""Upstream provider simulator: an API v2 server on loopback, the demo provider of
`make run` and the provider of the tests. It counts every call it receives
(GET /_sim/calls) so tests can assert how often it was called.

This version answers `services` and `balance`; order actions come with dispatch.
"""

from __future__ import annotations

import argparse
from collections import Counter
from typing import Any

from aiohttp import web

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


class Simulator:
    def __init__(self) -> None:
        self.catalog = [dict(entry) for entry in CATALOG]
        self.balance = "1250.40"
        self.calls: Counter[str] = Counter()

    async def api(self, request: web.Request) -> web.Response:
        form = dict(await request.post()) if request.method == "POST" else dict(request.query)
        action = str(form.get("action", ""))
        self.calls[action] += 1
        if form.get("key") != API_KEY:
            return web.json_response({"error": "Invalid API key"})
        if action == "services":
            return web.json_response(self.catalog)
        if action == "balance":
            return web.json_response({"balance": self.balance, "currency": "USD"})
        return web.json_response({"error": "Incorrect request"})

    async def calls_view(self, _request: web.Request) -> web.Response:
        return web.json_response(dict(self.calls))

    async def configure(self, request: web.Request) -> web.Response:
        """Tests change the catalog: {"catalog": [...]} replaces it, {"reset": true} restores it."""
        body = await request.json()
        if body.get("reset"):
            self.catalog = [dict(entry) for entry in CATALOG]
            self.calls.clear()
        if "catalog" in body:
            self.catalog = body["catalog"]
        return web.json_response({"ok": True})


def build_app() -> web.Application:
    simulator = Simulator()
    app = web.Application()
    app.router.add_route("*", "/api/v2", simulator.api)
    app.router.add_get("/_sim/calls", simulator.calls_view)
    app.router.add_post("/_sim/config", simulator.configure)
    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    web.run_app(build_app(), host="127.0.0.1", port=args.port, print=None, access_log=None)


if __name__ == "__main__":
    main()
