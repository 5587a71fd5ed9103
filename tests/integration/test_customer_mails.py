"""The customer's service mails through the real money paths: settlement by the status sync
(provider simulator), a cancel before sending, Stripe's webhook (localstripe) and a staff
top-up, each mailed once through the mail queue even when retried, and only while the
customer's switch is on."""

from __future__ import annotations

import time
from decimal import Decimal

import pytest

from chalicelib.adapters import mail
from chalicelib.domain.customer_mails import MailPreferences
from chalicelib.domain.errors import Conflict
from chalicelib.domain.orders import OrderStatus
from chalicelib.domain.payments import Method
from chalicelib.services import customer_mails, orders, status_sync
from chalicelib.services.payments import card, staff, webhook
from chalicelib.store import customer_mails as mail_store
from chalicelib.store import orders as order_store
from chalicelib.store import users
from devstack import worker
from tests.support import stripe
from tests.support.accounts import customer, email_of
from tests.support.ledger import balance
from tests.support.mail import mails_to
from tests.support.provider_sim import configure

LINK = "https://instagram.com/p/mailed"


def _mails(user_id: str, subject_start: str) -> list[str]:
    return [m for m in mails_to(email_of(user_id)) if m.startswith(subject_start)]


def _switch_off(user_id: str, **off: bool) -> None:
    user = users.get(user_id)
    assert user is not None
    switches = {**MailPreferences().switches(), **off}
    customer_mails.set_preferences(user, MailPreferences(**switches, version=0))


def _end_upstream(panel, user_id: str, **conduct: object) -> orders.Order:
    provider, services = panel
    configure(services={"102": {"duration_seconds": 0.2, **conduct}})
    placed = orders.place(user_id, services["102"].service_id, {"link": LINK, "quantity": 1000})
    worker.drain()  # dispatch
    time.sleep(0.3)
    status_sync.sync_provider(provider)
    status_sync.sync_provider(provider)  # a second cycle finds it settled: nothing more
    ended = order_store.get(placed.order_id)
    assert ended is not None
    return ended


def test_a_partial_order_is_mailed_once_with_its_refund_even_when_the_settlement_is_retried(panel) -> None:
    provider, _ = panel
    user_id = customer("50.00")
    ended = _end_upstream(panel, user_id, outcome="partial", partial_remains=400)
    assert ended.status == OrderStatus.PARTIAL and ended.refunded > 0
    # The provider's answer delivered again, by hand: the settlement finds the order ended.
    assert not orders.settle(ended.order_id, OrderStatus.PARTIAL, remains=400)
    worker.drain()
    worker.drain()
    (partial,) = _mails(user_id, f"Order #{ended.order_id} partially completed")
    refund = ended.refunded.quantize(Decimal("0.01"))
    assert f"{refund} USD of the {ended.charge.quantize(Decimal('0.01'))} USD" in partial
    assert "400 were not delivered" in partial
    assert provider.name not in partial and "provider" not in partial.lower()


def test_a_completed_order_is_mailed_once_and_not_when_its_switch_is_off(panel) -> None:
    mailed, silent = customer("50.00"), customer("50.00")
    _switch_off(silent, order_completed=False)
    first = _end_upstream(panel, mailed)
    second = _end_upstream(panel, silent)
    assert first.status == second.status == OrderStatus.COMPLETED
    worker.drain()
    assert len(_mails(mailed, f"Order #{first.order_id} completed")) == 1
    assert _mails(silent, "Order #") == []


def test_a_cancel_before_sending_is_mailed_with_the_whole_charge_back(panel) -> None:
    _, services = panel
    configure(services={"102": {"duration_seconds": 600}})
    user_id = customer("50.00")
    placed = orders.place(user_id, services["102"].service_id, {"link": LINK, "quantity": 100})
    orders.request_cancel(user_id, placed.order_id)  # before the dispatcher runs
    worker.drain()
    ended = order_store.get(placed.order_id)
    assert ended is not None and ended.status == OrderStatus.CANCELED
    (canceled,) = _mails(user_id, f"Order #{placed.order_id} canceled")
    charge = placed.charge.quantize(Decimal("0.01"))
    assert f"{charge} USD of the {charge} USD it cost went back" in canceled


