"""Service mails the customer can switch off: an order ended (completed, partial with its
refund, canceled with its refund) and a top-up received (amount and balance).

These are notices about the customer's own orders and money, not marketing: they are not
tied to the marketing objection (P6) and need no consent, so every switch starts on, as
panels commonly do; the customer turns any of them off on the account page. The texts name
the order's service by the name staff gave it, never the provider (white label).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any

from chalicelib.domain.money import for_people
from chalicelib.domain.orders import OrderStatus


class CustomerMail(enum.StrEnum):
    ORDER_COMPLETED = "order_completed"
    ORDER_PARTIAL = "order_partial"
    ORDER_CANCELED = "order_canceled"
    TOP_UP_RECEIVED = "top_up_received"


@dataclass(frozen=True)
class MailPreferences:
    """One switch per CustomerMail (same names); `version` counts the customer's changes."""

    order_completed: bool = True
    order_partial: bool = True
    order_canceled: bool = True
    top_up_received: bool = True
    version: int = 0

    def allows(self, mail: CustomerMail) -> bool:
        return bool(getattr(self, mail.value))

    def switches(self) -> dict[str, bool]:
        return {mail.value: self.allows(mail) for mail in CustomerMail}

    @classmethod
    def from_stored(cls, switches: dict[str, Any] | None, version: int) -> MailPreferences:
        """Stored switches over the defaults: a switch added later starts at its default."""
        known = {f.name for f in fields(cls)} - {"version"}
        given = {name: bool(value) for name, value in (switches or {}).items() if name in known}
        return cls(**given, version=version)


ORDER_END_MAILS = {
    OrderStatus.COMPLETED: CustomerMail.ORDER_COMPLETED,
    OrderStatus.PARTIAL: CustomerMail.ORDER_PARTIAL,
    OrderStatus.CANCELED: CustomerMail.ORDER_CANCELED,
}


def for_order_end(status: OrderStatus) -> CustomerMail | None:
    """The mail an order's final status sends; None for a status that is not an end."""
    return ORDER_END_MAILS.get(status)


def sent_marker(mail: CustomerMail, subject_id: int) -> str:
    """Names the one mail of this kind about this order or top-up: claimed before sending,
    so a retried settlement, webhook or queue delivery never mails twice."""
    return f"{mail.value}#{subject_id}"


@dataclass(frozen=True)
class EndedOrder:
    """What an order-end mail tells: the customer's own view of the order."""

    order_id: int
    service_name: str
    link: str
    quantity: int
    charge: Decimal
    refunded: Decimal
    remains: int | None


def order_mail(mail: CustomerMail, order: EndedOrder, username: str) -> tuple[str, str]:
    """Subject and text of an order-end mail."""
    what = f"order #{order.order_id} ({order.service_name}, {order.quantity} for {order.link})"
    if mail == CustomerMail.ORDER_COMPLETED:
        subject = f"Order #{order.order_id} completed"
        body = f"Your {what} is completed: everything was delivered."
    elif mail == CustomerMail.ORDER_PARTIAL:
        subject = f"Order #{order.order_id} partially completed"
        undelivered = f"{order.remains} were not delivered" if order.remains is not None else "part was not delivered"
        body = (f"Your {what} ended partially completed: {undelivered}. "
                f"{for_people(order.refunded)} USD of the {for_people(order.charge)} USD it cost went back to "
                "your balance.")
    elif mail == CustomerMail.ORDER_CANCELED:
        subject = f"Order #{order.order_id} canceled"
        body = (f"Your {what} was canceled. {for_people(order.refunded)} USD of the {for_people(order.charge)} "
                "USD it cost went back to your balance.")
    else:
        raise ValueError(f"{mail} is not an order mail")
    return subject, _letter(username, body)


def top_up_mail(top_up_id: int, amount: Decimal, bonus: Decimal, balance: Decimal, username: str) -> tuple[str, str]:
    """Subject and text of the top-up mail; `balance` as read when the mail is written."""
    bonus_line = f" with a bonus of {for_people(bonus)} USD" if bonus > 0 else ""
    body = (f"We received your top-up #{top_up_id} of {for_people(amount)} USD{bonus_line}. "
            f"Your balance is now {for_people(balance)} USD.")
    return f"Top-up of {for_people(amount)} USD received", _letter(username, body)


def _letter(username: str, body: str) -> str:
    return (f"Hello {username},\n\n{body}\n\n"
            "You can switch these e-mails off on your account page.\n")
