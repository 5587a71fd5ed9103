"""Which order end sends which mail, the switches with their defaults, and the mails' text:
two-decimal money, the staff's service name, nothing about a provider."""

from __future__ import annotations

from decimal import Decimal

import pytest

from chalicelib.domain.customer_mails import (
    CustomerMail,
    EndedOrder,
    MailPreferences,
    for_order_end,
    order_mail,
    sent_marker,
    top_up_mail,
)
from chalicelib.domain.money import for_people
from chalicelib.domain.orders import OrderStatus

ORDER = EndedOrder(order_id=41, service_name="Instagram Likes HQ", link="https://instagram.com/p/x", quantity=1000,
                   charge=Decimal("12.50000"), refunded=Decimal("3.12345"), remains=250)


@pytest.mark.parametrize(("status", "mail"), [
    (OrderStatus.COMPLETED, CustomerMail.ORDER_COMPLETED),
    (OrderStatus.PARTIAL, CustomerMail.ORDER_PARTIAL),
    (OrderStatus.CANCELED, CustomerMail.ORDER_CANCELED),
])
def test_each_final_status_sends_its_own_mail(status: OrderStatus, mail: CustomerMail) -> None:
    assert for_order_end(status) == mail


@pytest.mark.parametrize("status", [OrderStatus.PENDING, OrderStatus.SENDING, OrderStatus.IN_PROGRESS,
                                    OrderStatus.PROCESSING, OrderStatus.NEEDS_REVIEW])
def test_an_order_that_has_not_ended_sends_nothing(status: OrderStatus) -> None:
    assert for_order_end(status) is None


def test_every_switch_starts_on_and_each_is_read_by_its_own_mail() -> None:
    assert all(MailPreferences().allows(mail) for mail in CustomerMail)
    for off in CustomerMail:
        prefs = MailPreferences.from_stored({off.value: False}, 3)
        assert not prefs.allows(off)
        assert all(prefs.allows(other) for other in CustomerMail if other != off)
        assert prefs.version == 3


def test_stored_switches_ignore_names_that_are_not_switches() -> None:
    prefs = MailPreferences.from_stored({"version": 99, "marketing": False, "order_partial": False}, 2)
    assert prefs.version == 2 and not prefs.allows(CustomerMail.ORDER_PARTIAL)
    assert MailPreferences.from_stored(None, 0) == MailPreferences()


def test_a_mail_is_named_by_its_kind_and_subject() -> None:
    assert sent_marker(CustomerMail.ORDER_PARTIAL, 41) != sent_marker(CustomerMail.ORDER_CANCELED, 41)
    assert sent_marker(CustomerMail.TOP_UP_RECEIVED, 41) != sent_marker(CustomerMail.TOP_UP_RECEIVED, 42)


def test_money_for_people_has_two_decimals() -> None:
    assert for_people(Decimal("50.00000")) == "50.00"
    assert for_people(Decimal("3.12545")) == "3.13"
    assert for_people(Decimal("0")) == "0.00"


def test_the_partial_mail_tells_the_refund_and_what_was_not_delivered() -> None:
    subject, text = order_mail(CustomerMail.ORDER_PARTIAL, ORDER, "ann")
    assert subject == "Order #41 partially completed"
    assert "Hello ann" in text and "250 were not delivered" in text
    assert "3.12 USD of the 12.50 USD" in text and "Instagram Likes HQ" in text
    assert "00000" not in text


def test_the_canceled_and_completed_mails() -> None:
    subject, text = order_mail(CustomerMail.ORDER_CANCELED, ORDER, "ann")
    assert subject == "Order #41 canceled" and "3.12 USD of the 12.50 USD" in text
    subject, text = order_mail(CustomerMail.ORDER_COMPLETED, ORDER, "ann")
    assert subject == "Order #41 completed" and "USD" not in text


def test_the_top_up_mail_tells_amount_bonus_and_balance() -> None:
    subject, text = top_up_mail(7, Decimal("100.00"), Decimal("5.00"), Decimal("117.50000"), "ann")
    assert subject == "Top-up of 100.00 USD received"
    assert "bonus of 5.00 USD" in text and "balance is now 117.50 USD" in text
    _, plain = top_up_mail(7, Decimal("100.00"), Decimal("0.00"), Decimal("100"), "ann")
    assert "bonus" not in plain


def test_a_top_up_is_not_an_order_mail() -> None:
    with pytest.raises(ValueError, match="not an order mail"):
        order_mail(CustomerMail.TOP_UP_RECEIVED, ORDER, "ann")
