"""The legal request register on DynamoDB Local: intake with its verdict and audit record,
resolution by e-mail only, versioned changes under concurrency, the decision, the notice to the
user through the mail queue, emergencies' follow-up deadline, voluntary disclosures and the
transparency report."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime
from threading import Barrier
from typing import Any

import pytest

from chalicelib.domain.accounts import Role
from chalicelib.domain.errors import Conflict, InvalidInput
from chalicelib.domain.legal_notice import Notice
from chalicelib.domain.legal_register import LegalEntry, Status
from chalicelib.services import audit_log, legal_reports, staff_alerts
from chalicelib.services import legal_requests as register
from chalicelib.settings import get_settings
from chalicelib.store import legal_requests as store
from tests.support.accounts import customer, email_of, new_staff
from tests.support.legal import checklist
from tests.support.mail import mails_to

NOON = datetime(2031, 5, 20, 12, 0, tzinfo=UTC)  # a Tuesday


def uploaded_pdf(body: bytes = b"%PDF-1.7\n%signed letter\n", content_type: str = "application/pdf") -> str:
    """A file put in the attachments bucket under a key the register issued (as the browser's
    presigned upload would)."""
    import boto3

    key = store.new_pdf_key()
    boto3.client("s3").put_object(Bucket=get_settings().attachments_bucket, Key=key, Body=body,
                                  ContentType=content_type)
    return key


def intake(staff: str, request: dict[str, Any], received_on: date | None = None) -> LegalEntry:
    """Intake with the request's PDF attached when the checklist says it is one."""
    pdf = uploaded_pdf() if (request.get("document") or {}).get("pdf") else None
    return register.intake(staff, request, received_on, pdf)


def trail(entry: LegalEntry) -> list[str]:
    records, _ = audit_log.subject_page(f"legal_request:{entry.display}", 50, None)
    return sorted(r.action.value for r in records)


@pytest.mark.promise("L12")
@pytest.mark.promise("L2")
def test_intake_records_the_checklist_verdict_and_an_audit_record_in_one_write(clock) -> None:
    clock.at = NOON
    staff = new_staff(Role.LEGAL).user_id
    user = customer()
    made = intake(staff, checklist(email_of(user), document=None, language="fr"))
    stored = store.get(made.number)
    assert stored == made
    assert made.display.startswith("LR-") and made.status is Status.RECEIVED and made.received_by == staff
    assert made.verdict.decision.value == "incomplete"
    assert [r.value for r in made.verdict.reasons] == ["format", "language"]
    assert trail(made) == ["legal_request.received"]
    records, _ = audit_log.subject_page(f"legal_request:{made.display}", 5, None)
    assert records[0].after["reasons"] == ["format", "language"] and records[0].actor == staff
    assert email_of(user) not in str(records[0].view())


def test_the_pdf_must_be_a_pdf_the_register_issued_and_a_refused_file_is_deleted(clock) -> None:
    import boto3

    clock.at = NOON
    staff = new_staff(Role.LEGAL).user_id
    request = checklist(email_of(customer()))
    s3 = boto3.client("s3")
    bucket = get_settings().attachments_bucket
    not_pdf = uploaded_pdf(b"<html>hello</html>")
    typed_wrong = uploaded_pdf(content_type="image/png")
    for key, words in ((not_pdf, "does not start with %PDF-"), (typed_wrong, "not a PDF"),
                       ("tickets/u1/0123.pdf", "not one this register issued"),
                       (store.new_pdf_key(), "was not found")):
        with pytest.raises(InvalidInput, match=words):
            register.intake(staff, request, None, key)
    assert s3.list_objects_v2(Bucket=bucket, Prefix=not_pdf).get("KeyCount") == 0
    with pytest.raises(InvalidInput, match="attach that PDF"):
        register.intake(staff, request, None, None)
    assert register.listing(50, None).requests == [] or all(
        e.checklist != register.parse_checklist(request) for e in register.listing(50, None).requests)


@pytest.mark.promise("L3")
def test_an_account_is_resolved_by_its_email_only(clock) -> None:
    clock.at = NOON
    staff = new_staff(Role.LEGAL).user_id
    user = customer()
    address = email_of(user)
    by_email = intake(staff, checklist(address.upper()))
    assert by_email.account_id == user
    for kind in ("name", "username", "ip", "order_link"):
        other = intake(staff, checklist(address, identifier={"type": kind, "value": address}))
        assert other.account_id is None, kind
        assert "identifier_not_email" in [r.value for r in other.verdict.reasons]
    unknown = intake(staff, checklist("nobody-here@example.com"))
    assert unknown.account_id is None


