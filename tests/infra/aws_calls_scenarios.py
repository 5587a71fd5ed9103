"""What the API tests chosen by tests/infra/test_recorded_calls.py leave out: the reseller API's
actions, a preservation hold, and every SQS worker and scheduled job run once, on a table of their own with something
to do (one provider, the simulator; a customer with orders; a password reset to mail; a staff alert by
e-mail and Telegram).

Not collected by the suite (no `test_` prefix): test_recorded_calls.py runs it with the AWS call
recording switched on. The jobs walk the whole table, hence the fresh one; a job that answers with
anything but its report fails the run.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import pytest
from chalice.test import BaseClient, Client

from chalicelib.domain.accounts import Role
from chalicelib.services import staff_alerts
from chalicelib.settings import get_settings
from devstack import worker
from devstack.aws_calls import serving
from devstack.handlers import load_app, run_scheduled, scheduled_handlers, sqs_handlers
from tests.support.accounts import customer, email_of, new_staff
from tests.support.catalog import import_enabled
from tests.support.provider_sim import SIMULATOR_URL, configure

LINK = "https://instagram.com/p/recorded"
TELEGRAM_TOKEN = "123456789:AAHrecordedcallsrecordedcallsrecorded"


def probe_this_region(monkeypatch: pytest.MonkeyPatch) -> None:
    """A registered probe monitor for this process, as each probe region's function has."""
    from chalicelib.domain.monitoring import MonitorKind
    from chalicelib.services import monitoring
    from chalicelib.settings import get_settings

    monitoring.register("recorded-probe", "eu-west-2", MonitorKind.PROBE)
    monkeypatch.setenv("PANEL_PROBE_MONITOR_ID", "recorded-probe")
    get_settings.cache_clear()


@contextmanager
def _keep_stack_environment(self: BaseClient, environment_variables: dict[str, str]) -> Iterator[None]:
    """chalice.test would set the stage's variables from .chalice/config.json, its ports unmoved by
    PANEL_TEST_PORT_OFFSET (as tests/api/conftest.py says); this process has the right ones."""
    yield


def reseller_session(user_id: str, service_id: int, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """A reseller's tool at work through /api/v2: balance, services, an order, its status."""
    from chalicelib.services import api_keys
    from chalicelib.settings import get_settings

    key, _record = api_keys.create(user_id, "recorded")
    monkeypatch.setattr(BaseClient, "_patched_env_vars", _keep_stack_environment)
    headers = {"Content-Type": "application/x-www-form-urlencoded", "CloudFront-Viewer-Address": "198.51.100.9:443",
               "X-Origin-Verify": get_settings().origin_verify_secret}
    answers: list[dict[str, Any]] = []
    with Client(load_app(), stage_name="test") as chalice_client:

        def call(**params: Any) -> Any:
            response = chalice_client.http.post("/api/v2", headers=headers,
                                                body=urlencode({"key": key, **params}).encode())
            assert response.status_code == 200, response.body
            answers.append(json.loads(response.body))
            return answers[-1]

        call(action="balance")
        call(action="services")
        order = call(action="add", service=service_id, link=LINK + "/v2", quantity=1000)["order"]
        call(action="status", order=order)
        call(action="status", orders=f"{order},999999")
    return answers


def legal_hold_placed(user_id: str) -> None:
    """A preservation hold with its frozen copy in the legal bucket, placed by the legal function's
    own code path (accepting a preservation request), which the API tests selected do not reach;
    it expires after one business day, for the release job."""
    from chalicelib.services import legal_holds
    from chalicelib.store import logins

    now = datetime.now(UTC)
    logins.record(user_id, now, "198.51.100.3", (now + timedelta(days=90)).date())
    with serving("legal"):
        legal_holds.preserve(f"LR-{secrets.token_hex(4)}", user_id, ["login_ips"],
                             (now.date() - timedelta(days=7), now.date()), 1, "legal-0")


def test_the_reseller_api_every_worker_and_every_job_run_once(fresh_table: str, clock: Any,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from chalicelib.domain.orders import OrderStatus
    from chalicelib.services import catalog, orders, passwords
    from chalicelib.store import catalog as catalog_store
    from chalicelib.store import orders as orders_store
    from devstack.provider_sim import API_KEY

    worker.drain()  # messages of earlier tables name orders this table does not have
    configure(reset=True)
    provider = catalog.add_provider("Sim", SIMULATOR_URL, API_KEY)
    import_enabled(provider.provider_id)
    service = next(s for s in catalog_store.services() if s.provider_service == "101")
    buyer = customer("10.00")
    probe_this_region(monkeypatch)
    placed = orders.place(buyer, service.service_id, {"link": LINK, "quantity": 1000})
    passwords.request_password_reset(email_of(buyer), "198.51.100.7")
    assert not any("error" in answer for answer in reseller_session(buyer, service.service_id, monkeypatch))

    assert worker.drain() >= 3  # two orders to dispatch and the reset mail
    assert orders_store.get(placed.order_id).status == OrderStatus.PROCESSING
    legal_hold_placed(buyer)
    # Every provider's balance is "low": check_providers raises a staff alert, which the mail
    # worker fans out to the admin's e-mail and to Telegram (the bot token's secret).
    admin = new_staff(Role.ADMIN)
    staff_alerts.set_telegram(admin.user_id, TELEGRAM_TOKEN, "-1001234567890")
    monkeypatch.setenv("PANEL_PROVIDER_LOW_BALANCE_USD", "1000000000")
    get_settings.cache_clear()
    clock.at += timedelta(days=7)  # past the hold's last day
    app = load_app()
    served = {handler.name for handler in sqs_handlers(app)}
    results: dict[str, Any] = {handler.name: run_scheduled(handler) for handler in scheduled_handlers(app)}
    assert served == {"mail_worker", "order_dispatcher"}
    assert all(isinstance(result, dict) for result in results.values()), results
    assert results["release_legal_holds"]["released"] == 1, results
    assert all(answer.get("low") for answer in results["check_providers"].values()), results
    assert worker.drain() >= 3  # the alert's fan-out, the admin's e-mail and the Telegram message
