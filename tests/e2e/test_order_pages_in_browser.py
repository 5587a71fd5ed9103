"""The customer's orders page and an order's own page in the browser: search by id and
filters, the CSV export, open orders refreshing by themselves, cancel and refill buttons only
where the rules allow them, and the refill history."""

from __future__ import annotations

import csv
import io
import re
import secrets
from dataclasses import replace
from typing import Any

import pytest
from playwright.sync_api import expect

from chalicelib.domain.orders import OrderStatus
from chalicelib.domain.refills import RefillStatus
from chalicelib.services import orders
from chalicelib.store import refills as refill_store
from tests.support.browser import sign_in_customer
from tests.support.catalog import service

pytestmark = pytest.mark.e2e


def _place(user_id: str, service_id: int, quantity: int = 100, link: str = "https://instagram.com/p/e2e") -> Any:
    return orders.place(user_id, service_id, {"link": link, "quantity": quantity})


def _shown_ids(page: Any) -> list[str]:
    return page.locator("#orders-table tbody tr").evaluate_all("rows => rows.map(r => r.dataset.order)")


def test_search_by_id_and_filters_narrow_the_list(page) -> None:
    tag = secrets.token_hex(2)
    likes, views = service(name=f"Likes {tag}"), service(name=f"Views {tag}")
    user_id = sign_in_customer(page, "10.00")
    a = _place(user_id, likes.service_id)
    b = _place(user_id, views.service_id, link="https://instagram.com/p/special")
    c = _place(user_id, views.service_id)
    assert orders.settle(c.order_id, OrderStatus.COMPLETED, remains=0)

    page.goto("/orders")
    expect(page.locator("#orders-table tbody tr")).to_have_count(3)
    page.get_by_label("Order ID").fill(str(b.order_id))
    page.get_by_label("Order ID").press("Enter")
    expect(page).to_have_url(re.compile(rf"/orders\?order={b.order_id}$"))
    expect(page.locator("#orders-table tbody tr")).to_have_count(1)
    assert _shown_ids(page) == [str(b.order_id)]

    page.click("#clear-filters")
    expect(page.locator("#orders-table tbody tr")).to_have_count(3)
    page.get_by_label("Service").select_option(str(views.service_id))
    page.click("#order-filters button[type=submit]")
    expect(page.locator("#orders-table tbody tr")).to_have_count(2)
    assert _shown_ids(page) == [str(c.order_id), str(b.order_id)]
    page.get_by_label("Status").select_option("Completed")
    page.click("#order-filters button[type=submit]")
    expect(page.locator("#orders-table tbody tr")).to_have_count(1)
    assert _shown_ids(page) == [str(c.order_id)]

    page.set_viewport_size({"width": 390, "height": 844})  # a phone: the filters wrap, the table scrolls inside
    assert page.evaluate("document.querySelector('#view').scrollWidth <= window.innerWidth")
    page.goto(f"/orders/{c.order_id}")
    expect(page.locator("#refill-order")).to_be_visible()
    assert page.evaluate("document.querySelector('#view').scrollWidth <= window.innerWidth")

    page.goto(f"/orders?order={a.order_id}&service={views.service_id}")  # the id exists, the service does not match
    expect(page.locator("#no-orders")).to_have_text("No orders match these filters.")
    page.goto("/orders?order=12x")
    expect(page.locator("#view")).to_contain_text("'order' must be an order id")
    assert [e for e in page.errors if "400" not in e] == []


def test_the_csv_export_has_the_filtered_orders(page) -> None:
    tag = secrets.token_hex(2)
    svc = service(provider_rate="1.2345", name=f"=Export {tag}")  # a name a spreadsheet would run
    other = service(name=f"Other {tag}")
    user_id = sign_in_customer(page, "10.00")
    first = _place(user_id, svc.service_id, 500, link="https://instagram.com/p/a,b")  # 0.61725
    second = _place(user_id, svc.service_id, 1000)                                    # 1.2345
    _place(user_id, other.service_id)
    assert orders.settle(first.order_id, OrderStatus.CANCELED, before_sending=True)

    page.goto(f"/orders?service={svc.service_id}")
    with page.expect_download() as info:
        page.click("#export-csv")
    download = info.value
    assert re.fullmatch(r"orders-\d{4}-\d{2}-\d{2}\.csv", download.suggested_filename)
    with open(download.path(), encoding="utf-8-sig", newline="") as handle:
        text = handle.read()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["id"] for r in rows] == [str(second.order_id), str(first.order_id)]
    latest, canceled = rows
    assert list(latest) == ["id", "created_at", "service_id", "service", "link", "quantity", "charge", "refunded",
                            "status", "start_count", "remains"]
    assert (latest["charge"], latest["refunded"], latest["status"], latest["quantity"]) == ("1.23", "0.00", "Pending",
                                                                                           "1000")
    assert (canceled["charge"], canceled["refunded"], canceled["status"]) == ("0.62", "0.62", "Canceled")
    assert canceled["link"] == "https://instagram.com/p/a,b"
    assert latest["service"] == f"'=Export {tag}" and latest["service_id"] == str(svc.service_id)
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?\+00:00", latest["created_at"])
    assert "provider" not in text.lower() and "test" not in latest.values()
    expect(page.locator("#export-status")).to_have_text("Exported 2 orders.")
    assert page.errors == []