@pytest.mark.promise("L12")
def test_two_legal_staff_deciding_at_once_one_wins_the_other_gets_a_conflict(clock) -> None:
    clock.at = NOON
    staff = [new_staff(Role.LEGAL).user_id for _ in range(4)]
    made = intake(staff[0], checklist(email_of(customer()), document=None))
    start = Barrier(len(staff))

    def refuse(staff_id: str) -> str:
        start.wait()
        try:
            register.decide(made.display, 0, staff_id, "incomplete", f"note by {staff_id}")
            return "won"
        except Conflict:
            return "conflict"

    with ThreadPoolExecutor(max_workers=len(staff)) as pool:
        outcomes = list(pool.map(refuse, staff))
    assert outcomes.count("won") == 1 and outcomes.count("conflict") == len(staff) - 1
    stored = store.get(made.number)
    assert stored is not None and stored.version == 1 and stored.status is Status.INCOMPLETE
    assert trail(made) == ["legal_request.decided", "legal_request.received"]


@pytest.mark.promise("L2")
@pytest.mark.promise("L5")
@pytest.mark.promise("L6")
def test_staff_cannot_accept_what_the_rules_refuse_and_the_conflict_gives_the_reasons(clock) -> None:
    clock.at = NOON
    staff = new_staff(Role.LEGAL).user_id
    foreign = checklist(email_of(customer()), pathway="letters_rogatory",
                        authority={**checklist("x@y.zz")["authority"], "country": "FR"})
    made = intake(staff, foreign)
    with pytest.raises(Conflict) as refused:
        register.decide(made.display, 0, staff, "accept", None)
    assert "uk_subject" in refused.value.message and "MLAT" in refused.value.message
    assert store.get(made.number) == made
    with pytest.raises(InvalidInput, match="note"):
        register.decide(made.display, 0, staff, "refuse", "  ")
    done = register.decide(made.display, 0, staff, "refuse", "Foreign request about a UK subject: MLAT needed.")
    assert done.entry.status is Status.REFUSED and done.entry.decision_note.startswith("Foreign")


def test_a_corrected_checklist_is_reassessed_and_can_then_be_accepted(clock) -> None:
    clock.at = NOON
    staff = new_staff(Role.LEGAL).user_id
    address = email_of(customer())
    made = intake(staff, checklist(address, legal_basis=None))
    assert made.verdict.decision.value == "incomplete"
    marked = register.decide(made.display, 0, staff, "incomplete", "Asked for the case number.").entry
    fixed = register.reassess(made.display, marked.version, staff, checklist(address), None)
    assert fixed.verdict.decision.value == "accept" and fixed.status is Status.INCOMPLETE
    decided = register.decide(made.display, fixed.version, staff, "accept", None)
    assert decided.entry.status is Status.DISCLOSED and decided.pending_action is None
    with pytest.raises(Conflict):
        register.fulfil(made.display, decided.entry.version, staff)   # the package is built once
    assert sorted(trail(made)) == ["legal_notice.sent", "legal_request.decided", "legal_request.decided",
                                   "legal_request.fulfilled", "legal_request.reassessed", "legal_request.received"]
    with pytest.raises(Conflict):
        register.reassess(made.display, decided.entry.version, staff, checklist(address), None)


@pytest.mark.promise("L10")
@pytest.mark.promise("L12")
def test_the_user_is_mailed_on_acceptance_unless_withheld_then_sent_when_the_ground_lapses(clock) -> None:
    from devstack import worker

    clock.at = NOON
    staff = new_staff(Role.LEGAL).user_id
    told, kept = customer(), customer()
    worker.drain()
    plain = intake(staff, checklist(email_of(told)))
    register.decide(plain.display, 0, staff, "accept", None)
    worker.drain()
    assert any(plain.display in m and "Metropolitan Police" in m for m in mails_to(email_of(told)))

    gagged = intake(staff, checklist(email_of(kept)))
    with pytest.raises(InvalidInput, match="ground"):
        register.decide(gagged.display, 0, staff, "accept", None, "because", "note")
    with pytest.raises(InvalidInput, match="rests on"):
        register.decide(gagged.display, 0, staff, "accept", None, "gag_order", None)
    held = register.decide(gagged.display, 0, staff, "accept", None, "gag_order", "Order WMC-2031-4 s.8").entry
    worker.drain()
    assert held.notice is Notice.WITHHELD and mails_to(email_of(kept)) == []
    with pytest.raises(InvalidInput, match="lapsed"):
        register.send_withheld_notice(gagged.display, held.version, staff, "")
    sent = register.send_withheld_notice(gagged.display, held.version, staff, "The order expired on 1 June.")
    worker.drain()
    assert sent.notice is Notice.SENT and len(mails_to(email_of(kept))) == 1
    with pytest.raises(Conflict):
        register.send_withheld_notice(gagged.display, sent.version, staff, "again")
    assert trail(gagged) == ["legal_notice.sent", "legal_notice.withheld", "legal_request.decided",
                             "legal_request.fulfilled", "legal_request.received"]


