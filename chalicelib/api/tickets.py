"""Support tickets: a customer's own tickets (`/tickets...`) and the staff console (`/staff/tickets...`).

docs/support.md lists every route with its body and answer. Customers only ever reach their own
tickets: anyone else's is 404, like a missing one (O5). Internal notes are never in a customer
answer: customer routes read messages only, never notes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice.app import Blueprint

from chalicelib.api import params
from chalicelib.api.contract import lazy
from chalicelib.api.http import ANY_SIGNED_IN, Ctx, route
from chalicelib.domain.accounts import Role
from chalicelib.services import limits
from chalicelib.settings import get_settings

if TYPE_CHECKING:
    from types import ModuleType

    from chalicelib.api.schemas.ticket_requests import (
        AssignBody,
        CannedReplyBody,
        ClassifyBody,
        MergeBody,
        MonthQuery,
        NoteBody,
        OpenBody,
        QueueQuery,
        ReplyBody,
        StaffReplyBody,
        StatusBody,
        UploadBody,
    )
    from chalicelib.api.schemas.tickets import (
        Breaches,
        CannedReplies,
        CannedReplyAnswer,
        CannedReplyOut,
        DownloadAnswer,
        Merged,
        StaffThread,
        StaffTicketAnswer,
        StaffTicketList,
        StaffTicketMessage,
        TicketAnswer,
        TicketConfig,
        TicketList,
        TicketOrders,
        TicketReplied,
        TicketThread,
        UploadAnswer,
    )
    from chalicelib.domain.tickets.canned import CannedReply
    from chalicelib.domain.tickets.model import Message, Ticket
    from chalicelib.domain.tickets.sla import SlaView

bp = Blueprint(__name__)
T = lazy("chalicelib.api.schemas.tickets")  # the answers' models: built on the first ticket request
R = lazy("chalicelib.api.schemas.ticket_requests")  # the bodies' and queries' models, likewise
STAFF = [Role.SUPPORT, Role.ADMIN]   # domain.tickets.model.SUPPORT_ROLES (a test keeps them equal)


# The ticket use cases (services/tickets/), loaded on the first ticket request: a cold start of
# any other route should not pay for them (bench/cold_start.py).

def _customer() -> ModuleType:
    from chalicelib.services.tickets import customer

    return customer


def _staff() -> ModuleType:
    from chalicelib.services.tickets import staff

    return staff


def _staff_views() -> ModuleType:
    from chalicelib.services.tickets import staff_views

    return staff_views


def _canned() -> ModuleType:
    from chalicelib.services.tickets import canned

    return canned


def _attachments() -> ModuleType:
    from chalicelib.services.tickets import attachments

    return attachments


def _breaches() -> ModuleType:
    from chalicelib.services.tickets import breaches

    return breaches


def _model() -> ModuleType:
    from chalicelib.domain.tickets import model

    return model


def _checks() -> ModuleType:
    from chalicelib.domain.tickets import checks

    return checks


# --- customers ------------------------------------------------------------------------------

@route(bp, "/tickets/config", roles=ANY_SIGNED_IN, response=T.TicketConfig)
def ticket_config(ctx: Ctx) -> TicketConfig:
    """What the new-ticket form needs: categories, limits, allowed attachments."""
    from chalicelib.api.schemas import tickets as s
    from chalicelib.domain.privacy_requests import TYPE_LABELS

    settings, model, checks = get_settings(), _model(), _checks()
    return s.TicketConfig(
        categories=[s.CategoryOut(id=c.value, label=model.CATEGORY_LABELS[c], needs=model.CATEGORY_NEEDS[c])
                    for c in model.Category],
        privacy_request_types=[s.RequestTypeOut(id=t.value, label=label) for t, label in TYPE_LABELS.items()],
        subject_max_chars=checks.SUBJECT_MAX_CHARS, max_message_bytes=settings.ticket_max_message_bytes,
        max_order_ids=checks.MAX_ORDER_IDS, max_attachments=checks.MAX_ATTACHMENTS,
        attachment_max_bytes=settings.attachment_max_bytes,
        attachment_content_types=list(settings.attachment_content_types))


@route(bp, "/tickets/attachments", methods=["POST"], roles=ANY_SIGNED_IN, body=R.UploadBody, response=T.UploadAnswer,
       status=201, errors=[429])
def request_upload(ctx: Ctx, body: UploadBody) -> UploadAnswer:
    """A presigned form to upload one file, to attach to a message."""
    from chalicelib.api.schemas import tickets as s

    limits.take("upload requests", limits.per_subject("upload-form", ctx.me.user_id,
                                                      get_settings().upload_forms_per_account))
    upload = _attachments().request_upload(ctx.me.user_id, body.filename, body.content_type, body.size)
    return s.UploadAnswer(attachment=s.UploadOut.model_validate(upload))


@route(bp, "/tickets", methods=["POST"], roles=ANY_SIGNED_IN, body=R.OpenBody, response=T.TicketThread, status=201,
       errors=[409, 429])
def open_ticket(ctx: Ctx, body: OpenBody) -> TicketThread:
    """Open a ticket with its first message."""
    limits.take("new tickets", limits.per_subject("ticket-open", ctx.me.user_id,
                                                  get_settings().tickets_opened_per_account))
    ticket, messages = _customer().open_ticket(ctx.me.user_id, body.subject, body.category, body.message,
                                               body.order_ids, body.top_up_id, body.attachments, body.request_type)
    return _thread(ticket, messages)


def _thread(ticket: Ticket, messages: list[Message]) -> TicketThread:
    from chalicelib.api.schemas import tickets as s

    return s.TicketThread(ticket=s.TicketOut.of(ticket), messages=[s.MessageOut.of(m) for m in messages])


@route(bp, "/tickets", roles=ANY_SIGNED_IN, response=T.TicketList)
def my_tickets(ctx: Ctx) -> TicketList:
    """The caller's tickets."""
    from chalicelib.api.schemas import tickets as s

    return s.TicketList(tickets=[s.TicketOut.of(t) for t in _customer().tickets_of(ctx.me.user_id)])


