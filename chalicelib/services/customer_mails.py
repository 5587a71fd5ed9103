"""Service mails the customer can switch off (domain.customer_mails): queued once by what
moved the money, sent once by the mail worker.

Once: the settlement and the top-up credit queue the mail only when their own conditional
write succeeded (a retried settlement or webhook finds it applied and queues nothing), and
the worker claims a marker per mail and order or top-up before sending, so a message the
queue delivers twice is mailed once. The switch is read when the mail is written, so turning
a mail off also stops one already queued.
"""

from __future__ import annotations

from chalicelib.adapters import queue
from chalicelib.domain.accounts import User
from chalicelib.domain.customer_mails import (
    CustomerMail,
    EndedOrder,
    MailPreferences,
    for_order_end,
    order_mail,
    sent_marker,
    top_up_mail,
)
from chalicelib.domain.errors import Conflict, NotFound
from chalicelib.domain.orders import OrderStatus
from chalicelib.domain.payments import TopUpStatus
from chalicelib.observability import logger
from chalicelib.services import brand, clock
from chalicelib.settings import get_settings
from chalicelib.store import customer_mails as store
from chalicelib.store import ledger as ledger_store
from chalicelib.store import orders as order_store
from chalicelib.store import payments as top_up_store
from chalicelib.store import users

CUSTOMER_MAIL_MESSAGE = "customer_mail"
CHANGED_MEANWHILE = "Your e-mail settings changed meanwhile (another tab?). Reload the page and try again."


def preferences(user: User) -> MailPreferences:
    found = store.preferences(user.user_id)
    if found is None:
        raise NotFound("No such account.")
    return found


def set_preferences(user: User, wanted: MailPreferences) -> MailPreferences:
    """Save the switches over the version the customer saw (409 when it moved on)."""
    saved = store.save_preferences(user.user_id, wanted)
    if saved is None:
        raise Conflict(CHANGED_MEANWHILE)
    logger.info("mail preferences changed", extra={"user_id": user.user_id, "version": saved.version})
    return saved


def order_ended(order_id: int, status: OrderStatus) -> None:
    """Called once the settlement that ended the order was written."""
    kind = for_order_end(status)
    if kind is not None:
        _queue(kind, order_id)


def top_up_received(top_up_id: int) -> None:
    """Called once the top-up's credit was written (and its bonus, so the balance has it)."""
    _queue(CustomerMail.TOP_UP_RECEIVED, top_up_id)


def _queue(kind: CustomerMail, subject_id: int) -> None:
    # The money has moved already: a queue outage must not fail (and so retry) the settlement
    # or the webhook, which would find it applied and queue nothing anyway. The notice is lost
    # and the error is logged for operations.
    try:
        queue.send(get_settings().mail_queue_name, {"kind": CUSTOMER_MAIL_MESSAGE, "mail": kind.value,
                                                    "subject": subject_id})
    except Exception:
        logger.exception("customer mail not queued", extra={"mail": kind.value, "subject": subject_id})


def send_queued(kind_name: str, subject_id: int) -> bool:
    """Worker side: write and send the mail unless its switch is off or it went already."""
    kind = CustomerMail(kind_name)
    composed = _compose_top_up(subject_id) if kind == CustomerMail.TOP_UP_RECEIVED else _compose_order(kind, subject_id)
    if composed is None:
        return False
    user, subject, text = composed
    wanted = store.preferences(user.user_id)
    if wanted is None or not wanted.allows(kind):
        return False
    marker = sent_marker(kind, subject_id)
    if not store.claim_sent(marker, clock.now()):
        return False
    try:
        brand.send_mail(user.email, subject, text)
    except Exception:
        store.release_sent(marker)  # the queue delivers the message again
        raise
    return True


def _compose_order(kind: CustomerMail, order_id: int) -> tuple[User, str, str] | None:
    order = order_store.get(order_id)
    if order is None or for_order_end(order.status) != kind:
        return None
    user = users.get(order.user_id)
    if user is None:
        return None
    ended = EndedOrder(order.order_id, order.service_name, order.link, order.quantity, order.charge,
                       order.refunded, order.remains)
    return (user, *order_mail(kind, ended, user.username))


def _compose_top_up(top_up_id: int) -> tuple[User, str, str] | None:
    top_up = top_up_store.get(top_up_id)
    if top_up is None or top_up.status != TopUpStatus.SUCCEEDED:
        return None
    user = users.get(top_up.user_id)
    account = ledger_store.account(top_up.user_id)
    if user is None or account is None:
        return None
    return (user, *top_up_mail(top_up.top_up_id, top_up.amount, top_up.bonus, account.balance, user.username))
