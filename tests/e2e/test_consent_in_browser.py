"""The cookie banner in a real browser (C1-C7) and the registry check: every cookie and storage
key the site sets is listed in the cookie registry.

Playwright's Chromium reports `navigator.webdriver`, and the banner (like its library's
default) stays hidden from automation; these tests present the browser as a person's, which
is what they are standing in for. Google's hosts are routed: nothing leaves the machine, and
every request that would have reached Google is counted. The gtag.js stand-in sets the two
cookies the real one sets."""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote, unquote

import pytest
from playwright.sync_api import expect

from chalicelib.domain.catalog import ServiceType
from chalicelib.domain.cookie_registry import parse
from chalicelib.services import consent
from chalicelib.services.consent import REGISTRY_FILE
from chalicelib.services.tickets import customer as customer_tickets
from tests.support.accounts import customer, email_of
from tests.support.browser import sign_in_as_new_staff, sign_in_customer
from tests.support.catalog import service

GOOGLE = re.compile(r"^https?://([a-z0-9-]+\.)*(googletagmanager\.com|google-analytics\.com|analytics\.google\.com"
                    r"|doubleclick\.net|google\.com)/")
GTAG_STAND_IN = ("document.cookie = '_ga=GA1.1.123456789.1700000000; path=/; max-age=63072000';"
                 "document.cookie = '_ga_TEST000000=GS1.1.1700000000.1.0.1700000000.0.0.0; path=/; max-age=63072000';")
HUMAN = "Object.defineProperty(Navigator.prototype, 'webdriver', { get: () => false });"
PAGES = ["/login", "/register", "/forgot-password", "/api-docs", "/services", "/404", "/dashboard", "/account",
         "/order", "/mass-order", "/orders", "/balance", "/add-funds", "/api-keys", "/tickets", "/tickets/new"]
STAFF_PAGES = ["/dashboard", "/staff/tickets", "/admin/providers", "/admin/services", "/admin/users",
               "/admin/orders", "/admin/payments", "/admin/tasks", "/admin/audit", "/account"]


class Visitor:
    def __init__(self, page: Any) -> None:
        self.page = page
        self.google: list[str] = []

    def cookies(self) -> dict[str, str]:
        return {c["name"]: c["value"] for c in self.page.context.cookies()}

    def storage(self, kind: str) -> list[str]:
        return list(self.page.evaluate(f"Object.keys(window.{kind})"))

    def consent_cookie(self) -> dict[str, Any]:
        return dict(json.loads(unquote(self.cookies()["cc_cookie"])))

    def banner_button(self, role: str) -> Any:
        return self.page.locator(f"#cc-main .cm [data-role={role}]")


@pytest.fixture
def visitor(browser: Any, site: str) -> Iterator[Visitor]:
    context = browser.new_context(base_url=site)
    context.set_default_timeout(10_000)
    context.add_init_script(HUMAN)
    page = context.new_page()
    found = Visitor(page)

    def google(route: Any) -> None:
        found.google.append(route.request.url)
        if "googletagmanager.com/gtag/js" in route.request.url:
            route.fulfill(status=200, content_type="text/javascript", body=GTAG_STAND_IN)
        else:
            route.fulfill(status=204, body="")

    context.route(GOOGLE, google)
    yield found
    context.close()


def _records(visitor: Visitor) -> list[Any]:
    return consent.records_of(visitor.consent_cookie()["consentId"])


def _wait_for_records(visitor: Visitor, count: int) -> list[Any]:
    for _ in range(50):
        found = _records(visitor)
        if len(found) >= count:
            return found
        visitor.page.wait_for_timeout(100)
    return _records(visitor)


@pytest.mark.promise("C1")
def test_a_first_visit_asks_and_sets_nothing_optional_before_a_choice(visitor: Visitor) -> None:
    page = visitor.page
    page.goto("/register")
    expect(visitor.banner_button("all")).to_be_visible()
    page.mouse.wheel(0, 2000)                      # scrolling is not consent
    page.click("a[href='/login']")                  # nor is continued use
    expect(page.locator("#email")).to_be_visible()
    page.wait_for_timeout(500)
    expect(visitor.banner_button("all")).to_be_visible()
    assert visitor.cookies() == {}
    assert visitor.storage("localStorage") == [] and visitor.storage("sessionStorage") == []
    assert visitor.google == []
    page.reload()
    expect(visitor.banner_button("all")).to_be_visible()  # silence is not consent either