@route(bp, "/tickets/{number}", roles=ANY_SIGNED_IN, response=T.TicketThread)
def my_ticket(ctx: Ctx, number: str) -> TicketThread:
    """One of the caller's tickets with its messages (never the staff's notes)."""
    return _thread(*_customer().my_ticket(ctx.me.user_id, number))


@route(bp, "/tickets/{number}/replies", methods=["POST"], roles=ANY_SIGNED_IN, body=R.ReplyBody,
       response=T.TicketReplied, status=201, errors=[409])
def reply(ctx: Ctx, number: str, body: ReplyBody) -> TicketReplied:
    """Reply to one's own ticket (a closed one reopens)."""
    from chalicelib.api.schemas import tickets as s

    ticket, message = _customer().reply_as_customer(ctx.me.user_id, number, body.message, body.attachments)
    return s.TicketReplied(ticket=s.TicketOut.of(ticket), message=s.MessageOut.of(message))


@route(bp, "/tickets/{number}/close", methods=["POST"], roles=ANY_SIGNED_IN, response=T.TicketAnswer, errors=[409])
def close(ctx: Ctx, number: str) -> TicketAnswer:
    """Close one's own ticket."""
    from chalicelib.api.schemas import tickets as s

    return s.TicketAnswer(ticket=s.TicketOut.of(_customer().close_as_customer(ctx.me.user_id, number)))


@route(bp, "/tickets/{number}/attachments/{attachment_id}", roles=ANY_SIGNED_IN, response=T.DownloadAnswer)
def download(ctx: Ctx, number: str, attachment_id: str) -> DownloadAnswer:
    """A short-lived link to a file of one's own ticket."""
    return _download(_attachments().attachment_link(number, attachment_id, customer=ctx.me.user_id))


def _download(link: dict[str, object]) -> DownloadAnswer:
    from chalicelib.api.schemas import tickets as s

    return s.DownloadAnswer(attachment=s.DownloadLink.model_validate(link))


# --- staff ----------------------------------------------------------------------------------

@route(bp, "/staff/tickets", roles=STAFF, query=R.QueueQuery, response=T.StaffTicketList)
def work_queue(ctx: Ctx, query: QueueQuery) -> StaffTicketList:
    """The work queue, most urgent first, filtered; `status=closed`: closed tickets, most recently
    changed first, a page at a time (`limit`, `cursor`)."""
    checks, views = _checks(), _staff_views()
    filters = views.QueueFilter(
        status=checks.parse_status(query.status) if query.status else None,
        priority=checks.parse_priority(query.priority) if query.priority else None,
        category=checks.parse_category(query.category) if query.category else None,
        breached=query.breached,
        assigned_to=None if query.assigned is None else {"me": ctx.me.user_id, "none": ""}.get(query.assigned,
                                                                                              query.assigned),
    )
    if filters.status == "closed":
        return _staff_list(*views.closed_page(filters, query.limit, query.cursor))
    if query.cursor is not None:
        from chalicelib.domain.errors import InvalidInput

        raise InvalidInput("Only the closed list pages; drop the cursor or filter by status=closed.",
                           fields={"cursor": "invalid"})
    return _staff_list(views.work_queue(filters))


