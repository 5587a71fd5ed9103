"""Adding funds in the browser: Stripe.js (localstripe's) takes the card, the panel confirms
the PaymentIntent, and the balance changes when localstripe's signed webhook reaches the
gateway, as Stripe's reaches CloudFront (P4, O4)."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from chalicelib.domain.payments import BonusTier
from chalicelib.store import ledger as ledger_store
from chalicelib.store import payments as payments_store
from devstack.stack import TEST
from tests.support.browser import sign_in_customer
from tests.support.stripe import THREE_D_SECURE, VISA

pytestmark = pytest.mark.e2e
STRIPE_ORIGIN = TEST.env["PANEL_STRIPE_API_BASE"]


@pytest.fixture
def five_percent_from_100():
    before = payments_store.bonus_tiers()
    payments_store.save_bonus_tiers([BonusTier(Decimal("100"), Decimal("5"))], "staff-e2e", "2026-01-01T00:00:00Z")
    yield
    payments_store.save_bonus_tiers(before, "staff-e2e", "2026-01-01T00:00:00Z")


def _type_card(page, number: str) -> None:
    card = page.locator("#card-element")
    for placeholder, value in (("number", number), ("exp_month", "12"), ("exp_year", "34"), ("cvc", "123"),
                               ("postal_code", "10001")):
        card.locator(f"input[placeholder={placeholder}]").fill(value)


@pytest.mark.promise("P4", "O4")
def test_a_card_top_up_reaches_the_balance_through_the_webhook_and_the_card_never_reaches_us(
        page, five_percent_from_100) -> None:
    sent: list[tuple[str, str]] = []
    page.on("request", lambda request: sent.append((request.url, request.post_data or "")))
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    user_id = sign_in_customer(page)
    page.click("nav >> text=Add funds")
    expect(page.locator("#bonus-tiers")).to_contain_text("+5% bonus from $100.00")
    page.fill("#amount", "120")
    expect(page.locator("#bonus-preview")).to_have_text("Bonus: +$6.00")
    _type_card(page, VISA)
    page.click("#pay")
    expect(page.locator("#topup-status")).to_contain_text("Payment received: $120.00 + $6.00 bonus", timeout=30_000)
    expect(page.locator("#topup-status")).to_contain_text("Balance: $126.00")
    rows = page.locator("#topups-table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("paid")
    expect(rows.first).to_contain_text("pi_")
    account = ledger_store.account(user_id)
    assert account is not None and account.balance == Decimal("126.00")
    assert [e.kind.value for e in ledger_store.entries(user_id, newest_first=False)] == ["top_up", "bonus"]

    # P4: the card number went to Stripe and to nothing else; our API got an id.
    ours = [body for url, body in sent if url.startswith(TEST.gateway_url)]
    to_stripe = [body for url, body in sent if url.startswith(STRIPE_ORIGIN)]
    assert any(VISA in body for body in to_stripe)
    assert not any(VISA in body or "cvc" in body for body in ours)
    top_up_request = next(body for url, body in sent if url.endswith("/api/payments/top-ups") and body)
    assert set(json.loads(top_up_request)) == {"amount", "payment_method"}
    assert not [line for line in console if "Content Security Policy" in line]
    assert page.errors == []

    page.click("nav >> text=Balance")
    expect(page.locator("#ledger-table tbody tr")).to_have_count(2)
    expect(page.locator("#ledger-table")).to_contain_text("bonus")


def test_a_card_that_asks_for_3d_secure_is_confirmed_in_the_browser(page) -> None:
    user_id = sign_in_customer(page)
    page.goto("/add-funds")
    page.fill("#amount", "15.50")
    _type_card(page, THREE_D_SECURE)
    page.click("#pay")
    page.click("text=Complete authentication")
    expect(page.locator("#topup-status")).to_contain_text("Payment received: $15.50", timeout=30_000)
    account = ledger_store.account(user_id)
    assert account is not None and account.balance == Decimal("15.50")
    assert page.errors == []


def test_amounts_out_of_bounds_are_explained_and_charge_nothing(page) -> None:
    user_id = sign_in_customer(page)
    page.goto("/add-funds")
    _type_card(page, VISA)
    for amount, message in (("2", "smallest top-up is $5.00"), ("10.999", "2 decimal places"),
                            ("lots", "must be a number")):
        page.fill("#amount", amount)
        page.click("#pay")
        expect(page.locator("#form-error")).to_contain_text(message)
    expect(page.locator("#topups-table")).to_have_text("No top-ups yet.")
    assert ledger_store.entries(user_id) == []