@pytest.mark.promise("C2")
def test_reject_is_as_easy_as_accept_and_choices_are_per_category(visitor: Visitor) -> None:
    page = visitor.page
    page.goto("/login")
    accept, reject = visitor.banner_button("all"), visitor.banner_button("necessary")
    manage = visitor.banner_button("show")
    expect(accept).to_have_text("Accept all")
    expect(reject).to_have_text("Reject all")
    expect(manage).to_have_text("Manage preferences")
    style = "el => { const s = getComputedStyle(el); return [s.backgroundColor, s.color, s.fontSize, s.fontWeight]; }"
    assert accept.evaluate(style) == reject.evaluate(style)
    assert accept.bounding_box()["height"] == reject.bounding_box()["height"]

    manage.click()
    modal = page.locator("#cc-main .pm")
    expect(modal).to_be_visible()
    for category in ("analytics", "functional", "targeting"):
        expect(modal.locator(f"input[value={category}]")).not_to_be_checked()
    expect(modal.locator("input[value=necessary]")).to_be_disabled()
    modal.locator("input[value=functional]").check(force=True)
    modal.locator("[data-role=save]").click()
    expect(modal).to_be_hidden()
    assert visitor.consent_cookie()["categories"] == ["necessary", "functional"]

    (record,) = _wait_for_records(visitor, 1)
    assert (record.action, record.accepted, record.rejected) == (
        "first_choice", ("necessary", "functional"), ("analytics", "targeting"))
    assert record.revision == parse(json.loads(REGISTRY_FILE.read_text())).revision


@pytest.mark.promise("C3")
@pytest.mark.promise("C9")
def test_reject_all_is_one_click_and_the_footer_link_changes_it_again(visitor: Visitor) -> None:
    page = visitor.page
    page.goto("/login")
    visitor.banner_button("necessary").click()          # one click, like Accept all
    expect(visitor.banner_button("all")).to_be_hidden()
    assert visitor.consent_cookie()["categories"] == ["necessary"]
    page.click("#cookie-settings")                        # every page's footer
    page.locator("#cc-main .pm [data-role=all]").click()  # and one more click
    expect(page.locator("#cc-main .pm")).to_be_hidden()
    assert visitor.consent_cookie()["categories"] == ["necessary", "analytics", "functional", "targeting"]
    page.click("#cookie-settings")
    page.locator("#cc-main .pm [data-role=necessary]").click()
    records = _wait_for_records(visitor, 3)
    assert [r.action for r in records] == ["first_choice", "change", "withdrawal"]
    assert records[-1].accepted == ("necessary",)


@pytest.mark.promise("C5")
@pytest.mark.promise("C3")
def test_analytics_loads_only_after_consent_and_withdrawal_clears_it(visitor: Visitor) -> None:
    page = visitor.page
    page.goto("/login")
    expect(visitor.banner_button("all")).to_be_visible()
    page.goto("/register")
    page.wait_for_timeout(500)
    assert visitor.google == []  # not one request to Google before consent

    visitor.banner_button("all").click()
    page.wait_for_function("document.cookie.includes('_ga_TEST000000')")
    assert any("googletagmanager.com/gtag/js?id=G-TEST000000" in url for url in visitor.google)
    assert {"_ga", "_ga_TEST000000"} <= set(visitor.cookies())

    page.click("#cookie-settings")
    page.locator("#cc-main .pm [data-role=necessary]").click()
    expect(page.locator("#cc-main .pm")).to_be_hidden()
    page.wait_for_function("!document.cookie.includes('_ga')")
    assert not [name for name in visitor.cookies() if name.startswith("_ga")]
    seen = len(visitor.google)
    page.reload()
    page.goto("/register")
    page.wait_for_timeout(500)
    assert len(visitor.google) == seen  # withdrawn: gtag.js is not loaded again


@pytest.mark.promise("C6")
def test_the_theme_is_remembered_only_with_functional_consent(visitor: Visitor) -> None:
    page = visitor.page
    page.goto("/login")
    visitor.banner_button("necessary").click()
    page.click("#theme-toggle")
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")   # for this page's life
    assert visitor.storage("localStorage") == []
    page.reload()
    expect(page.locator("#theme-toggle")).to_have_text("Dark theme")
    expect(page.locator("html")).to_have_attribute("data-theme", "light")

    page.click("#cookie-settings")
    expect(page.locator("#cc-main .pm")).to_be_visible()
    page.locator("#cc-main .pm input[value=functional]").check(force=True)
    page.locator("#cc-main .pm [data-role=save]").click()
    page.click("#theme-toggle")
    assert page.evaluate("localStorage.getItem('panel.theme')") == "dark"
    page.reload()
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")

    page.click("#cookie-settings")                     # withdrawing removes what was stored
    page.locator("#cc-main .pm [data-role=necessary]").click()
    expect(page.locator("#cc-main .pm")).to_be_hidden()
    assert visitor.storage("localStorage") == []


