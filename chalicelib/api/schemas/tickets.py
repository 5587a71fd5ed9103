"""Support tickets: the customer's routes (`/tickets...`) and the staff console (`/staff/...`).

api/tickets.py names these models lazily (`contract.lazy`): only a ticket request builds them.
A body field of the wrong type is refused by the domain rule that checks it
(`domain/tickets/checks.py`, imported on first use), in its words; the value itself (length,
known category, whose upload) is checked by the use case. Values are plain text here (not the
domain's enums) so this module stays cheap to import.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field

from chalicelib.api.schemas.common import Cursor, Money, Out, Timestamp, when

if TYPE_CHECKING:
    from chalicelib.domain.orders import Order
    from chalicelib.domain.tickets.model import Attachment, Message, Ticket
    from chalicelib.domain.tickets.sla import SlaView



# --- answers --------------------------------------------------------------------------------


class CategoryOut(Out):
    id: str
    label: str
    needs: str


class RequestTypeOut(Out):
    id: str
    label: str


class TicketConfig(Out):
    categories: list[CategoryOut]
    privacy_request_types: list[RequestTypeOut]
    subject_max_chars: int
    max_message_bytes: int
    max_order_ids: int
    max_attachments: int
    attachment_max_bytes: int
    attachment_content_types: list[str]


class UploadForm(Out):
    url: str
    fields: dict[str, str]


class UploadOut(Out):
    id: str
    key: str
    filename: str
    content_type: str
    max_bytes: int
    expires_in: int
    upload: UploadForm


class UploadAnswer(Out):
    attachment: UploadOut


class AttachmentOut(Out):
    id: str
    filename: str
    content_type: str
    size: int

    @classmethod
    def of(cls, attachment: Attachment) -> AttachmentOut:
        return cls(id=attachment.attachment_id, filename=attachment.filename, content_type=attachment.content_type,
                   size=attachment.size)


class MessageOut(Out):
    id: int
    author: Literal["customer", "staff", "system"]
    body: str
    at: Timestamp
    attachments: list[AttachmentOut]

    @classmethod
    def fields_of(cls, message: Message) -> dict[str, Any]:
        return {"id": message.seq, "author": message.author.value, "body": message.body,
                "at": message.at.isoformat(), "attachments": [AttachmentOut.of(a) for a in message.attachments]}

    @classmethod
    def of(cls, message: Message) -> MessageOut:
        """A message as the customer sees it (customer routes never read notes)."""
        return cls(**cls.fields_of(message))


class StaffMessageOut(MessageOut):
    author_id: str
    internal: bool

    @classmethod
    def of(cls, message: Message) -> StaffMessageOut:
        return cls(**cls.fields_of(message), author_id=message.author_id, internal=message.internal)


class TicketOut(Out):
    """What the customer sees of their ticket."""

    number: int
    display: str
    subject: str
    category: str
    category_label: str
    priority: str
    status: str
    order_ids: list[int]
    top_up_id: int | None
    created_at: Timestamp
    updated_at: Timestamp
    merged_into: int | None
    message_count: int

    @classmethod
    def fields_of(cls, ticket: Ticket) -> dict[str, Any]:
        from chalicelib.domain.tickets.model import CATEGORY_LABELS

        return {"number": ticket.number, "display": ticket.display, "subject": ticket.subject,
                "category": ticket.category.value, "category_label": CATEGORY_LABELS[ticket.category],
                "priority": ticket.priority.value, "status": ticket.status.value, "order_ids": list(ticket.order_ids),
                "top_up_id": ticket.top_up_id, "created_at": ticket.created_at.isoformat(),
                "updated_at": ticket.updated_at.isoformat(), "merged_into": ticket.merged_into,
                "message_count": ticket.message_count}

    @classmethod
    def of(cls, ticket: Ticket) -> TicketOut:
        """What the customer sees of their ticket."""
        return cls(**cls.fields_of(ticket))


class PauseOut(Out):
    paused_at: Timestamp
    resumed_at: Timestamp | None


class ChangeOut(Out):
    field: str
    from_: str | None = Field(alias="from")
    to: str | None
    by: str
    at: Timestamp
    reason: str | None


class StaffTicketOut(TicketOut):
    """Staff also see the owner, the SLA clock and why it did not start, and every change."""

    user_id: str
    assigned_to: str | None
    version: int
    duplicate_of: int | None
    clock_started_at: Timestamp | None
    clock_blockers: list[str]
    deadline: Timestamp | None
    first_response_at: Timestamp | None
    first_response_by: str | None
    first_response_business_seconds: int | None
    business_seconds_used: int | None
    breached: bool
    paused: bool
    pauses: list[PauseOut]
    history: list[ChangeOut]

    @classmethod
    def of(cls, ticket: Ticket, sla: SlaView) -> StaffTicketOut:  # type: ignore[override]
        return cls(
            **TicketOut.fields_of(ticket), user_id=ticket.user_id, assigned_to=ticket.assigned_to,
            version=ticket.version, duplicate_of=ticket.duplicate_of, clock_started_at=when(sla.clock_started_at),
            clock_blockers=list(sla.clock_blockers), deadline=when(sla.deadline),
            first_response_at=when(sla.first_response_at), first_response_by=sla.first_response_by,
            first_response_business_seconds=sla.first_response_business_seconds,
            business_seconds_used=sla.business_seconds_used, breached=sla.breached, paused=sla.paused,
            pauses=[PauseOut(paused_at=p.paused_at.isoformat(), resumed_at=when(p.resumed_at)) for p in ticket.pauses],
            history=[ChangeOut(field=c.field, from_=c.old, to=c.new, by=c.by, at=c.at.isoformat(), reason=c.reason)
                     for c in ticket.history])


class TicketThread(Out):
    ticket: TicketOut
    messages: list[MessageOut]


class TicketReplied(Out):
    ticket: TicketOut
    message: MessageOut


class TicketAnswer(Out):
    ticket: TicketOut


class TicketList(Out):
    tickets: list[TicketOut]


class StaffTicketList(Out):
    tickets: list[StaffTicketOut]
    next_cursor: Cursor = None


class StaffThread(Out):
    ticket: StaffTicketOut
    username: str | None
    messages: list[StaffMessageOut]


class StaffTicketAnswer(Out):
    ticket: StaffTicketOut


class StaffTicketMessage(Out):
    """A staff reply or note, with the ticket it changed."""

    ticket: StaffTicketOut
    message: StaffMessageOut


class Merged(Out):
    ticket: StaffTicketOut
    into: StaffTicketOut


class BreachCount(Out):
    user_id: str
    count: int


class Breaches(Out):
    month: str
    breaches: list[BreachCount]


class CannedReplyOut(Out):
    id: str
    title: str
    text: str


class CannedReplies(Out):
    canned_replies: list[CannedReplyOut]


class CannedReplyAnswer(Out):
    canned_reply: CannedReplyOut


class TicketOrderOut(Out):
    """An order a ticket names, as staff see it from the thread."""

    id: int
    status: str = Field(description="Our status (needs_review included).")
    service_id: int
    service_name: str
    charge: Money
    created_at: Timestamp
    staff_link: str | None = Field(description="The staff page where the order can be acted on (orders needing "
                                               "review or stuck), or null when none applies.")

    @classmethod
    def of(cls, order: Order) -> TicketOrderOut:
        from chalicelib.domain.money import show

        needs_staff = order.status.value == "needs_review" or order.stuck
        return cls(id=order.order_id, status=order.status.value, service_id=order.service_id,
                   service_name=order.service_name, charge=show(order.charge), created_at=order.created_at.isoformat(),
                   staff_link="/admin/orders" if needs_staff else None)


class TicketOrders(Out):
    orders: list[TicketOrderOut]


class DownloadLink(Out):
    url: str
    filename: str
    content_type: str
    size: int
    expires_in: int


class DownloadAnswer(Out):
    attachment: DownloadLink
