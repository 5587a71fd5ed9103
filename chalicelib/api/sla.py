"""SLA compensation claims: customers file one through the claim form and read theirs on the
ticket; staff work the claims queue and decide (docs/sla.md, "Claims")."""

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
    from chalicelib.api.schemas.sla import (
        ClaimBody,
        ClaimFiled,
        ClaimFormOut,
        ClaimQueue,
        ClaimViewOut,
        DecisionBody,
        StaffClaimOut,
    )

bp = Blueprint(__name__)
S = lazy("chalicelib.api.schemas.sla")
STAFF = [Role.SUPPORT, Role.ADMIN]


@route(bp, "/tickets/claims/form", roles=ANY_SIGNED_IN, response=S.ClaimFormOut)
def claim_form(ctx: Ctx) -> ClaimFormOut:
    """The claim form's month (the month just ended), exact subject and filing window."""
    from chalicelib.api.schemas.sla import ClaimFormOut
    from chalicelib.services.sla import claims

    return ClaimFormOut.of(claims.form())


@route(bp, "/tickets/claims", methods=["POST"], roles=ANY_SIGNED_IN, body=S.ClaimBody, response=S.ClaimFiled,
       status=201, errors=[429])
def file_claim(ctx: Ctx, body: ClaimBody) -> ClaimFiled:
    """File an SLA compensation claim: a ticket "SLA Compensation Request" with its evidence. A late or
    incomplete claim is recorded void, with the reason."""
    from chalicelib.api.schemas import sla as s
    from chalicelib.api.schemas.tickets import MessageOut, TicketOut
    from chalicelib.services.sla import claims

    limits.take("new tickets", limits.per_subject("ticket-open", ctx.me.user_id,
                                                  get_settings().tickets_opened_per_account))
    ticket, messages, claim = claims.file_claim(ctx.me.user_id, body.month, [(p.start, p.end) for p in body.periods],
                                                body.monitor, body.monitor_log, body.ticket_numbers, body.note,
                                                body.attachments)
    return s.ClaimFiled(ticket=TicketOut.of(ticket), messages=[MessageOut.of(m) for m in messages],
                        claim=s.ClaimOut.of(claim))


@route(bp, "/tickets/{number}/claim", roles=ANY_SIGNED_IN, response=S.ClaimViewOut)
def my_claim(ctx: Ctx, number: str) -> ClaimViewOut:
    """The claim on one of the caller's tickets: its status, and the month's numbers once computed."""
    from chalicelib.api.schemas.sla import ClaimViewOut
    from chalicelib.services.sla import claims

    return ClaimViewOut.of(claims.claim_of_ticket(ctx.me.user_id, params.path_id(number, "claim", prefix="#")))


@route(bp, "/staff/sla/claims", roles=STAFF, response=S.ClaimQueue)
def claim_queue(ctx: Ctx) -> ClaimQueue:
    """Pending claims (overdue first, then soonest deadline), then the latest decided and void ones."""
    from chalicelib.api.schemas import sla as s
    from chalicelib.services.sla import decisions

    return s.ClaimQueue(claims=[s.QueueEntryOut.of(e) for e in decisions.queue()])


@route(bp, "/staff/sla/claims/{number}", roles=STAFF, response=S.StaffClaimOut)
def staff_claim(ctx: Ctx, number: str) -> StaffClaimOut:
    """One claim with the month's report and the account's entitlement."""
    from chalicelib.api.schemas import sla as s
    from chalicelib.services.sla import decisions

    view, entry = decisions.detail(params.path_id(number, "claim", prefix="#"))
    return s.StaffClaimOut(entry=s.QueueEntryOut.of(entry), view=s.ClaimViewOut.of(view))


@route(bp, "/staff/sla/claims/{number}/decision", methods=["POST"], roles=STAFF, body=S.DecisionBody,
       response=S.StaffClaimOut, errors=[409])
def decide(ctx: Ctx, number: str, body: DecisionBody) -> StaffClaimOut:
    """Approve (pay the report's entitlement as service credit) or refuse with a reason; final."""
    from chalicelib.api.schemas import sla as s
    from chalicelib.services.sla import decisions

    claim_number = params.path_id(number, "claim", prefix="#")
    decisions.decide(ctx.me.user_id, claim_number, body.decision == "approve", body.reason)
    view, entry = decisions.detail(claim_number)
    return s.StaffClaimOut(entry=s.QueueEntryOut.of(entry), view=s.ClaimViewOut.of(view))
