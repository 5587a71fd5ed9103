"""The decision rules on law-enforcement requests (domain/legal_assessment.py): one test per rule
and per reason code, then properties that hold for any request."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from chalicelib.domain.legal_assessment import (
    DUAL_CRIMINALITY_CATEGORIES,
    PRESERVATION_HOLD_BUSINESS_DAYS,
    REASONS,
    REFUSING_REASONS,
    Decision,
    LegalRequest,
    Reason,
    Verdict,
    assess,
    decide,
    parse_request,
)


def complete(kind: str = "disclosure", **changes: Any) -> dict[str, Any]:
    """A request from the UK that passes every rule; `changes` replace top-level fields."""
    request: dict[str, Any] = {
        "channel": "legal_mailbox", "kind": kind,
        "document": {"pdf": True, "letterhead": True, "signed": True},
        "language": "en", "certified_translation": False,
        "authority": {"name": "Metropolitan Police Service", "country": "GB", "officer_name": "Jane Doe",
                      "officer_title": "Detective Inspector", "email": "jane.doe@met.police.uk",
                      "phone": "+44 20 7230 1212", "official_domain": True},
        "identifier": {"type": "email", "value": "customer@example.com"},
        "data": ["basic_subscriber", "top_ups"],
        "period": {"from": "2025-01-01", "to": "2025-03-31"},
        "legal_basis": {"law": "Police and Criminal Evidence Act 1984, s.9", "case_number": "T20250042"},
        "pathway": "uk_court_order", "dual_criminality": None, "subject_uk": False,
        "emergency_description": None,
    }
    request.update(changes)
    return request


def foreign(country: str = "FR", **changes: Any) -> dict[str, Any]:
    """A complete disclosure request from abroad (MLAT, not about a UK subject)."""
    request = complete(**{"pathway": "mlat", **changes})
    request["authority"] = {**request["authority"], "country": country}
    return request


def emergency(**changes: Any) -> dict[str, Any]:
    return {"channel": "phone", "kind": "emergency", "emergency_description": "A caller threatens to kill "
            "a named person tonight; the account placed orders promoting the threat.", **changes}


def verdict_of(request: dict[str, Any]) -> Verdict:
    return assess(LegalRequest.model_validate(request))


def reasons_of(request: dict[str, Any]) -> list[str]:
    return [r.value for r in verdict_of(request).reasons]


def with_part(request: dict[str, Any], part: str, **changes: Any) -> dict[str, Any]:
    changed = copy.deepcopy(request)
    changed[part] = {**(changed[part] or {}), **changes}
    return changed


# --- the complete requests pass ----------------------------------------------------------------


@pytest.mark.promise("L5")
def test_a_complete_uk_court_order_discloses_exactly_the_requested_categories() -> None:
    verdict = verdict_of(complete(data=["top_ups", "basic_subscriber", "top_ups"]))
    assert verdict.as_json() == {"decision": "accept", "reasons": [], "disclose": ["basic_subscriber", "top_ups"],
                                 "hold_business_days": 0}


# --- rule 1: the channel ----------------------------------------------------------------------


@pytest.mark.promise("L11", "L1")
@pytest.mark.parametrize("channel", ["support", "other"])
@pytest.mark.parametrize("kind", ["disclosure", "preservation", "emergency"])
def test_rule_1_support_and_other_channels_are_refused_with_the_single_reason_wrong_channel(
        channel: str, kind: str) -> None:
    request = emergency(channel=channel) if kind == "emergency" else complete(kind, channel=channel)
    verdict = verdict_of(request)
    assert verdict.as_json() == {"decision": "refuse", "reasons": ["wrong_channel"], "disclose": [],
                                 "hold_business_days": 0}


@pytest.mark.promise("L11", "L1")
def test_rule_1_wrong_channel_is_the_only_reason_even_when_everything_else_fails() -> None:
    assert reasons_of({"channel": "support", "kind": "disclosure"}) == ["wrong_channel"]


@pytest.mark.promise("L1")
@pytest.mark.parametrize("kind", ["disclosure", "preservation"])
def test_rule_1_a_phone_call_is_a_channel_only_for_emergencies(kind: str) -> None:
    assert verdict_of(complete(kind, channel="phone")).as_json()["reasons"] == ["wrong_channel"]
    assert verdict_of(emergency(channel="phone")).decision is Decision.ACCEPT
    assert verdict_of(emergency(channel="legal_mailbox")).decision is Decision.ACCEPT


# --- rule 2: emergencies ----------------------------------------------------------------------


@pytest.mark.promise("L8")
@pytest.mark.parametrize("description", [None, "", "   \n\t"])
def test_rule_2_an_emergency_without_a_description_is_incomplete(description: str | None) -> None:
    request = emergency(emergency_description=description, data=["basic_subscriber"])
    assert verdict_of(request).as_json() == {"decision": "incomplete", "reasons": ["emergency_description_missing"],
                                             "disclose": [], "hold_business_days": 0}
    del request["emergency_description"]
    assert reasons_of(request) == ["emergency_description_missing"]


@pytest.mark.promise("L8")
def test_rule_2_an_emergency_with_a_description_is_accepted_whatever_else_is_missing() -> None:
    verdict = verdict_of(emergency(data=["basic_subscriber", "login_ips"], document={"pdf": False},
                                   authority={"country": "FR"}, identifier={"type": "username", "value": "x"}))
    assert verdict.as_json() == {"decision": "accept", "reasons": [], "disclose": ["basic_subscriber", "login_ips"],
                                 "hold_business_days": 0}


@pytest.mark.promise("L8")
@pytest.mark.parametrize(("data", "disclosed"), [
    (["all"], ["basic_subscriber", "login_ips"]),
    (["orders", "top_ups", "all"], ["basic_subscriber", "login_ips"]),
    (["login_ips", "orders", "top_ups"], ["login_ips"]),
    (["orders", "top_ups"], []),
    ([], []),
    (None, []),
])
def test_rule_2_an_emergency_discloses_only_basic_subscriber_data_and_login_ips(
        data: list[str] | None, disclosed: list[str]) -> None:
    assert verdict_of(emergency(data=data)).as_json()["disclose"] == disclosed


# --- rule 3: Section 3, one test per reason --------------------------------------------------


@pytest.mark.promise("L2")
@pytest.mark.parametrize("kind", ["disclosure", "preservation"])
@pytest.mark.parametrize("document", [
    {"pdf": False, "letterhead": True, "signed": True},
    {"pdf": True, "letterhead": False, "signed": True},
    {"pdf": True, "letterhead": True, "signed": False},
    {"pdf": True, "letterhead": True},
    {},
    None,
])
def test_reason_format_a_request_must_be_a_signed_pdf_on_letterhead(kind: str, document: Any) -> None:
    assert verdict_of(complete(kind, document=document)).as_json() == {
        "decision": "incomplete", "reasons": ["format"], "disclose": [], "hold_business_days": 0}


@pytest.mark.promise("L2")
@pytest.mark.parametrize("kind", ["disclosure", "preservation"])
@pytest.mark.parametrize("field", ["name", "officer_name", "officer_title", "email", "phone", "country"])
@pytest.mark.parametrize("value", [None, "  "])
def test_reason_authority_identification_every_identifying_detail_is_required(
        kind: str, field: str, value: str | None) -> None:
    if field == "country" and value is not None:
        value = None  # a blank country is not a country code at all (see the validation tests)
    request = with_part(complete(kind), "authority", **{field: value})
    assert reasons_of(request) == ["authority_identification"]
    assert reasons_of(complete(kind, authority=None)) == ["authority_identification", "official_email"]


@pytest.mark.promise("L2")
@pytest.mark.parametrize("kind", ["disclosure", "preservation"])
@pytest.mark.parametrize("official", [False, None])
def test_reason_official_email_the_address_must_be_on_an_official_domain(kind: str, official: bool | None) -> None:
    request = with_part(complete(kind), "authority", email="jane.doe@gmail.com", official_domain=official)
    assert reasons_of(request) == ["official_email"]
    assert verdict_of(request).decision is Decision.INCOMPLETE


@pytest.mark.promise("L2")
@pytest.mark.parametrize("kind", ["disclosure", "preservation"])
@pytest.mark.parametrize("identifier", [
    {"type": "name", "value": "John Smith"},
    {"type": "ip", "value": "203.0.113.7"},
    {"type": "order_link", "value": "https://instagram.com/p/abc"},
    {"type": "username", "value": "johnsmith"},
    {"type": "email", "value": ""},
    {"type": "email", "value": "johnsmith"},
    {"type": "email", "value": "a@example.com, b@example.com"},
    {"type": "email", "value": "@example.com"},
    {"type": "email"},
    {"value": "customer@example.com"},
    None,
])
def test_reason_identifier_not_email_only_an_email_address_identifies_an_account(
        kind: str, identifier: dict[str, str] | None) -> None:
    assert reasons_of(complete(kind, identifier=identifier)) == ["identifier_not_email"]


@pytest.mark.promise("L2")
@pytest.mark.parametrize("kind", ["disclosure", "preservation"])
@pytest.mark.parametrize("data", [["all"], ["basic_subscriber", "all"], [], None])
def test_reason_scope_too_broad_all_data_or_no_list_is_rejected(kind: str, data: list[str] | None) -> None:
    assert verdict_of(complete(kind, data=data)).as_json() == {
        "decision": "incomplete", "reasons": ["scope_too_broad"], "disclose": [], "hold_business_days": 0}


@pytest.mark.promise("L2")
@pytest.mark.parametrize("kind", ["disclosure", "preservation"])
@pytest.mark.parametrize("period", [None, {}, {"from": "2025-01-01"}, {"to": "2025-01-01"},
                                    {"from": "2025-01-01", "to": None}, {"from": "2025-03-02", "to": "2025-03-01"}])
def test_reason_period_missing_a_precise_period_is_required(kind: str, period: dict[str, str] | None) -> None:
    assert reasons_of(complete(kind, period=period)) == ["period_missing"]


def test_a_one_day_period_is_precise() -> None:
    assert verdict_of(complete(period={"from": "2025-03-01", "to": "2025-03-01"})).decision is Decision.ACCEPT


@pytest.mark.promise("L2")
@pytest.mark.parametrize("kind", ["disclosure", "preservation"])
@pytest.mark.parametrize("basis", [None, {}, {"law": "s.9 PACE"}, {"case_number": "T1"},
                                   {"law": " ", "case_number": "T1"}, {"law": "s.9 PACE", "case_number": ""}])
def test_reason_legal_grounds_the_law_and_the_case_number_are_required(kind: str, basis: Any) -> None:
    assert reasons_of(complete(kind, legal_basis=basis)) == ["legal_grounds"]


@pytest.mark.promise("L2")
@pytest.mark.parametrize("kind", ["disclosure", "preservation"])
def test_reason_language_english_or_a_certified_translation(kind: str) -> None:
    assert reasons_of(complete(kind, language="fr")) == ["language"]
    assert reasons_of(complete(kind, language="fr", certified_translation=None)) == ["language"]
    assert reasons_of(complete(kind, language=None)) == ["language"]
    assert reasons_of(complete(kind, language="fr", certified_translation=True)) == []
    assert reasons_of(complete(kind, language="EN")) == []


@pytest.mark.promise("L2")
def test_rule_3_every_failing_check_adds_its_reason() -> None:
    request = {"channel": "legal_mailbox", "kind": "preservation"}
    assert verdict_of(request).as_json() == {
        "decision": "incomplete",
        "reasons": ["authority_identification", "format", "identifier_not_email", "language", "legal_grounds",
                    "official_email", "period_missing", "scope_too_broad"],
        "disclose": [], "hold_business_days": 0}


# --- rule 4: the pathway (disclosure only) ---------------------------------------------------


@pytest.mark.promise("L5")
@pytest.mark.parametrize("pathway", ["uk_court_order", "uk_warrant"])
def test_rule_4_from_the_uk_a_court_order_or_a_warrant_is_accepted(pathway: str) -> None:
    assert verdict_of(complete(pathway=pathway)).decision is Decision.ACCEPT


@pytest.mark.promise("L5")
@pytest.mark.parametrize("pathway", ["mlat", "letters_rogatory", "cloud_act", "uk_court_recognition",
                                     "dual_criminality", "direct", None])
def test_reason_pathway_not_accepted_from_the_uk_anything_but_a_court_order_or_warrant(pathway: str | None) -> None:
    request = complete(pathway=pathway, dual_criminality={"category": "terrorism", "residency_basis": "UK IP"})
    assert verdict_of(request).as_json() == {"decision": "refuse", "reasons": ["pathway_not_accepted"],
                                             "disclose": [], "hold_business_days": 0}


@pytest.mark.promise("L5")
@pytest.mark.parametrize("pathway", ["mlat", "letters_rogatory", "uk_court_recognition", "uk_court_order",
                                     "uk_warrant"])
def test_rule_4_from_abroad_the_recognised_pathways_are_accepted(pathway: str) -> None:
    assert verdict_of(foreign(pathway=pathway)).decision is Decision.ACCEPT


@pytest.mark.promise("L5")
@pytest.mark.parametrize("pathway", ["direct", None])
def test_reason_pathway_not_accepted_a_direct_request_from_abroad_is_refused(pathway: str | None) -> None:
    assert verdict_of(foreign(pathway=pathway)).as_json()["reasons"] == ["pathway_not_accepted"]
    assert verdict_of(foreign(pathway=pathway)).decision is Decision.REFUSE


@pytest.mark.promise("L5")
def test_reason_pathway_not_accepted_the_cloud_act_only_from_the_united_states() -> None:
    assert verdict_of(foreign("US", pathway="cloud_act")).decision is Decision.ACCEPT
    assert verdict_of(foreign("us", pathway="cloud_act")).decision is Decision.ACCEPT
    assert reasons_of(foreign("CA", pathway="cloud_act")) == ["pathway_not_accepted"]


def test_rule_4_an_unknown_country_is_abroad_and_the_authority_is_not_identified() -> None:
    request = with_part(complete(pathway="cloud_act"), "authority", country=None)
    assert reasons_of(request) == ["authority_identification", "pathway_not_accepted"]


@pytest.mark.promise("L5")
@pytest.mark.parametrize("category", sorted(DUAL_CRIMINALITY_CATEGORIES))
def test_rule_4_dual_criminality_for_a_listed_category_with_a_residency_basis(category: str) -> None:
    request = foreign("BR", pathway="dual_criminality",
                      dual_criminality={"category": category, "residency_basis": "Logins from Brazilian IPs"})
    assert verdict_of(request).as_json() == {"decision": "accept", "reasons": [],
                                             "disclose": ["basic_subscriber", "top_ups"], "hold_business_days": 0}


@pytest.mark.promise("L5")
@pytest.mark.parametrize("dual", [
    None,
    {"category": "fraud", "residency_basis": "Logins from Brazilian IPs"},
    {"category": None, "residency_basis": "Logins from Brazilian IPs"},
    {"category": "terrorism", "residency_basis": " "},
    {"category": "terrorism"},
])
def test_reason_dual_criminality_not_met(dual: dict[str, str] | None) -> None:
    request = foreign("BR", pathway="dual_criminality", dual_criminality=dual)
    assert verdict_of(request).as_json() == {"decision": "refuse", "reasons": ["dual_criminality_not_met"],
                                             "disclose": [], "hold_business_days": 0}


@pytest.mark.promise("L6")
@pytest.mark.parametrize("pathway", ["mlat", "uk_court_order", "uk_court_recognition"])
def test_rule_4_a_foreign_request_about_a_uk_subject_passes_through_mlat_or_a_uk_court(pathway: str) -> None:
    assert verdict_of(foreign(pathway=pathway, subject_uk=True)).decision is Decision.ACCEPT


@pytest.mark.promise("L6")
@pytest.mark.parametrize(("country", "pathway", "extra"), [
    ("FR", "letters_rogatory", []),
    ("FR", "uk_warrant", []),
    ("US", "cloud_act", []),
    ("FR", "cloud_act", ["pathway_not_accepted"]),
    ("FR", "direct", ["pathway_not_accepted"]),
    ("FR", None, ["pathway_not_accepted"]),
    ("FR", "dual_criminality", ["dual_criminality_not_met"]),
])
def test_reason_uk_subject_is_added_to_any_other_reason(country: str, pathway: str | None, extra: list[str]) -> None:
    request = foreign(country, pathway=pathway, subject_uk=True, language="fr")
    reasons = sorted([*extra, "language", "uk_subject"])
    assert verdict_of(request).as_json() == {"decision": "refuse", "reasons": reasons, "disclose": [],
                                             "hold_business_days": 0}


@pytest.mark.promise("L6")
def test_rule_4_an_unanswered_uk_subject_question_is_treated_as_yes() -> None:
    assert reasons_of(foreign(pathway="letters_rogatory", subject_uk=None)) == ["uk_subject"]
    assert reasons_of(foreign(pathway="mlat", subject_uk=None)) == []


def test_rule_4_the_uk_subject_rule_is_for_foreign_requests_only() -> None:
    assert verdict_of(complete(pathway="uk_warrant", subject_uk=True)).decision is Decision.ACCEPT


@pytest.mark.parametrize("pathway", ["direct", None])
def test_rule_4_applies_to_disclosure_only(pathway: str | None) -> None:
    request = foreign("CN", kind="preservation", pathway=pathway, subject_uk=True)
    assert verdict_of(request).as_json() == {"decision": "accept", "reasons": [], "disclose": [],
                                             "hold_business_days": PRESERVATION_HOLD_BUSINESS_DAYS}


# --- rules 5 and 6: decision and what it releases --------------------------------------------


def test_rule_5_the_four_refusing_reasons_refuse_and_the_others_delay() -> None:
    assert {r.value for r in REFUSING_REASONS} == {"wrong_channel", "pathway_not_accepted", "uk_subject",
                                                    "dual_criminality_not_met"}
    for reason in Reason:
        assert decide([reason]) is (Decision.REFUSE if reason in REFUSING_REASONS else Decision.INCOMPLETE)
        assert decide([reason, Reason.FORMAT]) is decide([reason])
    assert decide([]) is Decision.ACCEPT


@pytest.mark.promise("L5")
def test_rule_5_a_refusing_reason_wins_over_incomplete_papers() -> None:
    verdict = verdict_of(foreign(pathway="direct", document=None))
    assert verdict.as_json() == {"decision": "refuse", "reasons": ["format", "pathway_not_accepted"],
                                 "disclose": [], "hold_business_days": 0}


def test_rule_6_an_accepted_preservation_discloses_nothing_and_holds_90_business_days() -> None:
    assert verdict_of(complete("preservation", data=["login_ips", "orders"])).as_json() == {
        "decision": "accept", "reasons": [], "disclose": [], "hold_business_days": 90}


def test_rule_6_a_preservation_that_is_not_accepted_holds_nothing() -> None:
    assert verdict_of(complete("preservation", data=["all"])).hold_business_days == 0


def test_every_reason_code_has_its_rule_section_and_explanation() -> None:
    assert set(REASONS) == set(Reason)
    for reason, info in REASONS.items():
        assert info.rule in {1, 2, 3, 4}, reason
        assert info.section and info.explanation.endswith("."), reason


# --- validation: what is not a request at all ------------------------------------------------


@pytest.mark.parametrize(("text", "field"), [
    ('{"kind": "disclosure"}', "channel"),
    ('{"channel": "fax", "kind": "disclosure"}', "channel"),
    ('{"channel": "legal_mailbox", "kind": "subpoena"}', "kind"),
    ('{"channel": "legal_mailbox", "kind": "disclosure", "data": ["passwords"]}', "data.0"),
    ('{"channel": "legal_mailbox", "kind": "disclosure", "data": "orders"}', "data"),
    ('{"channel": "legal_mailbox", "kind": "disclosure", "pathway": "interpol"}', "pathway"),
    ('{"channel": "legal_mailbox", "kind": "disclosure", "identifier": {"type": "phone", "value": "1"}}',
     "identifier.type"),
    ('{"channel": "legal_mailbox", "kind": "disclosure", "document": {"pdf": "yes"}}', "document.pdf"),
    ('{"channel": "legal_mailbox", "kind": "disclosure", "subject_uk": 1}', "subject_uk"),
    ('{"channel": "legal_mailbox", "kind": "disclosure", "language": "english"}', "language"),
    ('{"channel": "legal_mailbox", "kind": "disclosure", "authority": {"country": "UK"}}', "authority.country"),
    ('{"channel": "legal_mailbox", "kind": "disclosure", "authority": {"country": ""}}', "authority.country"),
    ('{"channel": "legal_mailbox", "kind": "disclosure", "authority": {"name": 7}}', "authority.name"),
    ('{"channel": "legal_mailbox", "kind": "disclosure", "period": {"from": "01/02/2025"}}', "period.from"),
    ('{"channel": "legal_mailbox", "kind": "disclosure", "period": {"from": 1735689600}}', "period.from"),
    ('{"channel": "legal_mailbox", "kind": "disclosure", "period": {"to": "2025-02-30"}}', "period.to"),
    ('{"channel": "legal_mailbox", "kind": "disclosure", "subject_UK": false}', "subject_UK"),
])
def test_a_value_of_the_wrong_type_or_outside_its_list_is_not_a_request(text: str, field: str) -> None:
    with pytest.raises(ValidationError) as raised:
        parse_request(text)
    assert field in {".".join(str(p) for p in e["loc"]) for e in raised.value.errors()}


def test_the_json_keys_from_and_to_make_the_period() -> None:
    period = parse_request('{"channel": "legal_mailbox", "kind": "disclosure", '
                           '"period": {"from": "2025-01-01", "to": "2025-01-31"}}').period
    assert period is not None and (period.start, period.end) == (date(2025, 1, 1), date(2025, 1, 31))


# --- properties ------------------------------------------------------------------------------

_text = st.one_of(st.none(), st.sampled_from(["", "  ", "x", "Jane Doe"]))
_flag = st.one_of(st.none(), st.booleans())
requests = st.fixed_dictionaries({
    "channel": st.sampled_from(["legal_mailbox", "phone", "support", "other"]),
    "kind": st.sampled_from(["disclosure", "preservation", "emergency"]),
    "document": st.one_of(st.none(), st.fixed_dictionaries({"pdf": _flag, "letterhead": _flag, "signed": _flag})),
    "language": st.sampled_from([None, "en", "fr", "de"]),
    "certified_translation": _flag,
    "authority": st.one_of(st.none(), st.fixed_dictionaries({
        "name": _text, "country": st.sampled_from([None, "GB", "US", "FR", "BR"]), "officer_name": _text,
        "officer_title": _text, "email": st.sampled_from([None, "", "a@police.example.gov"]), "phone": _text,
        "official_domain": _flag})),
    "identifier": st.one_of(st.none(), st.fixed_dictionaries({
        "type": st.sampled_from(["email", "name", "ip", "order_link", "username"]),
        "value": st.sampled_from(["", "customer@example.com", "John Smith"])})),
    "data": st.one_of(st.none(), st.lists(
        st.sampled_from(["basic_subscriber", "login_ips", "top_ups", "orders", "all"]), max_size=6)),
    "period": st.one_of(st.none(), st.fixed_dictionaries({
        "from": st.one_of(st.none(), st.dates(date(2024, 1, 1), date(2025, 12, 31))),
        "to": st.one_of(st.none(), st.dates(date(2024, 1, 1), date(2025, 12, 31)))})),
    "legal_basis": st.one_of(st.none(), st.fixed_dictionaries({"law": _text, "case_number": _text})),
    "pathway": st.sampled_from([None, "uk_court_order", "uk_warrant", "mlat", "letters_rogatory", "cloud_act",
                                "uk_court_recognition", "dual_criminality", "direct"]),
    "dual_criminality": st.one_of(st.none(), st.fixed_dictionaries({
        "category": st.sampled_from([None, "terrorism", "csam", "fraud"]), "residency_basis": _text})),
    "subject_uk": _flag,
    "emergency_description": _text,
})


@settings(max_examples=400, deadline=None)
@given(requests)
def test_property_reasons_are_sorted_and_unique(request: dict[str, Any]) -> None:
    reasons = verdict_of(request).reasons
    assert list(reasons) == sorted(set(reasons))


@settings(max_examples=400, deadline=None)
@given(requests)
def test_property_refuse_exactly_when_a_refusing_reason_and_accept_exactly_when_none(request: dict[str, Any]) -> None:
    verdict = verdict_of(request)
    assert (verdict.decision is Decision.REFUSE) == bool(set(verdict.reasons) & REFUSING_REASONS)
    assert (verdict.decision is Decision.ACCEPT) == (not verdict.reasons)


@pytest.mark.promise("L1")
@settings(max_examples=400, deadline=None)
@given(requests)
def test_property_nothing_is_disclosed_or_held_unless_accepted(request: dict[str, Any]) -> None:
    verdict = verdict_of(request)
    if verdict.decision is not Decision.ACCEPT:
        assert verdict.disclose == () and verdict.hold_business_days == 0
    if request["channel"] not in {"legal_mailbox", "phone"} or (
            request["channel"] == "phone" and request["kind"] != "emergency"):
        assert verdict.decision is Decision.REFUSE


@settings(max_examples=400, deadline=None)
@given(requests)
def test_property_an_accepted_preservation_discloses_nothing_and_holds_90(request: dict[str, Any]) -> None:
    verdict = verdict_of({**request, "kind": "preservation"})
    if verdict.decision is Decision.ACCEPT:
        assert verdict.disclose == () and verdict.hold_business_days == 90
    if request["kind"] != "preservation":
        assert verdict_of(request).hold_business_days == 0


@pytest.mark.promise("L8")
@settings(max_examples=400, deadline=None)
@given(requests)
def test_property_an_emergency_discloses_only_basic_subscriber_data_and_login_ips(request: dict[str, Any]) -> None:
    verdict = verdict_of({**request, "kind": "emergency"})
    assert {c.value for c in verdict.disclose} <= {"basic_subscriber", "login_ips"}
    assert verdict.hold_business_days == 0


@settings(max_examples=400, deadline=None)
@given(requests)
def test_property_an_accepted_disclosure_discloses_exactly_what_it_asked_for(request: dict[str, Any]) -> None:
    verdict = verdict_of({**request, "kind": "disclosure"})
    if verdict.decision is Decision.ACCEPT:
        assert [c.value for c in verdict.disclose] == sorted(set(request["data"]))
        assert "all" not in request["data"] and verdict.hold_business_days == 0


def test_docs_legal_md_lists_every_reason_code_with_its_rule_and_explanation() -> None:
    from pathlib import Path

    page = (Path(__file__).resolve().parents[2] / "docs" / "legal.md").read_text(encoding="utf-8")
    assert page.startswith("# Law-enforcement requests\n") and "\n## Assessing a request\n" in page
    for reason, info in REASONS.items():
        row = next((line for line in page.splitlines() if line.startswith(f"| `{reason.value}` |")), None)
        assert row is not None, f"docs/legal.md has no row for {reason.value}"
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        decision = "refuse" if reason in REFUSING_REASONS else "incomplete"
        assert (cells[1], cells[3], cells[4]) == (str(info.rule), decision, info.explanation), reason
