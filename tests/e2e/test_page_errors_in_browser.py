"""The router's error boundary: when a page's API call fails or the page's code throws, the
page says so with a Retry button that re-runs it, never a stuck page; a 401 leads to sign-in."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from tests.support.browser import sign_in_customer

pytestmark = pytest.mark.e2e

ORDERS_LIST = re.compile(r"/api/orders(\?.*)?$")


def _answer(status: int, body: object):
    return lambda route: route.fulfill(status=status, content_type="application/json", body=json.dumps(body))


def _recovers_on_retry(page, pattern) -> None:
    page.unroute(pattern)
    page.click("#page-retry")
    expect(page.locator("h1")).to_have_text("Orders")
    expect(page.locator("#page-error")).to_have_count(0)


def test_a_server_error_shows_a_readable_error_and_retry_reloads_the_page(page) -> None:
    sign_in_customer(page)
    page.route(ORDERS_LIST, _answer(500, {"error": "Internal server error"}))
    page.goto("/orders")
    expect(page.locator("#page-error")).to_be_visible()
    expect(page.locator("#page-error-message")).to_contain_text("problem loading this page (error 500)")
    expect(page.locator("#page-retry")).to_be_enabled()
    expect(page.locator("#nav-username")).to_be_visible()  # the frame stays: the person can go elsewhere
    _recovers_on_retry(page, ORDERS_LIST)
    assert page.errors == []


def test_a_network_failure_and_a_page_that_throws_each_show_the_error(page) -> None:
    sign_in_customer(page)
    page.route(ORDERS_LIST, lambda route: route.abort("internetdisconnected"))
    page.goto("/orders")
    expect(page.locator("#page-error-message")).to_contain_text("cannot be reached")
    page.unroute(ORDERS_LIST)
    # An answer the page's code cannot handle: it throws while rendering.
    page.route(ORDERS_LIST, _answer(200, {"unexpected": True}))
    page.click("#page-retry")
    expect(page.locator("#page-error-message")).to_contain_text("error in the page")
    _recovers_on_retry(page, ORDERS_LIST)
    assert page.errors == []


def test_a_failed_session_check_on_first_load_can_be_retried(page) -> None:
    sign_in_customer(page)
    page.route("**/api/me", _answer(503, {"error": "Service unavailable"}))
    page.goto("/orders")  # a fresh load reads the session first
    expect(page.locator("#page-error-message")).to_contain_text("error 503")
    page.unroute("**/api/me")
    page.click("#page-retry")
    expect(page.locator("h1")).to_have_text("Orders")
    assert page.errors == []


def test_a_401_from_a_page_goes_to_sign_in(page, site) -> None:
    sign_in_customer(page)
    page.route(ORDERS_LIST, _answer(401, {"error": "Sign in first."}))
    page.click("nav >> text=Orders")
    expect(page).to_have_url(f"{site}/login")
    expect(page.locator("h1")).to_have_text("Sign in")
    expect(page.locator("#page-error")).to_have_count(0)
    assert page.errors == []
