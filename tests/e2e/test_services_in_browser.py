"""The public services page in a real browser: a visitor sees the catalog by category with
rates, limits, flags and average completion times, the search narrows it, favourites are
remembered across visits only with functional consent, and a customer's "Order" link
preselects the service on the order form."""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from chalicelib.domain.catalog import Service, ServiceType
from chalicelib.store import catalog as catalog_store
from chalicelib.store import dynamo
from tests.support.browser import sign_in_customer
from tests.support.catalog import service

HUMAN = "Object.defineProperty(Navigator.prototype, 'webdriver', { get: () => false });"


def _completed(made: Service, *seconds: int) -> None:
    """Completed orders' times, added by the very write each settlement adds to its own
    transaction (the API test completes real orders through the provider simulator)."""
    for s in seconds:
        dynamo.transact_write([catalog_store.completion_action(made.service_id, s)])


def _open(page: Any, category: str) -> None:
    """/services, reloaded until it lists `category`: the public list is kept a few seconds
    in the server (catalog_cache_seconds), so a visit just before these services existed may
    still be answered."""
    for _ in range(10):
        page.goto("/services")
        expect(page.locator("#service-count")).to_be_attached()
        if page.locator(f"section[data-category='{category}']").count():
            return
        time.sleep(1)
    raise AssertionError(f"{category} never listed")


def _row(page: Any, made: Service) -> Any:
    return page.locator(f"tr[data-service='{made.service_id}']")


@pytest.fixture
def catalog() -> tuple[str, str, Service, Service, Service]:
    tag = secrets.token_hex(3)
    first, second = f"Followers {tag}", f"Likes {tag}"
    fast = service(ServiceType.DEFAULT, provider_rate="1.25", category=first, name="Fast followers",
                   description=f"Real accounts {tag}", refill=True, cancel=False)
    slow = service(ServiceType.DEFAULT, provider_rate="0.0125", category=first, name="Slow followers",
                   refill=False, cancel=True)
    likes = service(ServiceType.DEFAULT, provider_rate="2", category=second, name=f"Photo likes {tag}")
    _completed(fast, 3600, 10800)  # two orders: 1 h and 3 h
    return first, second, fast, slow, likes


def test_a_visitor_sees_categories_narrows_by_search_and_reads_average_times(page: Any, catalog: Any) -> None:
    first, second, fast, slow, likes = catalog
    _open(page, first)
    expect(page.locator(f"section[data-category='{first}'] h2")).to_have_text(first)
    expect(page.locator(f"section[data-category='{second}'] h2")).to_have_text(second)
    expect(_row(page, fast)).to_contain_text("Fast followers")
    expect(_row(page, fast).locator(".service-rate")).to_have_text("$1.25 per 1000")
    expect(_row(page, slow).locator(".service-rate")).to_have_text("$0.0125 per 1000")
    expect(_row(page, fast).locator(".service-flags")).to_have_text("Refill: yesCancel: no")
    expect(_row(page, fast).locator(".service-average")).to_have_text("2 h (2 orders)")
    expect(_row(page, slow).locator(".service-average")).to_have_text("No data yet")
    expect(page.locator(".order-link")).to_have_count(0)  # a visitor is asked to sign in instead
    expect(page.get_by_role("link", name="Sign in").first).to_be_visible()

    page.get_by_label("Search services").fill(fast.description)             # words of a description
    expect(_row(page, fast)).to_be_visible()
    expect(_row(page, slow)).to_be_hidden()
    expect(_row(page, likes)).to_be_hidden()
    expect(page.locator(f"section[data-category='{second}']")).to_be_hidden()
    page.get_by_label("Search services").fill(second)                        # a category's name
    expect(_row(page, likes)).to_be_visible()
    expect(_row(page, fast)).to_be_hidden()
    page.get_by_label("Search services").fill(f"nothing-{secrets.token_hex(4)}")
    expect(page.locator("#no-match")).to_be_visible()


@pytest.fixture
def person(browser: Any, site: str) -> Iterator[Any]:
    """A browser presented as a person's, so the cookie banner shows (see test_consent_in_browser)."""
    context = browser.new_context(base_url=site)
    context.set_default_timeout(10_000)
    context.add_init_script(HUMAN)
    yield context.new_page()
    context.close()


def _stored(page: Any) -> Any:
    return page.evaluate("localStorage.getItem('panel.favouriteServices')")


def test_favourites_are_remembered_across_visits_only_with_functional_consent(person: Any, catalog: Any) -> None:
    first, _second, fast, slow, _likes = catalog
    page = person
    page.goto("/services")
    page.locator("#cc-main .cm [data-role=necessary]").click()
    _open(page, first)
    star = _row(page, fast).get_by_role("button", name="Favourite: Fast followers")
    star.click()
    expect(star).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#favourites-note")).to_contain_text("only if you accept functional cookies")
    assert _stored(page) is None
    page.get_by_label("Favourites only").check()
    expect(_row(page, fast)).to_be_visible()
    expect(_row(page, slow)).to_be_hidden()
    page.reload()
    expect(_row(page, fast).get_by_role("button", name="Favourite: Fast followers")).to_have_attribute(
        "aria-pressed", "false")                                             # gone with the page

    page.click("#cookie-settings")
    expect(page.locator("#cc-main .pm")).to_be_visible()  # the modal opens with a transition
    page.locator("#cc-main .pm input[value=functional]").check(force=True)
    page.locator("#cc-main .pm [data-role=save]").click()
    expect(page.locator("#cc-main .pm")).to_be_hidden()
    page.reload()
    expect(page.locator("#favourites-note")).to_have_text("Your favourites are kept in this browser.")
    _row(page, slow).get_by_role("button", name="Favourite: Slow followers").press("Enter")  # from the keyboard
    assert _stored(page) == str(slow.service_id)
    page.reload()
    expect(_row(page, slow).get_by_role("button", name="Favourite: Slow followers")).to_have_attribute(
        "aria-pressed", "true")
    page.get_by_label("Favourites only").check()
    expect(_row(page, slow)).to_be_visible()
    expect(_row(page, fast)).to_be_hidden()


def test_a_customer_orders_from_the_services_page_with_the_service_preselected(page: Any, catalog: Any) -> None:
    first, _second, _fast, slow, _likes = catalog
    sign_in_customer(page, "5.00")
    page.get_by_role("link", name="Services").first.click()
    expect(page).to_have_url(page.url.split("/services")[0] + "/services")
    _open(page, first)
    _row(page, slow).get_by_role("link", name="Order Slow followers").click()
    expect(page).to_have_url(f"{page.url.split('/order')[0]}/order?service={slow.service_id}")
    expect(page.locator("#service")).to_have_value(str(slow.service_id))
    expect(page.locator("#category")).to_have_value(first)
