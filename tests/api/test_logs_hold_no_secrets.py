"""No password, token, API key, full e-mail or full IP reaches any log (P2).

Every log record of every logger is captured at DEBUG, with its `extra` fields, while a
real customer signs up, signs in, resets the password through the mailed link, tops up
with a card through Stripe's signed webhook, and creates and uses an API key. The second
test proves the check itself can fail: a record carrying the password trips it.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator

import pytest

from chalicelib.observability import WIRE_LOGGERS
from chalicelib.observability import logger as app_logger
from devstack import worker
from tests.support import stripe
from tests.support.mail import latest_mail_to


class Everything(logging.Handler):
    """Keeps each record as text: the message, and every attribute (Powertools puts `extra` there)."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage() + " " + json.dumps(record.__dict__, default=str))


def _wire(name: str) -> bool:
    return any(name == wire or name.startswith(wire + ".") for wire in WIRE_LOGGERS)


@pytest.fixture
def every_log_record() -> Iterator[Everything]:
    """Every logger at DEBUG, except the wire loggers' own level, which the application pins
    (their records are still captured if any reach WARNING)."""
    handler = Everything()
    named = [logging.getLogger(name) for name in list(logging.root.manager.loggerDict)]
    loggers = [logging.getLogger(), logging.getLogger(app_logger.name), *named]
    for wire in WIRE_LOGGERS:
        assert logging.getLogger(wire + ".any").getEffectiveLevel() >= logging.WARNING
    saved = [(each, each.level) for each in loggers]
    for each in loggers:
        each.addHandler(handler)
        if not _wire(each.name):
            each.setLevel(logging.DEBUG)
    try:
        yield handler
    finally:
        for each, level in saved:
            each.removeHandler(handler)
            each.setLevel(level)


def leaks(lines: list[str], secrets: dict[str, str]) -> dict[str, str]:
    """Which secrets (by name) appear in any captured line, with the first such line."""
    found = {}
    for name, secret in secrets.items():
        assert secret and len(secret) >= 8, name  # a short or missing secret would match by chance
        for line in lines:
            if secret in line:
                found[name] = line[:300]
                break
    return found


def _customer_journey(client, new_client, email: str) -> dict[str, str]:
    """The flows that handle secrets, through the real routes; returns every secret they used."""
    password, new_password = "first-secret-Pass-1", "second-secret-Pass-2"
    client.ip = "198.51.100.77"
    assert client.register(email, password=password).status_code == 201
    assert client.login(email, password=password).status_code == 200
    session = next(iter(client.cookies.values()))
    assert new_client().post("/auth/password/forgot", {"email": email}).status_code == 202
    worker.drain()
    reset_token = re.search(r"#token=([\w-]+)", latest_mail_to(email)).group(1)
    reset = new_client().post("/auth/password/reset", {"token": reset_token, "password": new_password})
    assert reset.status_code == 200
    assert client.login(email, password=new_password).status_code == 200
    started = client.post("/payments/top-ups", {"amount": "15.00", "payment_method": stripe.card()},
                          headers={"Idempotency-Key": "log-check"})
    assert started.status_code == 201, started.data
    intent = stripe.stripe_get(f"payment_intents/{started.data['top_up']['transaction_id']}")
    body, signature = stripe.signed(stripe.event("payment_intent.succeeded", intent))
    assert client.post("/payments/webhook", raw=body, headers={"Stripe-Signature": signature},
                       csrf=False).status_code == 200
    created = client.post("/me/api-keys", {"label": "log check"})
    assert created.status_code == 201, created.data
    api_key = created.data["key"]
    balance = client.request("POST", "/v2", raw=f"key={api_key}&action=balance".encode(),
                             headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert balance.data["balance"] == "15.00000"
    return {"password": password, "new password": new_password, "session id": session,
            "csrf token": client.csrf, "reset token": reset_token, "API key": api_key, "e-mail": email,
            "client IP": client.ip, "webhook signature": signature.split("v1=")[-1]}


@pytest.mark.promise("P2")
def test_no_secret_reaches_any_log(client, new_client, unique_email, every_log_record) -> None:
    secrets = _customer_journey(client, new_client, unique_email)
    assert len(every_log_record.lines) > 10  # the flows did log: the check looked at something
    assert any("balance moved" in line for line in every_log_record.lines)
    assert leaks(every_log_record.lines, secrets) == {}


@pytest.mark.promise("P2")
def test_the_check_trips_when_a_password_is_logged(client, new_client, unique_email, every_log_record,
                                                   monkeypatch) -> None:
    from chalicelib.services import accounts

    real_register = accounts.register

    def careless_register(username, email, password, adult, **kwargs):
        app_logger.debug("registering", extra={"attempt": password})  # the mistake this test must catch
        return real_register(username, email, password, adult, **kwargs)

    monkeypatch.setattr(accounts, "register", careless_register)
    secrets = _customer_journey(client, new_client, unique_email)
    assert set(leaks(every_log_record.lines, secrets)) == {"password"}