def test_open_orders_refresh_by_themselves_while_the_page_is_shown(page) -> None:
    svc = service(name=f"Refresh {secrets.token_hex(2)}")
    user_id = sign_in_customer(page, "10.00")
    order = _place(user_id, svc.service_id)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url) if "/api/orders?" in r.url else None)
    page.clock.install()
    page.goto("/orders")
    row = page.locator(f"#orders-table tr[data-order='{order.order_id}']")
    expect(row).to_contain_text("Pending")

    assert orders.settle(order.order_id, OrderStatus.PARTIAL, remains=40)  # the provider's answer, behind the page
    loaded = len(requests)
    page.clock.run_for(15_000)
    page.wait_for_timeout(300)
    assert len(requests) == loaded  # not yet: every 20 s
    expect(row).to_contain_text("Pending")
    page.clock.run_for(6_000)
    expect(row).to_contain_text("Partial")
    expect(page.locator("#refresh-note")).to_contain_text("Updated")

    second = _place(user_id, svc.service_id)
    page.goto("/orders")
    expect(page.locator(f"#orders-table tr[data-order='{second.order_id}']")).to_contain_text("Pending")
    asked = len(requests)
    page.evaluate("Object.defineProperty(document, 'hidden', {value: true, configurable: true})")
    page.clock.run_for(45_000)
    assert len(requests) == asked  # paused while the tab is hidden
    page.evaluate("Object.defineProperty(document, 'hidden', {value: false, configurable: true})")
    page.clock.run_for(20_000)
    page.wait_for_timeout(300)
    assert len(requests) == asked + 1

    page.click("nav >> text=Balance")
    expect(page.locator("h1")).to_contain_text("Balance")
    asked = len(requests)
    page.clock.run_for(60_000)
    page.wait_for_timeout(300)
    assert len(requests) == asked  # the timer stopped with the page
    assert page.errors == []


def test_cancel_and_refill_buttons_follow_the_rules_and_work(page) -> None:
    tag = secrets.token_hex(2)
    flexible = service(name=f"Flexible {tag}")
    fixed = service(name=f"Fixed {tag}", cancel=False, refill=False)
    user_id = sign_in_customer(page, "10.00")
    pending = _place(user_id, flexible.service_id)
    locked = _place(user_id, fixed.service_id)
    delivered = _place(user_id, flexible.service_id)
    assert orders.settle(delivered.order_id, OrderStatus.COMPLETED, remains=0)

    page.goto(f"/orders/{locked.order_id}")
    expect(page.locator("#no-actions")).to_be_visible()
    expect(page.locator("#cancel-order, #refill-order")).to_have_count(0)

    page.goto(f"/orders/{pending.order_id}")
    expect(page.locator("#cancel-order")).to_be_visible()
    expect(page.locator("#refill-order")).to_have_count(0)  # not delivered yet
    page.click("#cancel-order")
    expect(page.locator("#order-detail tr", has_text="Status")).to_contain_text("Canceled")
    expect(page.locator("#order-detail tr", has_text="Refunded")).to_contain_text("$0.10")
    expect(page.locator("#cancel-order")).to_have_count(0)

    page.goto(f"/orders/{delivered.order_id}")
    expect(page.locator("#cancel-order")).to_have_count(0)
    expect(page.locator("#no-refills")).to_be_visible()
    page.click("#refill-order")
    history = page.locator("#refill-history tbody tr")
    expect(history).to_have_count(1)
    expect(history.first).to_contain_text("Pending")
    (refill,) = refill_store.of_order(delivered.order_id)
    refill_store.save(replace(refill, status=RefillStatus.COMPLETED))
    page.reload()
    expect(history.first).to_contain_text(f"#{refill.refill_id}")
    expect(history.first).to_contain_text("Completed")
    assert page.errors == []