@pytest.mark.promise("C4")
@pytest.mark.promise("C7")
@pytest.mark.promise("C8")
def test_every_cookie_and_storage_key_on_every_page_is_in_the_registry(visitor: Visitor) -> None:
    registry = parse(json.loads(REGISTRY_FILE.read_text()))
    page = visitor.page
    page.goto("/login")
    visitor.banner_button("all").click()
    page.click("#theme-toggle")
    sign_in_customer(page, balance="5")
    found = _stored_on(visitor, PAGES)
    unlisted = {key: path for key, path in found.items() if registry.entry_for(*key) is None}
    assert unlisted == {}, f"set but not in chalicelib/cookie_registry.json: {unlisted}"
    categories = {registry.entry_for(*key).category for key in found}  # type: ignore[union-attr]
    assert "targeting" not in categories   # even with everything accepted, nothing of targeting
    assert {("cookie", "cc_cookie"), ("cookie", "session"), ("localStorage", "panel.theme")} <= set(found)


def _stored_on(visitor: Visitor, paths: list[str]) -> dict[tuple[str, str], str]:
    """Every cookie and storage key present after visiting each of `paths`, with where it was seen."""
    found: dict[tuple[str, str], str] = {}
    for path in paths:
        visitor.page.goto(path)
        visitor.page.wait_for_load_state("networkidle")
        for name in visitor.cookies():
            found[("cookie", name)] = path
        for kind in ("localStorage", "sessionStorage"):
            for name in visitor.storage(kind):
                found[(kind, name)] = path
    return found


@pytest.mark.promise("C4")
@pytest.mark.promise("C7")
@pytest.mark.promise("C8")
def test_every_cookie_and_storage_key_on_every_staff_page_is_in_the_registry(visitor: Visitor) -> None:
    registry = parse(json.loads(REGISTRY_FILE.read_text()))
    page = visitor.page
    page.goto("/login")
    visitor.banner_button("all").click()
    page.click("#theme-toggle")
    owner = customer("5")
    ticket, _ = customer_tickets.open_ticket(owner, "Where is my order", "other", "It has not started", None, None,
                                             None)
    sign_in_as_new_staff(page)
    found = _stored_on(visitor, [*STAFF_PAGES, f"/staff/tickets/{ticket.number}",
                                 f"/admin/users?email={quote(email_of(owner))}"])
    unlisted = {key: path for key, path in found.items() if registry.entry_for(*key) is None}
    assert unlisted == {}, f"set on a staff page but not in chalicelib/cookie_registry.json: {unlisted}"
    categories = {registry.entry_for(*key).category for key in found}  # type: ignore[union-attr]
    assert "targeting" not in categories
    assert {("cookie", "cc_cookie"), ("cookie", "session"), ("localStorage", "panel.theme")} <= set(found)


@pytest.mark.promise("C9")
def test_a_choice_for_an_earlier_registry_revision_is_asked_again(visitor: Visitor, site: str) -> None:
    page = visitor.page
    page.goto("/login")
    visitor.banner_button("all").click()
    page.reload()
    page.wait_for_timeout(300)
    expect(visitor.banner_button("all")).to_be_hidden()   # the current revision's choice stands
    earlier = visitor.consent_cookie() | {"revision": consent.registry().revision - 1}
    page.context.add_cookies([{"name": "cc_cookie", "value": quote(json.dumps(earlier, separators=(",", ":"))),
                               "url": site}])
    page.reload()
    expect(visitor.banner_button("all")).to_be_visible()
    page.wait_for_timeout(300)
    assert not [name for name in visitor.cookies() if name.startswith("_ga")]  # and consent is not assumed


def _order(page: Any, category: str, service_id: int) -> None:
    page.goto("/order")
    page.select_option("#category", category)
    page.select_option("#service", str(service_id))
    page.fill("#f-link", "https://instagram.com/p/consent")
    page.fill("#f-quantity", "100")
    page.click("button[type=submit]")
    expect(page.locator("#form-notice")).to_contain_text("placed for")


@pytest.mark.promise("C6")
@pytest.mark.parametrize("functional", [True, False])
def test_the_last_service_ordered_is_remembered_only_with_functional_consent(visitor: Visitor,
                                                                              functional: bool) -> None:
    category = f"E2E-{secrets.token_hex(3)}"
    service(ServiceType.DEFAULT, provider_rate="1.00", category=category, name="First")
    second = service(ServiceType.DEFAULT, provider_rate="1.00", category=category, name="Second")
    page = visitor.page
    page.goto("/login")
    visitor.banner_button("all" if functional else "necessary").click()
    sign_in_customer(page, "5.00")
    _order(page, category, second.service_id)
    assert (page.evaluate("localStorage.getItem('panel.lastService')") == str(second.service_id)) is functional
    page.reload()
    page.goto("/order")
    expect(page.locator("#service option").first).to_be_attached()
    preselected = page.locator("#service").input_value() == str(second.service_id)
    assert preselected is functional
