"""The catalog console in a real browser: staff pick 2 of a provider's services to import,
name and edit one and customers see it under that name only; a sync's change report after the
provider's price change is acknowledged; a provider's low-balance warning, disabling and key
rotation; a custom rate under the provider's rate refused with its message shown."""

from __future__ import annotations

import secrets
import time
from typing import Any

import pytest
from playwright.sync_api import expect

from chalicelib.services import catalog
from chalicelib.store import catalog as catalog_store
from devstack.provider_sim import API_KEY, CATALOG
from tests.support.accounts import customer, email_of
from tests.support.browser import sign_in_as_new_staff
from tests.support.catalog import service
from tests.support.provider_sim import SIMULATOR_URL, configure

pytestmark = pytest.mark.e2e


def _provider_row(page: Any, name: str) -> Any:
    page.goto("/admin/providers")
    return page.locator("#providers-table tr", has_text=name)


def test_staff_import_two_services_name_one_and_customers_see_only_that_name(page) -> None:
    configure(reset=True)
    provider = catalog.add_provider(f"Pick {secrets.token_hex(3)}", SIMULATOR_URL, API_KEY)
    sign_in_as_new_staff(page)
    row = _provider_row(page, provider.name)
    row.locator("button", has_text="Import services").click()
    expect(page.locator("#upstream-table tbody tr")).to_have_count(len(CATALOG))
    page.check("#pick-101")
    page.check("#pick-102")
    page.click("#import-form button[type=submit]")
    expect(page.locator("#admin-notice")).to_contain_text("Imported 2 service(s)")
    ours = {s.provider_service: s for s in catalog_store.services() if s.provider_id == provider.provider_id}
    assert sorted(ours) == ["101", "102"] and not any(s.enabled for s in ours.values())
    followers = ours["101"]

    page.goto("/admin/services")
    page.click(f"#edit-service-{followers.service_id}")
    page.check("#s-enabled")
    page.click("#service-edit-form button[type=submit]")
    expect(page.locator("#service-edit-error")).to_contain_text("customer-facing name")

    tag = secrets.token_hex(3)
    page.fill("#s-name", f"Real followers {tag}")
    page.fill("#s-description", "Slow and steady.")
    page.fill("#s-category", f"Instagram {tag}")
    page.fill("#s-sort", "4")
    page.fill("#s-markup", "35")
    page.fill("#s-refill-days", "14")
    page.check("#s-one-per-link")
    page.click("#service-edit-form button[type=submit]")
    page.fill("#svc-q", tag)
    page.press("#svc-q", "Enter")  # the filter works from the keyboard
    rows = page.locator("#services-table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(f"Real followers {tag}")
    expect(rows.first).to_contain_text("$1.215")  # 0.90 + 35%
    saved = catalog_store.get_service(followers.service_id)
    assert saved is not None and (saved.sort, saved.refill_window_days, saved.one_active_order_per_link,
                                  saved.enabled) == (4, 14, True, True)

    for _ in range(10):  # the public list is kept a few seconds in the server
        page.goto("/services")
        expect(page.locator("#service-count")).to_be_attached()
        if page.locator(f"section[data-category='Instagram {tag}']").count():
            break
        time.sleep(1)
    section = page.locator(f"section[data-category='Instagram {tag}']")
    expect(section).to_contain_text(f"Real followers {tag}")
    expect(section).not_to_contain_text(followers.provider_name)  # the provider's name stays with staff
    assert page.errors == []


def test_a_price_change_at_the_provider_is_reported_and_acknowledged(page) -> None:
    configure(reset=True)
    provider = catalog.add_provider(f"Report {secrets.token_hex(3)}", SIMULATOR_URL, API_KEY)
    catalog.import_services(provider.provider_id, ["101"])
    changed = [dict(e) for e in CATALOG]
    changed[0]["rate"] = "1.10"
    configure(catalog=changed)
    try:
        sign_in_as_new_staff(page)
        row = _provider_row(page, provider.name)
        row.locator("button", has_text="Sync now").click()
        report = page.locator("#change-reports .card", has_text=f"Provider {provider.provider_id}:")
        expect(report).to_contain_text("Price up")
        expect(report).to_contain_text("0.9 → 1.1")
        report.locator("button", has_text="Acknowledge").click()
        expect(page.locator("#change-reports .card", has_text=f"Provider {provider.provider_id}:")).to_have_count(0)
    finally:
        configure(reset=True)
    assert page.errors == []


def test_a_low_balance_is_flagged_then_the_provider_is_disabled_and_its_key_rotated(page) -> None:
    configure(reset=True)
    provider = catalog.add_provider(f"Keys {secrets.token_hex(3)}", SIMULATOR_URL, API_KEY)
    sign_in_as_new_staff(page)
    row = _provider_row(page, provider.name)
    row.locator("button", has_text="Edit").click()
    page.fill("#e-low", "2000")
    page.click("#provider-edit-form button[type=submit]")
    expect(page.locator("#provider-edit")).to_be_hidden()  # saved: the page is drawn again
    row = page.locator("#providers-table tr", has_text=provider.name)
    row.locator("button", has_text="Check balance").click()
    expect(page.locator(f"#last-balance-{provider.provider_id}")).to_contain_text("1250.40 USD · low")
    page.reload()
    expect(page.locator(f"#low-balance-{provider.provider_id}")).to_contain_text("is under 2000.00 USD")

    row.locator("button", has_text="Disable").click()
    expect(row.locator("td").nth(4)).to_have_text("no")
    row.locator("button", has_text="Edit").click()
    page.fill("#e-key", "rotated-key-9876")
    page.click("#provider-edit-form button[type=submit]")
    expect(page.locator("#provider-edit")).to_be_hidden()
    expect(row).to_contain_text("…9876")
    saved = catalog_store.get_provider(provider.provider_id)
    assert saved is not None and not saved.enabled and saved.key_hint == "…9876" and saved.api_url == SIMULATOR_URL
    assert page.errors == []


def test_a_custom_rate_below_the_providers_rate_is_refused_with_both_rates_shown(page) -> None:
    made = service(provider_rate="1.00", name=f"Below cost {secrets.token_hex(3)}")
    user_id = customer()
    sign_in_as_new_staff(page)
    page.goto(f"/admin/users?email={email_of(user_id)}")
    page.fill("#rate-service", str(made.service_id))
    page.fill("#rate-fixed", "0.80")
    page.click("#rate-form button[type=submit]")
    expect(page.locator("#rates-error")).to_contain_text(f"{made.name} (#{made.service_id}) would be 0.8 per 1000, "
                                                        "below the provider's rate of 1")
    assert catalog_store.custom_rates(user_id) == {}
    page.fill("#rate-fixed", "1.10")
    page.click("#rate-form button[type=submit]")
    expect(page.locator("#rates-table")).to_contain_text("$1.10")
    assert page.errors == []
