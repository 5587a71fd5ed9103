"""An admin sets up alerts in the browser: reaches the page from the console's navigation,
is told a malformed token is wrong, connects a Telegram chat (the token is never shown again),
sends a test alert that the chat receives and that the page lists, then stops Telegram."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from tests.support import telegram_sim
from tests.support.browser import sign_in_as_new_staff

pytestmark = pytest.mark.e2e

TOKEN = "123456789:AAH" + "b" * 28 + "QRST"


def _telegram_received(text: str, seconds: float = 20) -> list[dict[str, str]]:
    """The simulator's messages containing `text`, waiting for the stack's worker to post them."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = [m for m in telegram_sim.messages() if text in m["text"]]
        if found:
            return found
        time.sleep(0.3)
    return []


def test_an_admin_connects_telegram_sends_a_test_and_stops_it(page, site) -> None:
    telegram_sim.control(reset=True)
    sign_in_as_new_staff(page)
    page.goto("/admin/providers")
    page.click("nav.subnav a[href='/admin/alerts']")
    expect(page.locator("h1")).to_have_text("Alerts")
    expect(page.locator("#alert-rules")).to_contain_text("A new high-priority ticket")
    expect(page.locator("#tg-status")).to_contain_text("Telegram: off")

    page.fill("#tg-token", "not a token")
    page.fill("#tg-chat", "@panel_alerts")
    page.press("#tg-chat", "Enter")
    expect(page.locator("#telegram-error")).to_contain_text("not a Telegram bot token")

    page.fill("#tg-token", TOKEN)
    page.press("#tg-chat", "Enter")
    expect(page.locator("#tg-status")).to_contain_text("Telegram: on, chat @panel_alerts, bot token 123456789:…QRST")
    assert TOKEN not in page.content()

    page.click("#alert-test")
    expect(page.locator("#alerts-notice")).to_contain_text("Test alert sent to every admin's e-mail and to Telegram.")
    [posted] = _telegram_received("Test alert")
    assert posted["chat_id"] == "@panel_alerts" and posted["token"] == TOKEN
    page.reload()
    expect(page.locator("#alerts-sent")).to_contain_text("Test alert")

    page.click("#tg-remove")
    expect(page.locator("#tg-status")).to_contain_text("Telegram: off")
