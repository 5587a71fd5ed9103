"""The legal team's console (`/legal/...`): the request register, voluntary disclosures and the
transparency report (docs/legal.md). Only staff with the role `legal` reach any of it: support
staff, admins and customers get 403 (L11; admins do not read it either: a request may be under
a gag order, and the legal team alone answers for it).

Every change names the version the staff member last read: a request changed since answers 409
and nothing is written. Bad input answers 400 and changes nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice.app import Blueprint

from chalicelib.api.contract import Reply, lazy
from chalicelib.api.http import Ctx, route
from chalicelib.domain.accounts import Role
from chalicelib.domain.errors import InvalidInput
from chalicelib.services import legal_reports
from chalicelib.services import legal_requests as register

if TYPE_CHECKING:
    from chalicelib.api.schemas.legal_requests import (
        LegalDecisionBody,
        LegalNoteBody,
        LegalRequestAnswer,
        LegalRequestList,
        LegalUploadBody,
        LegalUploadForm,
        LegalVersionBody,
        RegisterPage,
        TransparencyQuery,
        TransparencyReport,
        VoluntaryBody,
        VoluntaryList,
        VoluntaryOut,
    )
    from chalicelib.domain.legal_register import LegalEntry

bp = Blueprint(__name__)
LEGAL = [Role.LEGAL]
S = lazy("chalicelib.api.schemas.legal_requests")
BASE = "/legal/requests"


def _answer(entry: LegalEntry, pending: str | None = None) -> LegalRequestAnswer:
    from chalicelib.api.schemas import legal_requests as s

    return s.LegalRequestAnswer(request=s.LegalRequestDetail.of(entry), pending_action=pending)


@route(bp, BASE, roles=LEGAL, query=S.RegisterPage, response=S.LegalRequestList)
def list_requests(ctx: Ctx, query: RegisterPage) -> LegalRequestList:
    """Every legal request, the most recently received first, with its verdict."""
    from chalicelib.api.schemas import legal_requests as s

    found = register.listing(query.limit, query.cursor)
    return s.LegalRequestList(requests=[s.LegalRequestOut.of(e) for e in found.requests],
                              next_cursor=found.next_cursor, withhold_grounds=s.ground_choices())


@route(bp, BASE, methods=["POST"], roles=LEGAL, body=S.IntakeBody, raw_body=True, response=S.LegalRequestAnswer,
       status=201, errors=[409])
def intake(ctx: Ctx) -> Reply[LegalRequestAnswer]:
    """Register a request from the legal address (or an emergency by phone) with its checklist and PDF."""
    from chalicelib.api.schemas import legal_requests as s

    data = ctx.json_object()
    unknown = set(data) - {"checklist", "received_on", "pdf_key"}
    if unknown:
        raise InvalidInput(f"'{sorted(unknown)[0]}' is not a field of an intake.", fields={sorted(unknown)[0]: "extra"})
    made = register.intake(ctx.me.user_id, data.get("checklist"), s.parse_day(data.get("received_on"), "received_on"),
                           data.get("pdf_key"))
    return Reply(_answer(made), status=201)


@route(bp, "/legal/uploads", methods=["POST"], roles=LEGAL, body=S.LegalUploadBody, response=S.LegalUploadForm,
       status=201)
def upload_form(ctx: Ctx, body: LegalUploadBody) -> Reply[LegalUploadForm]:
    """A presigned form to upload the request's signed PDF (PDF only, size-capped)."""
    from chalicelib.api.schemas import legal_requests as s

    return Reply(s.LegalUploadForm(**register.pdf_upload_form(body.filename, body.size)), status=201)


@route(bp, BASE + "/{request_id}", roles=LEGAL, response=S.LegalRequestAnswer)
def request_detail(ctx: Ctx, request_id: str) -> LegalRequestAnswer:
    """One request with its checklist, the rules' verdict and reasons, and its full history."""
    return _answer(register.detail(request_id))


@route(bp, BASE + "/{request_id}/checklist", methods=["POST"], roles=LEGAL, body=S.ReassessBody, raw_body=True,
       response=S.LegalRequestAnswer, errors=[409])
