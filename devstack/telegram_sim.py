"""Telegram Bot API simulator: sendMessage as https://api.telegram.org answers it, for staff
alerts on the local stack and in tests. It is served by the provider simulator's process under
`/telegram` (one more third-party API on loopback, no further port).

A token is accepted unless it is in the refused set; chat ids are accepted as given. Control:
GET /_sim/telegram (the messages received: token, chat_id, text), POST /_sim/telegram with
{"refuse_tokens": [...], "fail_next": N (answer 502 to the next N calls), "reset": true}.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from aiohttp import web


@dataclass
class TelegramSim:
    messages: list[dict[str, Any]] = field(default_factory=list)
    refused_tokens: set[str] = field(default_factory=set)
    fail_next: int = 0

    async def send_message(self, request: web.Request) -> web.Response:
        token = request.match_info["token"]
        if self.fail_next > 0:
            self.fail_next -= 1
            return web.json_response({"ok": False, "error_code": 502, "description": "Bad Gateway"}, status=502)
        if token in self.refused_tokens:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        try:
            body = await request.json()
        except ValueError:
            return web.json_response({"ok": False, "error_code": 400, "description": "Bad Request: no JSON"},
                                     status=400)
        if not body.get("chat_id") or not body.get("text"):
            return web.json_response({"ok": False, "error_code": 400,
                                      "description": "Bad Request: chat_id and text are required"}, status=400)
        self.messages.append({"token": token, "chat_id": str(body["chat_id"]), "text": body["text"]})
        return web.json_response({"ok": True, "result": {"message_id": len(self.messages),
                                                         "chat": {"id": body["chat_id"]}, "text": body["text"]}})

    async def view(self, _request: web.Request) -> web.Response:
        return web.json_response(self.messages)

    async def control(self, request: web.Request) -> web.Response:
        body = await request.json()
        if body.get("reset"):
            self.messages.clear()
            self.refused_tokens.clear()
            self.fail_next = 0
        self.refused_tokens.update(body.get("refuse_tokens", []))
        self.fail_next = int(body.get("fail_next", self.fail_next))
        return web.json_response({"ok": True})


def add_routes(app: web.Application) -> None:
    sim = TelegramSim()
    app.router.add_post("/telegram/bot{token}/sendMessage", sim.send_message)
    app.router.add_get("/_sim/telegram", sim.view)
    app.router.add_post("/_sim/telegram", sim.control)
