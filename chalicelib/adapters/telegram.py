"""Telegram's Bot API, one call: sendMessage (https://core.telegram.org/bots/api#sendmessage).

The API's address is a setting (`telegram_api_base`), never something staff type: the bot
token travels in the URL's path, so the URL is never logged, and an error names only what
Telegram said."""

from __future__ import annotations

import json
from functools import lru_cache

import urllib3

from chalicelib.settings import get_settings


class TelegramError(Exception):
    """`retry`: Telegram or the network may do better later (429, 5xx, a timeout); otherwise the
    token or the chat is wrong and repeating cannot help."""

    def __init__(self, message: str, *, retry: bool) -> None:
        super().__init__(message)
        self.message = message
        self.retry = retry


@lru_cache(maxsize=1)
def _pool() -> urllib3.PoolManager:
    return urllib3.PoolManager(num_pools=2, maxsize=4, cert_reqs="CERT_REQUIRED", retries=False)


def send_message(token: str, chat_id: str, text: str) -> None:
    settings = get_settings()
    url = f"{settings.telegram_api_base.rstrip('/')}/bot{token}/sendMessage"
    body = json.dumps({"chat_id": chat_id, "text": text, "disable_web_page_preview": True}).encode()
    try:
        response = _pool().request("POST", url, body=body, headers={"Content-Type": "application/json"},
                                   timeout=urllib3.Timeout(total=settings.telegram_timeout_seconds),
                                   redirect=False, preload_content=True)
    except urllib3.exceptions.HTTPError as exc:
        raise TelegramError(f"Telegram could not be reached ({type(exc).__name__})", retry=True) from None
    try:
        answer = json.loads(response.data[:64 * 1024] or b"{}")
    except ValueError:
        answer = {}
    if response.status == 200 and isinstance(answer, dict) and answer.get("ok") is True:
        return
    said = answer.get("description") if isinstance(answer, dict) else None
    message = f"Telegram answered {response.status}" + (f": {str(said)[:200]}" if said else "")
    raise TelegramError(message, retry=response.status == 429 or response.status >= 500)