def test_the_switch_is_read_when_the_mail_is_written(panel) -> None:
    """Turned off after the order ended but before the worker ran: the queued mail stays unsent."""
    _, services = panel
    configure(services={"102": {"duration_seconds": 600}})
    user_id = customer("50.00")
    placed = orders.place(user_id, services["102"].service_id, {"link": LINK, "quantity": 100})
    orders.request_cancel(user_id, placed.order_id)
    _switch_off(user_id, order_canceled=False)
    worker.drain()
    assert _mails(user_id, "Order #") == []


def test_a_message_delivered_twice_by_the_queue_is_mailed_once(panel) -> None:
    _, services = panel
    configure(services={"102": {"duration_seconds": 600}})
    user_id = customer("50.00")
    placed = orders.place(user_id, services["102"].service_id, {"link": LINK, "quantity": 100})
    orders.request_cancel(user_id, placed.order_id)
    worker.drain()
    assert not customer_mails.send_queued("order_canceled", placed.order_id)  # SQS's second delivery
    assert len(_mails(user_id, f"Order #{placed.order_id} canceled")) == 1


def test_a_failed_send_gives_its_claim_back_so_the_retry_mails(panel, monkeypatch: pytest.MonkeyPatch) -> None:
    _, services = panel
    configure(services={"102": {"duration_seconds": 600}})
    user_id = customer("50.00")
    placed = orders.place(user_id, services["102"].service_id, {"link": LINK, "quantity": 100})
    assert orders.settle(placed.order_id, OrderStatus.CANCELED, before_sending=True)
    real_send = mail.send

    def down(*_args: object, **_kwargs: object) -> None:
        raise ConnectionError("SES unavailable")

    monkeypatch.setattr(mail, "send", down)
    with pytest.raises(ConnectionError):
        customer_mails.send_queued("order_canceled", placed.order_id)
    monkeypatch.setattr(mail, "send", real_send)
    assert customer_mails.send_queued("order_canceled", placed.order_id)
    worker.drain()  # the settlement's own message finds the mail sent
    assert len(_mails(user_id, f"Order #{placed.order_id} canceled")) == 1


def test_a_card_top_up_is_mailed_once_whatever_number_of_webhook_deliveries() -> None:
    user_id = customer()
    started = card.start_top_up(user_id, "40.00", stripe.card(), f"key-{time.monotonic_ns()}")
    intent = stripe.stripe_get(f"payment_intents/{started.top_up.payment_intent}")
    body, signature = stripe.signed(stripe.event("payment_intent.succeeded", intent))
    outcomes = [webhook.receive_webhook(body, signature) for _ in range(3)]
    assert outcomes.count("credited") == 1
    worker.drain()
    worker.drain()
    (received,) = _mails(user_id, "Top-up of 40.00 USD received")
    assert f"Your balance is now {balance(user_id).quantize(Decimal('0.01'))} USD" in received


def test_a_staff_top_up_is_mailed_once_and_not_when_its_switch_is_off() -> None:
    mailed, silent = customer(), customer()
    _switch_off(silent, top_up_received=False)
    for user_id in (mailed, silent):
        for _ in range(2):  # the same request twice: one credit
            staff.manual_top_up("staff-test", user_id, "25.00", Method.BANK_TRANSFER.value, "wire 123",
                                f"manual-{user_id}")
    worker.drain()
    (received,) = _mails(mailed, "Top-up of 25.00 USD received")
    assert "Your balance is now 25.00 USD" in received
    assert _mails(silent, "Top-up") == []


def test_a_stale_version_is_refused_and_keeps_the_newer_switches() -> None:
    user_id = customer()
    user = users.get(user_id)
    assert user is not None
    saved = customer_mails.set_preferences(user, MailPreferences(order_partial=False, version=0))
    assert saved.version == 1
    with pytest.raises(Conflict):
        customer_mails.set_preferences(user, MailPreferences(version=0))  # a page read before the change
    stored = mail_store.preferences(user_id)
    assert stored is not None and not stored.order_partial and stored.version == 1