def reassess(ctx: Ctx, request_id: str) -> LegalRequestAnswer:
    """Record the corrected checklist (the authority's corrected papers) and assess it again."""
    data = ctx.json_object()
    unknown = set(data) - {"version", "checklist", "pdf_key"}
    version = data.get("version")
    if unknown or not isinstance(version, int) or isinstance(version, bool):
        what = sorted(unknown)[0] if unknown else "version"
        raise InvalidInput(f"'{what}': " + ("is not a field of a re-assessment." if unknown
                                            else "give the version you read, a whole number."),
                           fields={what: "invalid"})
    return _answer(register.reassess(request_id, version, ctx.me.user_id, data.get("checklist"),
                                     data.get("pdf_key")))


@route(bp, BASE + "/{request_id}/decision", methods=["POST"], roles=LEGAL, body=S.LegalDecisionBody,
       response=S.LegalRequestAnswer, errors=[409])
def decide(ctx: Ctx, request_id: str, body: LegalDecisionBody) -> LegalRequestAnswer:
    """Accept (only what the rules accept), refuse or mark incomplete; accepting settles the user's notice."""
    done = register.decide(request_id, body.version, ctx.me.user_id, body.decision, body.note, body.withhold,
                           body.withhold_note)
    return _answer(done.entry, done.pending_action)


@route(bp, BASE + "/{request_id}/fulfilment", methods=["POST"], roles=LEGAL, body=S.LegalVersionBody,
       response=S.LegalRequestAnswer, errors=[409])
def fulfil(ctx: Ctx, request_id: str, body: LegalVersionBody) -> LegalRequestAnswer:
    """Place the preservation hold or build the disclosure package of an accepted request."""
    return _answer(register.fulfil(request_id, body.version, ctx.me.user_id))


@route(bp, BASE + "/{request_id}/notice", methods=["POST"], roles=LEGAL, body=S.LegalNoteBody,
       response=S.LegalRequestAnswer, errors=[409])
def send_notice(ctx: Ctx, request_id: str, body: LegalNoteBody) -> LegalRequestAnswer:
    """Send a withheld notice to the user now that its ground has lapsed (the note says why)."""
    return _answer(register.send_withheld_notice(request_id, body.version, ctx.me.user_id, body.note))


@route(bp, BASE + "/{request_id}/closure", methods=["POST"], roles=LEGAL, body=S.LegalNoteBody,
       response=S.LegalRequestAnswer, errors=[409])
def close(ctx: Ctx, request_id: str, body: LegalNoteBody) -> LegalRequestAnswer:
    """Close a request with a note (an emergency: the formal legal process that arrived)."""
    return _answer(register.close(request_id, body.version, ctx.me.user_id, body.note))


@route(bp, "/legal/voluntary-disclosures", roles=LEGAL, query=S.RegisterPage, response=S.VoluntaryList)
def list_voluntary(ctx: Ctx, query: RegisterPage) -> VoluntaryList:
    """Voluntary disclosures, the most recently sent first."""
    from chalicelib.api.schemas import legal_requests as s

    found, after = legal_reports.voluntary_list(query.limit, query.cursor)
    return s.VoluntaryList(disclosures=[s.VoluntaryOut.of(v, legal_reports.voluntary_display(v.number))
                                        for v in found], next_cursor=after)


@route(bp, "/legal/voluntary-disclosures", methods=["POST"], roles=LEGAL, body=S.VoluntaryBody,
       response=S.VoluntaryOut, status=201)
def record_voluntary(ctx: Ctx, body: VoluntaryBody) -> Reply[VoluntaryOut]:
    """Record a voluntary disclosure (CSAM, terrorism, other serious harm) sent to an authority."""
    from chalicelib.api.schemas import legal_requests as s

    made = legal_reports.record_voluntary(ctx.me.user_id, body.category, body.authority, body.country, body.sent_on,
                                          body.summary, body.account_id)
    return Reply(s.VoluntaryOut.of(made, legal_reports.voluntary_display(made.number)), status=201)


@route(bp, "/legal/transparency", roles=LEGAL, query=S.TransparencyQuery, response=S.TransparencyReport)
def transparency(ctx: Ctx, query: TransparencyQuery) -> TransparencyReport:
    """A year's requests by country, kind, pathway and decision, and voluntary disclosures by category."""
    from chalicelib.api.schemas import legal_requests as s

    return s.TransparencyReport(**legal_reports.transparency(query.year))
