"""Legal staff look up a preservation hold, extend it for a later request, and download a
disclosure package's report, on a phone-sized screen and from the keyboard (L7, L4)."""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime

import pytest
from playwright.sync_api import expect

from chalicelib.domain.accounts import Role
from chalicelib.services import audit_log, legal_disclosure, legal_holds
from chalicelib.store import logins
from tests.support.accounts import customer
from tests.support.browser import follow_nav, sign_in_as_new_staff

pytestmark = pytest.mark.e2e
PHONE = {"width": 390, "height": 844}
PERIOD = (date(2026, 6, 1), date(2026, 6, 30))


@pytest.mark.promise("L7")
def test_legal_staff_extend_a_hold_and_download_a_package(browser, site) -> None:
    user_id, request_id, later = customer(), f"LR-{secrets.token_hex(4)}", f"LR-{secrets.token_hex(4)}"
    logins.record(user_id, datetime(2026, 6, 3, tzinfo=UTC), "198.51.100.3", date(2026, 10, 1))
    hold = legal_holds.preserve(request_id, user_id, ["login_ips"], PERIOD, 90, "legal-0")
    package = legal_disclosure.build(request_id, user_id, ["basic_subscriber", "login_ips"], PERIOD, "legal-0")

    context = browser.new_context(base_url=site, viewport=PHONE, accept_downloads=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        sign_in_as_new_staff(page, Role.LEGAL)
        follow_nav(page, "Holds and packages")
        expect(page.locator("h1")).to_have_text("Holds and packages")

        page.fill("#hold-id", "LR-unknown")
        page.keyboard.press("Enter")
        expect(page.locator("#hold-error")).to_contain_text("No preservation hold")
        page.fill("#hold-id", request_id)
        page.keyboard.press("Enter")
        facts = page.locator("#hold-facts")
        expect(facts).to_contain_text(hold.expires_on.isoformat())
        expect(facts).to_contain_text("Login IPs: 1")
        expect(page.locator("main")).not_to_contain_text("198.51.100.3")     # the copy is never shown

        page.fill("#x-days", "0")
        page.fill("#x-request", later)
        page.click("#extend-form button[type=submit]")
        expect(page.locator("#extend-error")).to_be_visible()
        page.fill("#x-days", "90")
        page.focus("#x-request")
        page.keyboard.press("Enter")
        expect(page.locator("#hold-facts")).to_contain_text(f"{later} on ")
        assert legal_holds.get(request_id).extensions[0].request_id == later

        page.fill("#package-id", package.package_id)
        page.keyboard.press("Enter")
        expect(page.locator("#package-facts")).to_contain_text("Login IPs: 1")
        with page.expect_download() as download:
            page.click("#download-html")
        assert download.value.suggested_filename == f"{package.package_id}.html"
        with open(download.value.path(), encoding="utf-8") as saved:
            assert "198.51.100.3" in saved.read()
        expect(page.locator("#download-status")).to_contain_text("logged")
        records, _ = audit_log.subject_page(f"legal_package:{package.package_id}", 10, None)
        assert "legal_package.downloaded" in [r.action.value for r in records]
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        assert errors == []
    finally:
        context.close()
