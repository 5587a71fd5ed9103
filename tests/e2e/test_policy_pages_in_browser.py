"""The four policy pages: each renders its text with the operator's name from settings; the
privacy notice lists every recipient of personal data from the repository's list (P9) and the
cookie policy its table from the cookie registry."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from chalicelib.services import legal
from chalicelib.settings import get_settings

pytestmark = pytest.mark.e2e

PAGES = {
    "/legal/cookies": ("#policy-cookies", "Cookie policy"),
    "/legal/privacy": ("#policy-privacy", "Privacy policy"),
    "/legal/sla": ("#policy-sla", "Service level agreement"),
    "/legal/law-enforcement": ("#policy-law-enforcement", "Law-enforcement guidelines"),
}


@pytest.mark.parametrize("path", list(PAGES))
def test_each_policy_page_renders_with_the_operators_name_and_no_placeholder(page, path) -> None:
    article, title = PAGES[path]
    page.goto(path)
    expect(page.locator(f"{article} h1")).to_have_text(title)
    expect(page.locator(f"{article} .company-name")).to_have_text(get_settings().company_name)
    expect(page.locator(f"{article} .company-address")).to_have_text(get_settings().company_address)
    expect(page.locator(article)).not_to_contain_text("will be published")
    assert len(page.locator(f"{article} h2").all()) >= 3   # real sections, not a stub
    assert page.errors == []


@pytest.mark.promise("P9")
def test_the_privacy_notice_lists_every_recipient_and_what_it_receives(page) -> None:
    page.goto("/legal/privacy")
    rows = page.locator("#recipients tbody tr")
    expect(rows).to_have_count(len(legal.recipients()))
    for row, recipient in zip(rows.all(), legal.recipients(), strict=True):
        expect(row.locator("td").first).to_have_text(recipient.name)
        for item in recipient.receives:
            expect(row).to_contain_text(item)
    expect(page.locator("#policy-privacy-email")).to_have_text(get_settings().privacy_email)


def test_the_cookie_policy_renders_its_table_from_the_registry(page) -> None:
    page.goto("/legal/cookies")
    rows = page.locator("#cookie-table tbody tr")
    expect(rows).to_have_count(len(legal.cookies()))
    for row, cookie in zip(rows.all(), legal.cookies(), strict=True):
        expect(row.locator("td").first).to_have_text(cookie.name)


def test_the_law_enforcement_page_names_the_legal_channel(page) -> None:
    page.goto("/legal/law-enforcement")
    expect(page.locator("#policy-legal-email")).to_have_text(get_settings().legal_email)
    expect(page.locator("#policy-legal-email")).to_have_attribute("href", f"mailto:{get_settings().legal_email}")
