"""The mail that tells a customer support replied: queued by the reply, sent by the mail worker.
It carries a link to the ticket, never the reply's text."""

from __future__ import annotations

from chalicelib.adapters import queue
from chalicelib.observability import logger
from chalicelib.services import brand
from chalicelib.settings import get_settings
from chalicelib.store import tickets as store
from chalicelib.store import users

REPLY_MAIL = "ticket_reply"


def queue_reply_mail(number: int) -> None:
    """Queue the customer's notification; the reply is saved whatever happens here."""
    try:
        queue.send(get_settings().mail_queue_name, {"kind": REPLY_MAIL, "ticket": number})
    except Exception as exc:
        logger.warning("ticket reply mail not queued", extra={"ticket": number, "error": type(exc).__name__})


def send_reply_mail(number: int) -> bool:
    """Worker side: tell the customer that support replied (a link, not the text)."""
    ticket = store.get(number)
    user = users.get(ticket.user_id) if ticket else None
    if ticket is None or user is None:
        logger.info("ticket reply mail dropped", extra={"ticket": number})
        return False
    link = f"{get_settings().site_url}/tickets/{ticket.number}"
    brand.send_mail(user.email, f"Support replied to your ticket {ticket.display}",
                    f"Hello {user.username},\n\nOur support team replied to your ticket {ticket.display} "
                    f"(\"{ticket.subject}\").\n\nRead the reply and answer it here: {link}\n\n"
                    "Please answer on the ticket page rather than to this e-mail.\n")
    logger.info("ticket reply mailed", extra={"ticket": number, "user_id": ticket.user_id})
    return True
