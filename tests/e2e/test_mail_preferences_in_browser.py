"""A customer switches one service mail off from the account page, with the keyboard, and
the switch stays off after a reload (and on the server)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from chalicelib.domain.customer_mails import CustomerMail
from chalicelib.store import customer_mails
from tests.support.browser import sign_in_customer

pytestmark = pytest.mark.e2e


def test_a_mail_switched_off_stays_off(page) -> None:
    user_id = sign_in_customer(page)
    page.goto("/account")
    partial = page.get_by_label("An order ends partially completed (with the refund)")
    expect(partial).to_be_enabled()
    expect(partial).to_be_checked()
    partial.focus()
    page.keyboard.press("Space")
    expect(page.locator("#mail-preferences-notice")).to_have_text("Saved.")
    page.reload()
    expect(page.get_by_label("An order ends partially completed (with the refund)")).to_be_enabled()
    expect(page.get_by_label("An order ends partially completed (with the refund)")).not_to_be_checked()
    expect(page.get_by_label("An order is completed")).to_be_checked()
    stored = customer_mails.preferences(user_id)
    assert stored is not None and stored.version == 1
    assert not stored.allows(CustomerMail.ORDER_PARTIAL) and stored.allows(CustomerMail.TOP_UP_RECEIVED)
    assert page.errors == []
