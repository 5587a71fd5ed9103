"""An order through the real parts of the local stack: the browser places it, the worker
process takes it from the local queue and sends it to the provider simulator, status sync
(run as an operator would, with `panel jobs run`) completes it, or refunds a partial once."""

from __future__ import annotations

import json
import time
from decimal import Decimal

import pytest
from click.testing import CliRunner
from playwright.sync_api import expect

from chalicelib.domain import money
from chalicelib.domain.orders import OrderStatus
from chalicelib.services import catalog
from chalicelib.store import catalog as catalog_store
from chalicelib.store import ledger as ledger_store
from chalicelib.store import orders as order_store
from devstack.provider_sim import API_KEY
from ops.cli import cli as panel
from tests.support.browser import sign_in_customer
from tests.support.catalog import import_enabled
from tests.support.provider_sim import SIMULATOR_URL, calls, configure

pytestmark = pytest.mark.e2e


def _wait_for(predicate, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError("condition not met in time")


@pytest.mark.promise("O2", "O3")
def test_orders_go_from_pending_to_completed_and_partials_refund_once(page) -> None:
    configure(reset=True, services={
        "101": {"duration_seconds": 1}, "102": {"duration_seconds": 1, "outcome": "partial", "partial_remains": 400}})
    provider = catalog.add_provider("Simulator e2e", SIMULATOR_URL, API_KEY)
    import_enabled(provider.provider_id)
    ours = {s.provider_service: s for s in catalog_store.services() if s.provider_id == provider.provider_id}
    user_id = sign_in_customer(page, "20.00")

    placed = []
    for upstream in ("101", "102"):
        page.goto("/order")
        page.select_option("#category", ours[upstream].category)
        page.select_option("#service", str(ours[upstream].service_id))
        page.fill("#f-link", f"https://instagram.com/p/e2e-{upstream}")
        page.fill("#f-quantity", "1000")
        page.click("button[type=submit]")
        expect(page.locator("#form-notice")).to_contain_text("placed")
        placed.append(int(page.locator("#form-notice a").get_attribute("href").rsplit("/", 1)[1]))

    def sent() -> bool:
        return all(order_store.get(i).status == OrderStatus.PROCESSING for i in placed)

    _wait_for(sent)  # the worker process took them from the queue
    time.sleep(1.2)
    runner = CliRunner()
    for _ in range(2):  # the second cycle must change nothing
        result = runner.invoke(panel, ["--stage", "test", "jobs", "run", "sync_statuses"])
        assert result.exit_code == 0, result.output
        assert json.loads(result.output)[str(provider.provider_id)]["polled"] in (0, 2)

    completed, partial = (order_store.get(i) for i in placed)
    assert completed.status == OrderStatus.COMPLETED and completed.refunded == 0
    assert partial.status == OrderStatus.PARTIAL and partial.remains == 400
    assert partial.refunded == (partial.charge * Decimal("0.4")).quantize(Decimal("0.00001"))
    refunds = [e for e in ledger_store.entries(user_id) if e.kind.value == "refund"]
    assert len(refunds) == 1
    assert calls()["add"] == 2

    page.goto("/orders")
    rows = page.locator("#orders-table tbody tr")
    expect(rows.nth(0)).to_contain_text("Partial")
    expect(rows.nth(1)).to_contain_text("Completed")
    page.goto("/balance")
    expected = Decimal("20") - completed.charge - partial.charge + partial.refunded
    # Pages show cents, rounded half up like the ledger (frontend/src/money.ts).
    expect(page.locator("#balance")).to_have_text(f"${money.for_people(expected)}")
