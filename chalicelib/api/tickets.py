"""Support tickets: a customer's own tickets (`/tickets...`) and the staff console (`/staff/tickets...`).

docs/support.md lists every route with its body and answer. Customers only ever reach their own
tickets: anyone else's is 404, like a missing one (O5). Internal notes are never in a customer
answer: customer routes read messages only, never notes.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from chalice.app import Blueprint, Response

from chalicelib.api import params
from chalicelib.api.http import ANY_SIGNED_IN, Ctx, route
from chalicelib.domain.accounts import Role
from chalicelib.services import limits
from chalicelib.settings import get_settings

if TYPE_CHECKING:
    from types import ModuleType

    from chalicelib.domain.tickets.model import Attachment, Message, Ticket
    from chalicelib.domain.tickets.sla import SlaView

bp = Blueprint(__name__)
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


def _bodies() -> ModuleType:
    """The request models (api/ticket_bodies.py), built on the first ticket request."""
    from chalicelib.api import ticket_bodies

    return ticket_bodies


# --- views ----------------------------------------------------------------------------------

def _time(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def attachment_view(attachment: Attachment) -> dict[str, Any]:
    return {"id": attachment.attachment_id, "filename": attachment.filename,
            "content_type": attachment.content_type, "size": attachment.size}


def message_view(message: Message, *, staff: bool = False) -> dict[str, Any]:
    view = {"id": message.seq, "author": message.author.value, "body": message.body, "at": message.at.isoformat(),
            "attachments": [attachment_view(a) for a in message.attachments]}
    if staff:
        view |= {"author_id": message.author_id, "internal": message.internal}
    return view


def ticket_view(ticket: Ticket) -> dict[str, Any]:
    """What the customer sees of their ticket."""
    return {
        "number": ticket.number, "display": ticket.display, "subject": ticket.subject,
        "category": ticket.category.value, "category_label": _model().CATEGORY_LABELS[ticket.category],
        "priority": ticket.priority.value, "status": ticket.status.value, "order_ids": list(ticket.order_ids),
        "top_up_id": ticket.top_up_id, "created_at": ticket.created_at.isoformat(),
        "updated_at": ticket.updated_at.isoformat(), "merged_into": ticket.merged_into,
        "message_count": ticket.message_count,
    }


def staff_ticket_view(ticket: Ticket, sla: SlaView) -> dict[str, Any]:
    """Staff also see the owner, the SLA clock and why it did not start, and every change."""
    return {
        **ticket_view(ticket), "user_id": ticket.user_id, "assigned_to": ticket.assigned_to,
        "version": ticket.version, "duplicate_of": ticket.duplicate_of,
        "clock_started_at": _time(sla.clock_started_at), "clock_blockers": list(sla.clock_blockers),
        "deadline": _time(sla.deadline), "first_response_at": _time(sla.first_response_at),
        "first_response_by": sla.first_response_by,
        "first_response_business_seconds": sla.first_response_business_seconds,
        "business_seconds_used": sla.business_seconds_used, "breached": sla.breached, "paused": sla.paused,
        "pauses": [{"paused_at": p.paused_at.isoformat(), "resumed_at": _time(p.resumed_at)} for p in ticket.pauses],
        "history": [{"field": c.field, "from": c.old, "to": c.new, "by": c.by, "at": c.at.isoformat(),
                     "reason": c.reason} for c in ticket.history],
    }


# --- customers ------------------------------------------------------------------------------

@route(bp, "/tickets/config", roles=ANY_SIGNED_IN)
def ticket_config(ctx: Ctx) -> Response:
    settings, model, checks = get_settings(), _model(), _checks()
    return Response(body={
        "categories": [{"id": c.value, "label": model.CATEGORY_LABELS[c], "needs": model.CATEGORY_NEEDS[c]}
                       for c in model.Category],
        "subject_max_chars": checks.SUBJECT_MAX_CHARS, "max_message_bytes": settings.ticket_max_message_bytes,
        "max_order_ids": checks.MAX_ORDER_IDS, "max_attachments": checks.MAX_ATTACHMENTS,
        "attachment_max_bytes": settings.attachment_max_bytes,
        "attachment_content_types": list(settings.attachment_content_types),
    })


@route(bp, "/tickets/attachments", methods=["POST"], roles=ANY_SIGNED_IN)
def request_upload(ctx: Ctx) -> Response:
    body = ctx.body(_bodies().UploadBody)
    limits.take("upload requests", limits.per_subject("upload-form", ctx.me.user_id,
                                                      get_settings().upload_forms_per_account))
    upload = _attachments().request_upload(ctx.me.user_id, body.filename, body.content_type, body.size)
    return Response(body={"attachment": upload}, status_code=201)


@route(bp, "/tickets", methods=["POST"], roles=ANY_SIGNED_IN)
def open_ticket(ctx: Ctx) -> Response:
    body = ctx.body(_bodies().OpenBody)
    limits.take("new tickets", limits.per_subject("ticket-open", ctx.me.user_id,
                                                  get_settings().tickets_opened_per_account))
    ticket, messages = _customer().open_ticket(ctx.me.user_id, body.subject, body.category, body.message,
                                               body.order_ids, body.top_up_id, body.attachments)
    return Response(body={"ticket": ticket_view(ticket), "messages": [message_view(m) for m in messages]},
                    status_code=201)


@route(bp, "/tickets", roles=ANY_SIGNED_IN)
def my_tickets(ctx: Ctx) -> Response:
    return Response(body={"tickets": [ticket_view(t) for t in _customer().tickets_of(ctx.me.user_id)]})


@route(bp, "/tickets/{number}", roles=ANY_SIGNED_IN)
def my_ticket(ctx: Ctx, number: str) -> Response:
    ticket, messages = _customer().my_ticket(ctx.me.user_id, number)
    return Response(body={"ticket": ticket_view(ticket), "messages": [message_view(m) for m in messages]})


@route(bp, "/tickets/{number}/replies", methods=["POST"], roles=ANY_SIGNED_IN)
def reply(ctx: Ctx, number: str) -> Response:
    body = ctx.body(_bodies().ReplyBody)
    ticket, message = _customer().reply_as_customer(ctx.me.user_id, number, body.message, body.attachments)
    return Response(body={"ticket": ticket_view(ticket), "message": message_view(message)}, status_code=201)


@route(bp, "/tickets/{number}/close", methods=["POST"], roles=ANY_SIGNED_IN)
def close(ctx: Ctx, number: str) -> Response:
    return Response(body={"ticket": ticket_view(_customer().close_as_customer(ctx.me.user_id, number))})


@route(bp, "/tickets/{number}/attachments/{attachment_id}", roles=ANY_SIGNED_IN)
def download(ctx: Ctx, number: str, attachment_id: str) -> Response:
    return Response(body={"attachment": _attachments().attachment_link(number, attachment_id, customer=ctx.me.user_id)})


# --- staff ----------------------------------------------------------------------------------

@route(bp, "/staff/tickets", roles=STAFF)
def work_queue(ctx: Ctx) -> Response:
    status, priority, category = ctx.query("status"), ctx.query("priority"), ctx.query("category")
    assigned = ctx.query("assigned")
    checks, views = _checks(), _staff_views()
    filters = views.QueueFilter(
        status=checks.parse_status(status) if status else None,
        priority=checks.parse_priority(priority) if priority else None,
        category=checks.parse_category(category) if category else None,
        breached=params.flag(ctx.query("breached"), "breached"),
        assigned_to=None if assigned is None else {"me": ctx.me.user_id, "none": ""}.get(assigned, assigned),
    )
    return Response(body={"tickets": [staff_ticket_view(t, sla) for t, sla in views.work_queue(filters)]})


@route(bp, "/staff/tickets/breaches", roles=STAFF)
def breaches(ctx: Ctx) -> Response:
    month = params.month(ctx.query("month"))
    counts = _breaches().breaches_by_user(month)
    return Response(body={"month": month, "breaches": [
        {"user_id": user_id, "count": count} for user_id, count in sorted(counts.items(), key=lambda p: (-p[1], p[0]))
    ]})


@route(bp, "/staff/canned-replies", roles=STAFF)
def canned_replies(ctx: Ctx) -> Response:
    return Response(body={"canned_replies": [{"id": c.reply_id, "title": c.title, "text": c.text}
                                             for c in _staff_views().canned_replies()]})


@route(bp, "/staff/users/{user_id}/tickets", roles=STAFF)
def tickets_of_customer(ctx: Ctx, user_id: str) -> Response:
    found = _staff_views().tickets_of_customer(user_id)
    return Response(body={"tickets": [staff_ticket_view(t, sla) for t, sla in found]})


@route(bp, "/staff/tickets/{number}", roles=STAFF)
def staff_ticket(ctx: Ctx, number: str) -> Response:
    thread = _staff_views().staff_ticket(number)
    return Response(body={"ticket": staff_ticket_view(thread.ticket, thread.sla), "username": thread.username,
                          "messages": [message_view(m, staff=True) for m in thread.messages]})


def _staff_answer(ticket: Ticket, message: Message | None = None, status_code: int = 200) -> Response:
    body: dict[str, Any] = {"ticket": staff_ticket_view(ticket, _staff_views().sla_of(ticket))}
    if message is not None:
        body["message"] = message_view(message, staff=True)
    return Response(body=body, status_code=status_code)


@route(bp, "/staff/tickets/{number}/replies", methods=["POST"], roles=STAFF)
def staff_reply(ctx: Ctx, number: str) -> Response:
    body = ctx.body(_bodies().StaffReplyBody)
    ticket, message = _staff().reply_as_staff(ctx.me.user_id, number, body.message, body.attachments,
                                              body.status)
    return _staff_answer(ticket, message, 201)


@route(bp, "/staff/tickets/{number}/notes", methods=["POST"], roles=STAFF)
def add_note(ctx: Ctx, number: str) -> Response:
    ticket, note = _staff().add_note(ctx.me.user_id, number, ctx.body(_bodies().NoteBody).message)
    return _staff_answer(ticket, note, 201)


@route(bp, "/staff/tickets/{number}/status", methods=["POST"], roles=STAFF)
def set_status(ctx: Ctx, number: str) -> Response:
    body = ctx.body(_bodies().StatusBody)
    return _staff_answer(_staff().set_status(ctx.me.user_id, number, body.status, body.version))


@route(bp, "/staff/tickets/{number}/assign", methods=["POST"], roles=STAFF)
def assign(ctx: Ctx, number: str) -> Response:
    body = ctx.body(_bodies().AssignBody)
    assignee = ctx.me.user_id if body.assignee == "me" else body.assignee
    return _staff_answer(_staff().assign(ctx.me.user_id, number, assignee, body.version))


@route(bp, "/staff/tickets/{number}/classify", methods=["POST"], roles=STAFF)
def classify(ctx: Ctx, number: str) -> Response:
    body = ctx.body(_bodies().ClassifyBody)
    return _staff_answer(_staff().reclassify(ctx.me.user_id, number, body.category, body.priority, body.reason,
                                             body.version))


@route(bp, "/staff/tickets/{number}/merge", methods=["POST"], roles=STAFF)
def merge(ctx: Ctx, number: str) -> Response:
    merged, kept = _staff().merge(ctx.me.user_id, number, ctx.body(_bodies().MergeBody).into)
    return Response(body={"ticket": staff_ticket_view(merged, _staff_views().sla_of(merged)),
                          "into": staff_ticket_view(kept, _staff_views().sla_of(kept))})


@route(bp, "/staff/tickets/{number}/attachments/{attachment_id}", roles=STAFF)
def staff_download(ctx: Ctx, number: str, attachment_id: str) -> Response:
    return Response(body={"attachment": _attachments().attachment_link(number, attachment_id, customer=None)})
