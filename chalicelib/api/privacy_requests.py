"""The privacy request register in the staff console (`/admin/privacy-requests...`; support
staff and admins, as the support desk). docs/privacy.md, "Privacy request register".

Every change names the version the staff member last read: a request changed since answers
409 and nothing is written. Bad input answers 400 and changes nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice.app import Blueprint

from chalicelib.api.contract import Reply, lazy
from chalicelib.api.http import Ctx, route
from chalicelib.domain.accounts import Role
from chalicelib.services import privacy_requests as register

if TYPE_CHECKING:
    from chalicelib.api.schemas.privacy_requests import (
        AssignBody,
        ExtensionBody,
        IdentityBody,
        NewRequestBody,
        PrivacyRequestAnswer,
        PrivacyRequestList,
        RegisterQuery,
        StatusBody,
    )
    from chalicelib.domain.privacy_requests import PrivacyRequest

bp = Blueprint(__name__)
STAFF = [Role.SUPPORT, Role.ADMIN]  # services.privacy_requests.REGISTER_STAFF (a test keeps them equal)
P = lazy("chalicelib.api.schemas.privacy_requests")
BASE = "/admin/privacy-requests"


def _answer(request: PrivacyRequest) -> PrivacyRequestAnswer:
    from chalicelib.api.schemas import privacy_requests as s

    return s.PrivacyRequestAnswer(request=s.PrivacyRequestDetail.of(request, register.today()))


@route(bp, BASE, roles=STAFF, query=P.RegisterQuery, response=P.PrivacyRequestList)
def list_requests(ctx: Ctx, query: RegisterQuery) -> PrivacyRequestList:
    """Open requests soonest deadline first (overdue, then due soon); or only due soon, overdue, or all."""
    from chalicelib.api.schemas import privacy_requests as s
    from chalicelib.domain.privacy_requests import TYPE_LABELS, Status

    found = register.listing(query.view, query.limit, query.cursor)
    return s.PrivacyRequestList(
        requests=[s.PrivacyRequestOut.of(r, found.today) for r in found.requests], next_cursor=found.next_cursor,
        today=found.today.isoformat(), request_types=[s.Choice(id=t.value, label=label)
                                                      for t, label in TYPE_LABELS.items()],
        statuses=[status.value for status in Status])


@route(bp, BASE, methods=["POST"], roles=STAFF, body=P.NewRequestBody, response=P.PrivacyRequestAnswer, status=201,
       errors=[409])
def log_request(ctx: Ctx, body: NewRequestBody) -> Reply[PrivacyRequestAnswer]:
    """Register a request that arrived by e-mail, post or phone, or in a ticket of another category."""
    made = register.log_request(ctx.me.user_id, body.request_type, body.channel, body.received_on, body.summary,
                                body.account_id, body.requester_email, body.ticket_number)
    return Reply(_answer(made), status=201)


@route(bp, BASE + "/{request_id}", roles=STAFF, response=P.PrivacyRequestAnswer)
def request_detail(ctx: Ctx, request_id: str) -> PrivacyRequestAnswer:
    """One request with its deadline, days left and full history."""
    return _answer(register.detail(request_id))


@route(bp, BASE + "/{request_id}/status", methods=["POST"], roles=STAFF, body=P.StatusBody,
       response=P.PrivacyRequestAnswer, errors=[409])
def change_status(ctx: Ctx, request_id: str, body: StatusBody) -> PrivacyRequestAnswer:
    """Move the request on; completing or refusing is final and needs the outcome."""
    return _answer(register.set_status(request_id, body.version, ctx.me.user_id, body.status, body.outcome))


@route(bp, BASE + "/{request_id}/identity", methods=["POST"], roles=STAFF, body=P.IdentityBody,
       response=P.PrivacyRequestAnswer, errors=[409])
def record_identity(ctx: Ctx, request_id: str, body: IdentityBody) -> PrivacyRequestAnswer:
    """Record the identity check: verified (and how), failed (and why), or not checked."""
    return _answer(register.set_identity(request_id, body.version, ctx.me.user_id, body.identity, body.note))


@route(bp, BASE + "/{request_id}/extension", methods=["POST"], roles=STAFF, body=P.ExtensionBody,
       response=P.PrivacyRequestAnswer, errors=[409])
def extend(ctx: Ctx, request_id: str, body: ExtensionBody) -> PrivacyRequestAnswer:
    """Extend the deadline once, by 1 or 2 months, with the reason, before the original deadline passes."""
    return _answer(register.extend(request_id, body.version, ctx.me.user_id, body.months, body.reason))


@route(bp, BASE + "/{request_id}/assignee", methods=["POST"], roles=STAFF, body=P.AssignBody,
       response=P.PrivacyRequestAnswer, errors=[409])
def assign(ctx: Ctx, request_id: str, body: AssignBody) -> PrivacyRequestAnswer:
    """Assign the request to a support or admin staff member (null: unassign)."""
    return _answer(register.assign(request_id, body.version, ctx.me.user_id, body.assigned_to))