def _staff_list(found: list[tuple[Ticket, SlaView]], next_cursor: str | None = None) -> StaffTicketList:
    from chalicelib.api.schemas import tickets as s

    return s.StaffTicketList(tickets=[s.StaffTicketOut.of(t, sla) for t, sla in found], next_cursor=next_cursor)


@route(bp, "/staff/tickets/breaches", roles=STAFF, query=R.MonthQuery, response=T.Breaches)
def breaches(ctx: Ctx, query: MonthQuery) -> Breaches:
    """First-response breaches of a month (`?month=YYYY-MM`) per customer, most first."""
    from chalicelib.api.schemas import tickets as s

    month = params.month(query.month)
    counts = _breaches().breaches_by_user(month)
    return s.Breaches(month=month, breaches=[
        s.BreachCount(user_id=user_id, count=count)
        for user_id, count in sorted(counts.items(), key=lambda p: (-p[1], p[0]))])


@route(bp, "/staff/canned-replies", roles=STAFF, response=T.CannedReplies)
def canned_replies(ctx: Ctx) -> CannedReplies:
    """The canned replies staff insert into answers, by title."""
    from chalicelib.api.schemas import tickets as s

    return s.CannedReplies(canned_replies=[_canned_out(c) for c in _canned().canned_replies()])


def _canned_out(reply: CannedReply) -> CannedReplyOut:
    from chalicelib.api.schemas import tickets as s

    return s.CannedReplyOut(id=reply.reply_id, title=reply.title, text=reply.text)


def _canned_answer(reply: CannedReply) -> CannedReplyAnswer:
    from chalicelib.api.schemas import tickets as s

    return s.CannedReplyAnswer(canned_reply=_canned_out(reply))


@route(bp, "/staff/canned-replies", methods=["POST"], roles=[Role.ADMIN], body=R.CannedReplyBody,
       response=T.CannedReplyAnswer, status=201, errors=[409])
def add_canned_reply(ctx: Ctx, body: CannedReplyBody) -> CannedReplyAnswer:
    """Add a canned reply (admins); its id is made from the title. Recorded in the audit log."""
    return _canned_answer(_canned().add(ctx.me.user_id, body.title, body.text))


@route(bp, "/staff/canned-replies/{reply_id}", methods=["PUT"], roles=[Role.ADMIN], body=R.CannedReplyBody,
       response=T.CannedReplyAnswer, errors=[404])
def change_canned_reply(ctx: Ctx, reply_id: str, body: CannedReplyBody) -> CannedReplyAnswer:
    """Change a canned reply's title and text (admins). Recorded in the audit log."""
    return _canned_answer(_canned().change(ctx.me.user_id, reply_id, body.title, body.text))


@route(bp, "/staff/canned-replies/{reply_id}", methods=["DELETE"], roles=[Role.ADMIN],
       response=T.CannedReplyAnswer, errors=[404])
def delete_canned_reply(ctx: Ctx, reply_id: str) -> CannedReplyAnswer:
    """Delete a canned reply (admins); answers what was deleted. Recorded in the audit log."""
    return _canned_answer(_canned().delete(ctx.me.user_id, reply_id))


@route(bp, "/staff/users/{user_id}/tickets", roles=STAFF, response=T.StaffTicketList)
def tickets_of_customer(ctx: Ctx, user_id: str) -> StaffTicketList:
    """Every ticket of one customer."""
    return _staff_list(_staff_views().tickets_of_customer(user_id))


@route(bp, "/staff/tickets/{number}", roles=STAFF, response=T.StaffThread)
def staff_ticket(ctx: Ctx, number: str) -> StaffThread:
    """One ticket with its SLA clock, history, messages and notes."""
    from chalicelib.api.schemas import tickets as s

    thread = _staff_views().staff_ticket(number)
    return s.StaffThread(ticket=s.StaffTicketOut.of(thread.ticket, thread.sla), username=thread.username,
                         messages=[s.StaffMessageOut.of(m) for m in thread.messages])


@route(bp, "/staff/tickets/{number}/orders", roles=STAFF, response=T.TicketOrders)
def ticket_orders(ctx: Ctx, number: str) -> TicketOrders:
    """The orders the ticket names (its order field, and ids written as "order 1234" in its subject
    and messages) that belong to its customer, with status, service and charge."""
    from chalicelib.api.schemas import tickets as s

    return s.TicketOrders(orders=[s.TicketOrderOut.of(o) for o in _staff_views().ticket_orders(number)])


@route(bp, "/staff/tickets/{number}/attachments", methods=["POST"], roles=STAFF, body=R.UploadBody,
       response=T.UploadAnswer, status=201, errors=[429])
