"""Canned replies: texts staff insert into a reply and edit before sending."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CannedReply:
    reply_id: str
    title: str
    text: str


CANNED_REPLIES: tuple[CannedReply, ...] = (
    CannedReply("need-order-ids", "Ask for order ids",
                "Thank you for contacting us. Please send the ID of each order concerned (you find them on the "
                "Orders page), and describe step by step what you expected and what happened."),
    CannedReply("need-top-up-details", "Ask for top-up details",
                "Thank you for contacting us. Please send the top-up ID from your add-funds history, the amount "
                "and the date of the payment, and a screenshot of the payment confirmation if you have one."),
    CannedReply("need-screenshot", "Ask for a screenshot or log",
                "To look into this we need a screenshot of the problem or the error message / log you received. "
                "Please attach it to your reply."),
    CannedReply("refill-requested", "Refill requested",
                "We have requested a refill from the provider. Refills usually start within 24-72 hours."),
    CannedReply("cancel-requested", "Cancellation requested",
                "We have asked the provider to cancel the order. If it is canceled, the undelivered part is "
                "refunded to your balance automatically."),
    CannedReply("legal-request-elsewhere", "Law-enforcement request: point to the legal address",
                "Requests from law-enforcement, judicial or other government authorities are not handled by "
                "customer support and this ticket cannot be processed as one. Please send the request, as set out "
                "in our law-enforcement guidelines (/legal/law-enforcement), to our dedicated legal address shown "
                "there. We will not act on it in this ticket."),
    CannedReply("resolved", "Resolved",
                "This should now be resolved. If anything is still wrong, reply to this ticket and we will "
                "look again."),
)
