"""The legal register's pure rules: e-mail-only resolution, what staff may decide, the notice to
the user and the transparency counts."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from chalicelib.domain import legal_register as rules
from chalicelib.domain import legal_transparency
from chalicelib.domain.errors import Conflict, InvalidInput
from chalicelib.domain.legal_notice import Notice, NoticeGround, on_accept, parse_ground, send_later
from chalicelib.domain.legal_register import StaffDecision, Status
from chalicelib.domain.legal_request import LegalRequest

NOW = datetime(2031, 5, 20, 12, tzinfo=UTC)
TODAY = NOW.date()

GOOD: dict[str, Any] = {
    "channel": "legal_mailbox", "kind": "disclosure", "document": {"pdf": True, "letterhead": True, "signed": True},
    "language": "en", "authority": {"name": "Met", "country": "GB", "officer_name": "J", "officer_title": "DC",
                                    "email": "j@met.police.uk", "phone": "1", "official_domain": True},
    "identifier": {"type": "email", "value": "a@example.com"}, "data": ["orders"],
    "period": {"from": "2031-01-01", "to": "2031-02-01"}, "legal_basis": {"law": "PACE", "case_number": "1"},
    "pathway": "uk_court_order", "subject_uk": True,
}


def entry(**changes: Any) -> rules.LegalEntry:
    return rules.new_entry(7, LegalRequest.model_validate({**GOOD, **changes}), NOW, "staff", "acct", "legal/x.pdf",
                           NOW)


@pytest.mark.promise("L3")
@pytest.mark.parametrize(("identifier", "found"), [
    ({"type": "email", "value": " A@Example.com "}, "a@example.com"),
    ({"type": "email", "value": "a@example.com, b@example.com"}, None),
    ({"type": "email", "value": "example.com"}, None),
    ({"type": "name", "value": "a@example.com"}, None),
    ({"type": "ip", "value": "a@example.com"}, None),
    ({"type": "username", "value": "a@example.com"}, None),
    ({"type": "order_link", "value": "a@example.com"}, None),
    (None, None),
])
def test_only_an_email_identifier_resolves_to_an_address(identifier: Any, found: str | None) -> None:
    assert rules.account_email(LegalRequest.model_validate({**GOOD, "identifier": identifier})) == found


def test_ids_are_lr_and_six_digits_and_parse_back() -> None:
    assert rules.display_id(123) == "LR-000123"
    assert rules.parse_id("LR-000123") == 123 == rules.parse_id("123")
    for bad in ("PR-000123", "LR-0", "x", "", "LR-1; drop"):
        with pytest.raises(InvalidInput):
            rules.parse_id(bad)


@pytest.mark.promise("L2")
def test_accepting_needs_the_rules_accept_refusing_needs_a_note() -> None:
    incomplete = entry(legal_basis=None)
    with pytest.raises(Conflict, match="legal_grounds"):
        rules.decide(incomplete, StaffDecision.ACCEPT, None, "s", NOW, TODAY, 5)
    with pytest.raises(InvalidInput):
        rules.decide(incomplete, StaffDecision.INCOMPLETE, None, "s", NOW, TODAY, 5)
    marked = rules.decide(incomplete, StaffDecision.INCOMPLETE, "Ask for it", "s", NOW, TODAY, 5)
    assert marked.status is Status.INCOMPLETE and marked.history[-1].note == "Ask for it"
    accepted = rules.decide(entry(), StaffDecision.ACCEPT, None, "s", NOW, TODAY, 5)
    assert accepted.status is Status.ACCEPTED and accepted.notice is Notice.SENT and accepted.follow_up_due is None
    with pytest.raises(Conflict, match="already accepted"):
        rules.decide(accepted, StaffDecision.REFUSE, "no", "s", NOW, TODAY, 5)
    assert len(accepted.history) == 3  # received, accepted, notice: appended, never rewritten
    assert accepted.history[0] == entry().history[0]


@pytest.mark.promise("L8")
def test_an_emergency_gets_a_follow_up_deadline_in_business_days() -> None:
    emergency = rules.new_entry(1, LegalRequest.model_validate(
        {"channel": "phone", "kind": "emergency", "emergency_description": "threat", "data": ["orders", "login_ips"]}),
        NOW, "s", None, None, NOW)
    accepted = rules.decide(emergency, StaffDecision.ACCEPT, None, "s", NOW, date(2031, 5, 23), 5)  # a Friday
    assert accepted.status is Status.EMERGENCY_FOLLOW_UP_DUE and accepted.follow_up_due == date(2031, 6, 2)
    assert [c.value for c in accepted.disclose] == ["login_ips"] and accepted.notice is Notice.NO_ACCOUNT
    assert not rules.follow_up_overdue(accepted, date(2031, 6, 2))
    assert rules.follow_up_overdue(accepted, date(2031, 6, 3))
    assert not rules.follow_up_overdue(rules.close(accepted, "order came", "s", NOW), date(2031, 7, 1))


@pytest.mark.promise("L10")
def test_the_notice_is_sent_by_default_and_withheld_only_on_a_ground_with_a_note() -> None:
    assert on_accept("acct", None, None) == (Notice.SENT, None, None)
    assert on_accept(None, None, None) == (Notice.NO_ACCOUNT, None, None)
    assert on_accept("acct", NoticeGround.GAG_ORDER, " Order 4 ") == (Notice.WITHHELD, NoticeGround.GAG_ORDER,
                                                                       "Order 4")
    with pytest.raises(InvalidInput):
        on_accept("acct", NoticeGround.RISK_TO_LIFE, " ")
    with pytest.raises(InvalidInput, match="gag_order, legal_prohibition, risk_to_life, evidence_destruction"):
        parse_ground("we_would_rather_not")
    assert parse_ground(" GAG_ORDER ") is NoticeGround.GAG_ORDER and parse_ground(None) is None
    assert send_later(Notice.WITHHELD, "lapsed") == "lapsed"
    for state in (Notice.SENT, Notice.NOT_DUE, Notice.NO_ACCOUNT):
        with pytest.raises(Conflict):
            send_later(state, "lapsed")
    with pytest.raises(InvalidInput):
        send_later(Notice.WITHHELD, None)


def test_withholding_is_refused_for_a_request_not_accepted() -> None:
    with pytest.raises(InvalidInput, match="accepted"):
        rules.decide(entry(), StaffDecision.REFUSE, "no", "s", NOW, TODAY, 5, NoticeGround.GAG_ORDER, "x")


def test_transparency_counts_by_country_pathway_kind_and_decision() -> None:
    accepted = rules.decide(entry(), StaffDecision.ACCEPT, None, "s", NOW, TODAY, 5)
    closed = rules.close(accepted, "done", "s", NOW)
    refused = rules.decide(entry(pathway="direct", authority={**GOOD["authority"], "country": "US"}),
                           StaffDecision.REFUSE, "direct", "s", NOW, TODAY, 5)
    pending = entry(kind="preservation", authority=None)
    report = legal_transparency.report(2031, [closed, refused, pending], ["csam", "csam"])
    assert report == {"year": 2031, "requests": 3, "by_country": {"GB": 1, "US": 1, "unknown": 1},
                      "by_kind": {"disclosure": 2, "preservation": 1},
                      "by_pathway": {"direct": 1, "preservation": 1, "uk_court_order": 1},
                      "by_decision": {"accepted": 1, "pending": 1, "refused": 1},
                      "voluntary_disclosures": {"csam": 2}}


@pytest.mark.promise("L11")
def test_support_has_a_canned_reply_that_points_authorities_to_the_legal_address() -> None:
    from chalicelib.domain.tickets.canned import INITIAL

    reply = next(r for r in INITIAL if r.reply_id == "legal-request-elsewhere")
    assert "legal address" in reply.text and "not handled by customer support" in reply.text