def request_staff_upload(ctx: Ctx, number: str, body: UploadBody) -> UploadAnswer:
    """A presigned form to upload one file for a staff reply on this ticket (the customers' type
    and size rules); only a reply on this ticket can take it, and its customer can download it."""
    from chalicelib.api.schemas import tickets as s

    limits.take("upload requests", limits.per_subject("upload-form", ctx.me.user_id,
                                                      get_settings().upload_forms_per_account))
    upload = _attachments().request_staff_upload(ctx.me.user_id, number, body.filename, body.content_type,
                                                 body.size)
    return s.UploadAnswer(attachment=s.UploadOut.model_validate(upload))


def _staff_answer(ticket: Ticket) -> StaffTicketAnswer:
    from chalicelib.api.schemas import tickets as s

    return s.StaffTicketAnswer(ticket=s.StaffTicketOut.of(ticket, _staff_views().sla_of(ticket)))


def _staff_message(ticket: Ticket, message: Message) -> StaffTicketMessage:
    from chalicelib.api.schemas import tickets as s

    return s.StaffTicketMessage(ticket=s.StaffTicketOut.of(ticket, _staff_views().sla_of(ticket)),
                                message=s.StaffMessageOut.of(message))


@route(bp, "/staff/tickets/{number}/replies", methods=["POST"], roles=STAFF, body=R.StaffReplyBody,
       response=T.StaffTicketMessage, status=201, errors=[409])
def staff_reply(ctx: Ctx, number: str, body: StaffReplyBody) -> StaffTicketMessage:
    """Answer the customer (the ticket becomes answered unless another status is given)."""
    ticket, message = _staff().reply_as_staff(ctx.me.user_id, number, body.message, body.attachments,
                                              body.status)
    return _staff_message(ticket, message)


@route(bp, "/staff/tickets/{number}/notes", methods=["POST"], roles=STAFF, body=R.NoteBody,
       response=T.StaffTicketMessage, status=201, errors=[409])
def add_note(ctx: Ctx, number: str, body: NoteBody) -> StaffTicketMessage:
    """An internal note: staff only, never shown to the customer."""
    return _staff_message(*_staff().add_note(ctx.me.user_id, number, body.message))


@route(bp, "/staff/tickets/{number}/status", methods=["POST"], roles=STAFF, body=R.StatusBody,
       response=T.StaffTicketAnswer, errors=[409])
def set_status(ctx: Ctx, number: str, body: StatusBody) -> StaffTicketAnswer:
    """Change the status (with the version read, to refuse a stale change)."""
    return _staff_answer(_staff().set_status(ctx.me.user_id, number, body.status, body.version))


@route(bp, "/staff/tickets/{number}/assign", methods=["POST"], roles=STAFF, body=R.AssignBody,
       response=T.StaffTicketAnswer, errors=[409])
def assign(ctx: Ctx, number: str, body: AssignBody) -> StaffTicketAnswer:
    """Assign to a staff member ("me"), or unassign with null."""
    assignee = ctx.me.user_id if body.assignee == "me" else body.assignee
    return _staff_answer(_staff().assign(ctx.me.user_id, number, assignee, body.version))


@route(bp, "/staff/tickets/{number}/classify", methods=["POST"], roles=STAFF, body=R.ClassifyBody,
       response=T.StaffTicketAnswer, errors=[409])
def classify(ctx: Ctx, number: str, body: ClassifyBody) -> StaffTicketAnswer:
    """Change the category or priority, with a reason."""
    return _staff_answer(_staff().reclassify(ctx.me.user_id, number, body.category, body.priority, body.reason,
                                             body.version))


@route(bp, "/staff/tickets/{number}/merge", methods=["POST"], roles=STAFF, body=R.MergeBody, response=T.Merged,
       errors=[409])
def merge(ctx: Ctx, number: str, body: MergeBody) -> Merged:
    """Close a duplicate into the original ticket of the same customer."""
    from chalicelib.api.schemas import tickets as s

    merged, kept = _staff().merge(ctx.me.user_id, number, body.into)
    return s.Merged(ticket=s.StaffTicketOut.of(merged, _staff_views().sla_of(merged)),
                    into=s.StaffTicketOut.of(kept, _staff_views().sla_of(kept)))


@route(bp, "/staff/tickets/{number}/attachments/{attachment_id}", roles=STAFF, response=T.DownloadAnswer)
def staff_download(ctx: Ctx, number: str, attachment_id: str) -> DownloadAnswer:
    """A short-lived link to any file of a ticket, notes' included."""
    return _download(_attachments().attachment_link(number, attachment_id, customer=None))
