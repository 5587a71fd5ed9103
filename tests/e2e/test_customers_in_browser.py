"""An admin works the customers console in the browser: lists customers newest first, searches
one by e-mail, opens the customer's page, signs out the customer's session (their next request
is signed out) and revokes an API key, sets and deletes a custom rate, and locks the account
(ordering refused) and lifts the lock. The old /admin/users?email= address still opens the page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from chalicelib.services import api_keys
from chalicelib.store import users
from tests.support.browser import sign_in_as_new_staff, sign_in_customer
from tests.support.catalog import service

pytestmark = pytest.mark.e2e


def test_an_admin_lists_searches_and_manages_a_customer(page, browser, site) -> None:
    customer_context = browser.new_context(base_url=site)
    shopper = customer_context.new_page()
    user_id = sign_in_customer(shopper, "20.00")
    user = users.get(user_id)
    assert user is not None
    key_text, key = api_keys.create(user_id, "my bot")
    svc = service(provider_rate="1.00")

    sign_in_as_new_staff(page)
    page.goto("/admin/customers")
    expect(page.locator("h1")).to_have_text("Customers")
    # The order (newest first) is proven on a table of its own in tests/api; this stack's table
    # holds other tests' customers, some made with clocks set years ahead.
    expect(page.locator("#customers-table tbody tr").first).to_be_visible()
    page.fill("#customer-q", user.email)
    page.keyboard.press("Enter")
    expect(page.locator("#customers-table tbody tr")).to_have_count(1)
    page.click(f"#customers-table a[href='/admin/customers/{user_id}']")
    expect(page.locator("h1")).to_contain_text(user.username)
    expect(page.locator("#user-balance")).to_have_text("$20.00")

    # Sessions: the customer's one session is signed out; their next request is refused.
    expect(page.locator("#sessions-table tbody tr")).to_have_count(1)
    page.locator("#sessions-table button").click()
    expect(page.locator("#no-sessions")).to_be_visible()
    shopper.goto("/orders")
    expect(shopper).to_have_url(f"{site}/login", timeout=10_000)

    # API keys: revoked at once.
    page.click(f"#revoke-key-{key.key_id}")
    expect(page.locator("#keys-table tbody tr")).to_contain_text("revoked")
    with pytest.raises(api_keys.InvalidApiKey):
        api_keys.authenticate(key_text, "203.0.113.5")

    # Custom rates: set, then deleted.
    page.fill("#rate-service", str(svc.service_id))
    page.fill("#rate-fixed", "1.50")  # the provider charges 1.00: below that is refused
    page.click("#rate-form button[type=submit]")
    expect(page.locator("#rates-table tbody tr")).to_contain_text(str(svc.service_id))
    page.click(f"#delete-rate-{svc.service_id}")
    expect(page.locator("#rates-card")).to_contain_text("No custom rates")

    # The staff lock: a reason is required; then ordering is refused until it is lifted.
    page.click("#lock-form button[type=submit]")
    expect(page.locator("#staff-lock-error")).to_contain_text("why the account is locked")
    page.fill("#lock-reason", "chargeback pattern")
    page.click("#lock-form button[type=submit]")
    expect(page.locator("#staff-lock-reason")).to_contain_text("chargeback pattern")
    from chalicelib.domain.errors import Forbidden
    from chalicelib.services import orders

    with pytest.raises(Forbidden):
        orders.place(user_id, svc.service_id, {"link": "https://instagram.com/p/x", "quantity": 100})
    page.fill("#lift-note", "cleared with the bank")
    page.click("#lift-lock-form button[type=submit]")
    expect(page.locator("#lock-form")).to_be_visible()
    assert orders.place(user_id, svc.service_id, {"link": "https://instagram.com/p/x", "quantity": 100}).order_id
    page.reload()
    expect(page.locator("#user-orders tbody tr")).to_have_count(1)
    expect(page.locator("#user-orders a").first).to_have_attribute("href", f"/staff/orders/{_first_order(user_id)}")

    # The old address still opens the customer's page.
    page.goto(f"/admin/users?email={user.email}")
    expect(page).to_have_url(f"{site}/admin/customers/{user_id}")
    customer_context.close()


def _first_order(user_id: str) -> int:
    from chalicelib.domain.orders import OrderFilter
    from chalicelib.services import orders

    found, _ = orders.list_for_user(user_id, OrderFilter())
    return found[0].order_id
