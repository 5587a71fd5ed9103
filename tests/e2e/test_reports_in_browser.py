"""An admin reads the staff reports: picks a range from the keyboard, sees the charts' canvases
next to the tables holding every figure (money in cents, an unknown cost as "unknown"), and
downloads a table as CSV; on a phone the page does not scroll sideways."""

from __future__ import annotations

import csv
import io
import re
import secrets
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from chalicelib.domain.orders import OrderStatus
from chalicelib.services import catalog, dispatch, orders
from chalicelib.store import catalog as catalog_store
from chalicelib.store import dynamo, keys
from chalicelib.store import orders as order_store
from devstack.provider_sim import API_KEY
from tests.support.accounts import customer
from tests.support.browser import sign_in_as_new_staff
from tests.support.catalog import import_enabled
from tests.support.provider_sim import SIMULATOR_URL, configure

pytestmark = pytest.mark.e2e

# A day nobody else writes on, so the report holds exactly this test's orders.
DAY = datetime(2040 + secrets.randbelow(50), 1 + secrets.randbelow(12), 20, 12, tzinfo=UTC)
FIRST, LAST = DAY.date(), (DAY + timedelta(days=1)).date()


def _sent_order(user_id: str, service_id: int, quantity: int) -> int:
    placed = orders.place(user_id, service_id, {"link": f"https://instagram.com/p/{secrets.token_hex(4)}",
                                                "quantity": quantity})
    dispatch.dispatch(placed.order_id)  # or the stack's worker got there first: the same write either way
    sent = order_store.get(placed.order_id)
    assert sent is not None and sent.status == OrderStatus.PROCESSING and sent.provider_cost is not None
    return placed.order_id


def test_an_admin_reads_the_report_with_charts_and_downloads_csv(page, clock) -> None:
    clock.at = DAY
    configure(services={"101": {"duration_seconds": 3600}})
    provider = catalog.add_provider(f"Report e2e {secrets.token_hex(3)}", SIMULATOR_URL, API_KEY)
    import_enabled(provider.provider_id)
    followers = next(s for s in catalog_store.services()
                     if s.provider_id == provider.provider_id and s.provider_service == "101")
    catalog_store.put_service(replace(followers, markup_percent=Decimal("50")))  # 0.90 -> 1.35 per 1000
    user_id = customer("10.00")
    _sent_order(user_id, followers.service_id, 1000)        # $1.35 charged, $0.90 owed to the provider
    clock.at = DAY + timedelta(days=1)
    legacy = _sent_order(user_id, followers.service_id, 2000)  # $2.70, sent "before costs were recorded"
    dynamo.update(keys.order(legacy), "REMOVE provider_cost")

    sign_in_as_new_staff(page)
    page.goto("/admin/providers")
    page.get_by_role("link", name="Reports").click()
    expect(page.locator("h1")).to_have_text("Reports")
    page.fill("#report-from", FIRST.isoformat())
    page.fill("#report-to", LAST.isoformat())
    page.press("#report-to", "Enter")  # the form works from the keyboard
    expect(page.locator("#report-body h2").first).to_contain_text(f"{FIRST.isoformat()} to {LAST.isoformat()}")

    for chart in ("#chart-money", "#chart-top-ups"):
        expect(page.locator(f"{chart} canvas")).to_be_visible()
        expect(page.locator(chart)).to_have_attribute("role", "img")
        expect(page.locator(chart)).to_have_attribute("aria-label", re.compile("the table below lists every figure"))
    rows = page.locator("#days-table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0).locator("td")).to_have_text([FIRST.isoformat(), "0", "$0.00", "1", "$1.35", "$0.90", "$0.45"])
    expect(rows.nth(1).locator("td")).to_have_text([LAST.isoformat(), "0", "$0.00", "1", "$2.70", "unknown",
                                                    "unknown"])
    expect(page.locator("#total-revenue")).to_have_text("$4.05")
    expect(page.locator("#total-cost")).to_have_text("unknown")
    expect(page.locator("#unknown-cost-note")).to_contain_text("1 order(s)")
    expect(page.locator("#services-table tbody tr")).to_have_count(1)
    expect(page.locator("#providers-table tbody tr td").first).to_have_text(provider.name)
    expect(page.locator("#statuses-table tbody tr", has_text="processing")).to_contain_text("2")
    assert page.url.endswith(f"/admin/reports?from={FIRST.isoformat()}&to={LAST.isoformat()}")

    with page.expect_download() as downloading:
        page.click("#csv-days")
    download = downloading.value
    assert download.suggested_filename == f"report-days-{FIRST.isoformat()}-to-{LAST.isoformat()}.csv"
    table = list(csv.reader(io.StringIO(Path(download.path()).read_text())))
    assert table[1] == [FIRST.isoformat(), "0", "0.00000", "1", "1.35000", "0.90000", "0.45000", "0"]
    assert table[2][5:] == ["unknown", "unknown", "1"]

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    expect(page.locator("#chart-money canvas")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_range_too_long_is_said_next_to_the_form(page) -> None:
    sign_in_as_new_staff(page)
    page.goto("/admin/reports?from=2031-01-01&to=2031-06-30")
    expect(page.locator("#report-error")).to_have_text("A report covers at most 92 days; choose a shorter range.")
    page.fill("#report-to", "2031-01-31")
    page.click("#report-form button[type=submit]")
    expect(page.locator("#days-table tbody tr")).to_have_count(31)
    expect(page.locator("#report-error")).to_be_hidden()