@pytest.mark.promise("L8")
def test_an_emergency_is_accepted_at_once_limited_and_its_overdue_follow_up_alerts(fresh_table, clock, caplog) -> None:
    clock.at = NOON
    staff = new_staff(Role.LEGAL).user_id
    emergency = {"channel": "phone", "kind": "emergency", "data": ["all"],
                 "identifier": {"type": "email", "value": email_of(customer())},
                 "emergency_description": "Caller threatens to harm a named person tonight."}
    made = intake(staff, emergency)
    decided = register.decide(made.display, 0, staff, "accept", None).entry
    assert decided.status is Status.EMERGENCY_FOLLOW_UP_DUE
    assert [c.value for c in decided.disclose] == ["basic_subscriber", "login_ips"]
    # five business days after Tuesday 20 May, the bank holiday of Monday 26 May skipped
    assert decided.follow_up_due == date(2031, 5, 28)
    assert legal_reports.check_follow_ups(date(2031, 5, 28)) == {"overdue": 0}
    assert legal_reports.check_follow_ups(date(2031, 5, 29)) == {"overdue": 1}
    overdue = [r for r in caplog.records if r.levelname == "ERROR" and "follow-up" in r.getMessage()]
    assert [getattr(r, "request", None) for r in overdue] == [made.display]
    assert [(a.alert.kind.value, a.alert.subject) for a in staff_alerts.recent()] == [
        ("legal_follow_up_overdue", made.display)]
    closed = register.close(made.display, decided.version, staff, "Production order received 26 May.")
    assert closed.status is Status.CLOSED
    assert legal_reports.check_follow_ups(date(2031, 6, 30)) == {"overdue": 0}


@pytest.mark.promise("L9")
@pytest.mark.promise("L12")
def test_a_voluntary_disclosure_is_recorded_with_its_audit_record(clock) -> None:
    clock.at = NOON
    staff = new_staff(Role.LEGAL).user_id
    record = legal_reports.record_voluntary(staff, "csam", "National Crime Agency", "gb", date(2031, 5, 19),
                                            "Reported the account and the uploaded links.")
    records, _ = audit_log.subject_page(f"voluntary_disclosure:{legal_reports.voluntary_display(record.number)}",
                                        5, None)
    assert [r.action.value for r in records] == ["voluntary_disclosure.recorded"]
    assert record.country == "GB" and record.category == "csam"
    with pytest.raises(InvalidInput, match="category"):
        legal_reports.record_voluntary(staff, "gossip", "NCA", None, date(2031, 5, 19), "x")


def test_the_transparency_report_counts_a_years_requests_by_country_pathway_and_decision(fresh_table, clock) -> None:
    clock.at = NOON
    staff = new_staff(Role.LEGAL).user_id
    address = email_of(customer())
    accepted = intake(staff, checklist(address))
    register.decide(accepted.display, 0, staff, "accept", None)
    refused = intake(staff, checklist(address, pathway="direct",
                                               authority={**checklist(address)["authority"], "country": "US"}),
                              )
    register.decide(refused.display, 0, staff, "refuse", "Direct request.")
    intake(staff, checklist(address), date(2030, 12, 31))  # another year
    legal_reports.record_voluntary(staff, "terrorism", "Counter Terrorism Policing", "GB", date(2031, 2, 1), "x")
    report = legal_reports.transparency(2031)
    assert report == {"year": 2031, "requests": 2, "by_country": {"GB": 1, "US": 1}, "by_kind": {"disclosure": 2},
                      "by_pathway": {"direct": 1, "uk_court_order": 1},
                      "by_decision": {"accepted": 1, "refused": 1}, "voluntary_disclosures": {"terrorism": 1}}
    assert legal_reports.transparency(2030)["requests"] == 1


def test_the_transparency_command_prints_the_same_report_as_json(fresh_table, clock) -> None:
    from click.testing import CliRunner

    from ops.cli import cli

    clock.at = NOON
    staff = new_staff(Role.LEGAL).user_id
    made = intake(staff, checklist(email_of(customer())))
    register.decide(made.display, 0, staff, "incomplete", "Needs the case number.")
    result = CliRunner().invoke(cli, ["--stage", "test", "legal", "transparency", "--year", "2031"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output.strip().splitlines()[-1]) == legal_reports.transparency(2031)
    assert json.loads(result.output.strip().splitlines()[-1])["by_decision"] == {"incomplete": 1}
    refused = CliRunner().invoke(cli, ["--stage", "test", "legal", "transparency", "--year", "1999"])
    assert refused.exit_code == 2 and "year" in refused.output
