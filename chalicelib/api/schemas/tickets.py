"""Support tickets: the customer's routes (`/tickets...`) and the staff console (`/staff/...`).

api/tickets.py moves onto these models when its handlers are typed. Its bodies are checked by
the domain rules, which word what is wrong; these models document the shapes they accept.
Values are plain text here (not the domain's enums) so this module stays cheap to import.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from chalicelib.api.contract import Body, Query
from chalicelib.api.schemas.common import Out, Timestamp

# --- request bodies and queries -------------------------------------------------------------


class UploadBody(Body):
    filename: str = Field(max_length=255)
    content_type: str = Field(max_length=100)
    size: int = Field(ge=1)


class OpenBody(Body):
    subject: str
    category: str
    message: str
    order_ids: list[int] | None = Field(default=None, description="Order ids (text digits are accepted too).")
    top_up_id: int | None = None
    attachments: list[str] | None = Field(default=None, description="Upload keys from /tickets/attachments.")


class ReplyBody(Body):
    message: str
    attachments: list[str] | None = None


class StaffReplyBody(ReplyBody):
    status: str | None = None


class NoteBody(Body):
    message: str


class StatusBody(Body):
    status: str
    version: int | None = None


class AssignBody(Body):
    assignee: str | None = Field(description='A staff user id, "me", or null to unassign.')
    version: int | None = None


class ClassifyBody(Body):
    category: str | None = None
    priority: str | None = None
    reason: str | None = None
    version: int | None = None


class MergeBody(Body):
    into: int | str = Field(description="The ticket number to merge into (#123 or 123).")


class QueueQuery(Query):
    status: str | None = None
    priority: str | None = None
    category: str | None = None
    breached: Literal["true", "false"] | None = None
    assigned: str | None = Field(default=None, description='A staff user id, "me" or "none".')


class MonthQuery(Query):
    month: str | None = Field(default=None, examples=["2026-11"])


# --- answers --------------------------------------------------------------------------------


class CategoryOut(Out):
    id: str
    label: str
    needs: str


class TicketConfig(Out):
    categories: list[CategoryOut]
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


class MessageOut(Out):
    id: int
    author: Literal["customer", "staff", "system"]
    body: str
    at: Timestamp
    attachments: list[AttachmentOut]


class StaffMessageOut(MessageOut):
    author_id: str
    internal: bool


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


class StaffThread(Out):
    ticket: StaffTicketOut
    username: str | None
    messages: list[StaffMessageOut]


class StaffTicketAnswer(Out):
    ticket: StaffTicketOut
    message: StaffMessageOut | None = None


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


class DownloadLink(Out):
    url: str
    filename: str
    content_type: str
    size: int
    expires_in: int


class DownloadAnswer(Out):
    attachment: DownloadLink
