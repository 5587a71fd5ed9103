"""The decision on a law-enforcement request (promises L1, L2, L5, L6, L8, L11), as pure rules.

`assess(request)` applies these rules in this order; the guidelines' sections are in brackets.

1. Channel [12; 9 for the phone]. Only `legal_mailbox` is a channel for requests, and `phone` only
   for an emergency. Anything else (customer support, any other route) is refused with the single
   reason `wrong_channel`, and nothing else is looked at: such a request is not processed [2.2].
2. Emergency [9]. Without a description of the emergency (blank counts as missing) it is
   `incomplete` with `emergency_description_missing`. With one it is accepted at once, whatever
   else is missing (the follow-up legal process is tracked elsewhere), and discloses only the
   requested categories among `basic_subscriber` and `login_ips` (both when `all` was asked):
   "a limited amount of information necessary to prevent the threat".
3. Section 3, for disclosure and preservation [3; 8 for preservation]. Each failing check adds
   its reason:
   - `format`: not a PDF, on letterhead and signed ["Official Format"];
   - `authority_identification`: the authority's name, the officer's name or title, the e-mail or
     the work phone blank, or the authority's country unknown ["Identification of the Requesting
     Authority"];
   - `official_email`: the e-mail is not on an official government or departmental domain
     (`authority.official_domain` is not true) [same];
   - `identifier_not_email`: the account is not named by a single e-mail address ["Clear Account
     Identification"];
   - `scope_too_broad`: no data category, or `all` ["Detailed Description and Proportionality"];
   - `period_missing`: no period, one end missing, or from after to [same];
   - `legal_grounds`: the law or the case or order number blank ["Clear Statement of Legal Grounds"];
   - `language`: not `en` and no certified translation ["Language of the Request"].
4. Pathway, for disclosure only [5, 6, 7]. From the UK (`GB`): only `uk_court_order` or
   `uk_warrant` [5], else `pathway_not_accepted`. From abroad (any other country, or none known):
   `direct` or no pathway is `pathway_not_accepted` [7.4]; `cloud_act` only from `US` [7.1], else
   `pathway_not_accepted`; `dual_criminality` needs a category among `terrorism`,
   `human_trafficking`, `csam`, `critical_infrastructure` and a residency basis [7.3], else
   `dual_criminality_not_met`; about a UK subject (or one not known not to be) only `mlat`,
   `uk_court_order` or `uk_court_recognition` [6.3], else `uk_subject`, added to any other reason.
   `mlat` [6.1], `letters_rogatory` [6.2] and `uk_court_recognition` [7.2] pass otherwise.
5. Decision. Any of `wrong_channel`, `pathway_not_accepted`, `uk_subject`,
   `dual_criminality_not_met` makes it `refuse` [7.4, 6.3, 7.3]; any other reason makes it
   `incomplete` (the authority can complete it: "a delay or refusal", Section 3); no reason: `accept`.
6. What it releases [4, 8, 2.2]. An accepted disclosure discloses exactly the requested categories;
   an accepted preservation discloses nothing and holds for `PRESERVATION_HOLD_BUSINESS_DAYS`
   business days [8]; anything not accepted discloses nothing and holds nothing [2.2]. Reasons
   and categories are sorted, without duplicates.

The official-domain question is answered by the legal team at intake, not guessed from the
address here: docs/legal.md ("Official government e-mail domain") says how they decide it.

Pure: the request in, the verdict out; no clock, no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from chalicelib.domain.legal_request import (
    Authority,
    Channel,
    DataCategory,
    DataRequest,
    IdentifierType,
    Kind,
    LegalRequest,
    Pathway,
    parse_request,
)

__all__ = [
    "DUAL_CRIMINALITY_CATEGORIES", "EMERGENCY_CATEGORIES", "PRESERVATION_HOLD_BUSINESS_DAYS", "REASONS",
    "REFUSING_REASONS", "Channel", "DataCategory", "DataRequest", "Decision", "IdentifierType", "Kind",
    "LegalRequest", "Pathway", "Reason", "ReasonInfo", "Verdict", "assess", "decide", "parse_request",
    "pathway_reasons", "section_3_reasons",
]

PRESERVATION_HOLD_BUSINESS_DAYS = 90
"""Section 8: data is preserved for 90 (England and Wales) business days."""

UK = "GB"
US = "US"

EMERGENCY_CATEGORIES: tuple[DataCategory, ...] = (DataCategory.BASIC_SUBSCRIBER, DataCategory.LOGIN_IPS)
"""Section 9's "limited amount of information": who the account is and where it signed in from."""

DUAL_CRIMINALITY_CATEGORIES = frozenset({"terrorism", "human_trafficking", "csam", "critical_infrastructure"})
"""Section 7.3's serious crimes recognised in both countries."""

UK_PATHWAYS = frozenset({Pathway.UK_COURT_ORDER, Pathway.UK_WARRANT})
UK_SUBJECT_PATHWAYS = frozenset({Pathway.MLAT, Pathway.UK_COURT_ORDER, Pathway.UK_COURT_RECOGNITION})


class Decision(StrEnum):
    ACCEPT = "accept"
    INCOMPLETE = "incomplete"    # the authority can put it right and send it again
    REFUSE = "refuse"            # no correction of the papers makes it acceptable


class Reason(StrEnum):
    WRONG_CHANNEL = "wrong_channel"
    EMERGENCY_DESCRIPTION_MISSING = "emergency_description_missing"
    FORMAT = "format"
    AUTHORITY_IDENTIFICATION = "authority_identification"
    OFFICIAL_EMAIL = "official_email"
    IDENTIFIER_NOT_EMAIL = "identifier_not_email"
    SCOPE_TOO_BROAD = "scope_too_broad"
    PERIOD_MISSING = "period_missing"
    LEGAL_GROUNDS = "legal_grounds"
    LANGUAGE = "language"
    PATHWAY_NOT_ACCEPTED = "pathway_not_accepted"
    DUAL_CRIMINALITY_NOT_MET = "dual_criminality_not_met"
    UK_SUBJECT = "uk_subject"


@dataclass(frozen=True)
class ReasonInfo:
    """What the console shows for a reason: the rule's number, the guidelines' section and why."""

    rule: int
    section: str
    explanation: str


REASONS: Mapping[Reason, ReasonInfo] = MappingProxyType({
    Reason.WRONG_CHANNEL: ReasonInfo(1, "12, 2.2", "The request did not come to the dedicated legal address (or, "
                                    "for an emergency, by phone to the legal team); requests sent to customer support "
                                    "or any other channel are not considered."),
    Reason.EMERGENCY_DESCRIPTION_MISSING: ReasonInfo(2, "9", "An emergency request must describe the imminent threat "
                                                     "of death or serious physical harm in detail."),
    Reason.FORMAT: ReasonInfo(3, "3 (Official Format)", "The request must be a PDF on the authority's official "
                              "letterhead, signed by an authorised official."),
    Reason.AUTHORITY_IDENTIFICATION: ReasonInfo(3, "3 (Identification of the Requesting Authority)", "The authority's "
                                                "full name and country, the officer's name and title, a contact "
                                                "e-mail and a work telephone number are all required."),
    Reason.OFFICIAL_EMAIL: ReasonInfo(3, "3 (Identification of the Requesting Authority)", "The officer's e-mail "
                                      "address must be on an official government or departmental domain."),
    Reason.IDENTIFIER_NOT_EMAIL: ReasonInfo(3, "3 (Clear Account Identification)", "The account must be identified "
                                            "by its e-mail address; we cannot search by name, IP address, username "
                                            "or order link."),
    Reason.SCOPE_TOO_BROAD: ReasonInfo(3, "3 (Detailed Description and Proportionality)", "The request must list "
                                       "the specific data wanted; \"all information\" or no list is too broad."),
    Reason.PERIOD_MISSING: ReasonInfo(3, "3 (Detailed Description and Proportionality)", "The request must give a "
                                      "precise period with a start date no later than its end date."),
    Reason.LEGAL_GROUNDS: ReasonInfo(3, "3 (Clear Statement of Legal Grounds)", "The request must cite the article "
                                     "of law it relies on and the case or court order number."),
    Reason.LANGUAGE: ReasonInfo(3, "3 (Language of the Request)", "The request must be in English or come with a "
                                "certified English translation."),
    Reason.PATHWAY_NOT_ACCEPTED: ReasonInfo(4, "5, 6, 7.1, 7.4", "The request did not come by an accepted legal "
                                            "pathway: from the UK a court order or warrant; from abroad MLAT, letters "
                                            "rogatory, UK court recognition, the CLOUD Act (US only) or dual "
                                            "criminality. Other direct requests are not considered."),
    Reason.DUAL_CRIMINALITY_NOT_MET: ReasonInfo(4, "7.3", "Dual criminality applies only to terrorism, human "
                                                "trafficking, CSAM or attacks on critical infrastructure, with a "
                                                "stated basis for believing the user resides in the requesting "
                                                "country."),
    Reason.UK_SUBJECT: ReasonInfo(4, "6.3", "A foreign request about a UK subject can be answered only through "
                                  "MLAT or an order of a competent UK court."),
})
"""Every reason code with its rule, its guidelines section and a sentence for people."""

REFUSING_REASONS = frozenset({Reason.WRONG_CHANNEL, Reason.PATHWAY_NOT_ACCEPTED, Reason.UK_SUBJECT,
                              Reason.DUAL_CRIMINALITY_NOT_MET})
"""Rule 5: these make a request `refuse`; every other reason only makes it `incomplete`."""


@dataclass(frozen=True)
class Verdict:
    """The outcome: reasons sorted and unique; `disclose` empty and no hold unless accepted."""

    decision: Decision
    reasons: tuple[Reason, ...] = ()
    disclose: tuple[DataCategory, ...] = ()
    hold_business_days: int = 0

    def as_json(self) -> dict[str, Any]:
        """The command's contract: {"decision", "reasons", "disclose", "hold_business_days"}."""
        return {"decision": self.decision.value, "reasons": [r.value for r in self.reasons],
                "disclose": [c.value for c in self.disclose], "hold_business_days": self.hold_business_days}


def _blank(text: str | None) -> bool:
    return text is None or not text.strip()


def _categories(requested: Iterable[DataRequest]) -> set[DataCategory]:
    """The named categories, `all` standing for every one."""
    asked = set(requested)
    if DataRequest.ALL in asked:
        return set(DataCategory)
    return {DataCategory(item.value) for item in asked}


def _is_email(text: str | None) -> bool:
    """One address, local@domain.tld: a name, a list or a bare domain does not identify an account."""
    if _blank(text):
        return False
    assert text is not None
    local, at, domain = text.strip().partition("@")
    odd = any(c.isspace() or c in "@,;" for c in local + domain)
    return bool(at and local and "." in domain.strip(".") and not odd)


def _authority_reasons(authority: Authority | None) -> set[Reason]:
    if authority is None:
        return {Reason.AUTHORITY_IDENTIFICATION, Reason.OFFICIAL_EMAIL}
    reasons = set()
    if any(_blank(t) for t in (authority.name, authority.officer_name, authority.officer_title,
                               authority.email, authority.phone)) or authority.country is None:
        reasons.add(Reason.AUTHORITY_IDENTIFICATION)
    if authority.official_domain is not True:
        reasons.add(Reason.OFFICIAL_EMAIL)
    return reasons


def section_3_reasons(request: LegalRequest) -> set[Reason]:
    """Rule 3: the mandatory requirements of Section 3, each failing one adding its reason."""
    reasons = _authority_reasons(request.authority)
    document = request.document
    if document is None or not (document.pdf is True and document.letterhead is True and document.signed is True):
        reasons.add(Reason.FORMAT)
    identifier = request.identifier
    if identifier is None or identifier.type is not IdentifierType.EMAIL or not _is_email(identifier.value):
        reasons.add(Reason.IDENTIFIER_NOT_EMAIL)
    if not request.data or DataRequest.ALL in request.data:
        reasons.add(Reason.SCOPE_TOO_BROAD)
    period = request.period
    if period is None or period.start is None or period.end is None or period.start > period.end:
        reasons.add(Reason.PERIOD_MISSING)
    basis = request.legal_basis
    if basis is None or _blank(basis.law) or _blank(basis.case_number):
        reasons.add(Reason.LEGAL_GROUNDS)
    if request.language != "en" and request.certified_translation is not True:
        reasons.add(Reason.LANGUAGE)
    return reasons


def pathway_reasons(request: LegalRequest) -> set[Reason]:
    """Rule 4: whether the legal route the disclosure request came by is one we accept."""
    country = request.authority.country if request.authority else None
    pathway = request.pathway
    if country == UK:
        return set() if pathway in UK_PATHWAYS else {Reason.PATHWAY_NOT_ACCEPTED}
    reasons = set()
    if pathway is None or pathway is Pathway.DIRECT or (pathway is Pathway.CLOUD_ACT and country != US):
        reasons.add(Reason.PATHWAY_NOT_ACCEPTED)
    elif pathway is Pathway.DUAL_CRIMINALITY:
        dual = request.dual_criminality
        if (dual is None or dual.category is None or dual.category.strip().lower() not in DUAL_CRIMINALITY_CATEGORIES
                or _blank(dual.residency_basis)):
            reasons.add(Reason.DUAL_CRIMINALITY_NOT_MET)
    # Unknown is treated as a UK subject: the protection of Section 6.3 applies until intake answers.
    if request.subject_uk is not False and pathway not in UK_SUBJECT_PATHWAYS:
        reasons.add(Reason.UK_SUBJECT)
    return reasons


def decide(reasons: Iterable[Reason]) -> Decision:
    """Rule 5."""
    found = set(reasons)
    if found & REFUSING_REASONS:
        return Decision.REFUSE
    return Decision.INCOMPLETE if found else Decision.ACCEPT


def _verdict(reasons: set[Reason], disclose: Iterable[DataCategory] = (), hold: int = 0) -> Verdict:
    """Rule 6: only an accepted request releases anything; everything sorted and unique."""
    decision = decide(reasons)
    if decision is not Decision.ACCEPT:
        return Verdict(decision, tuple(sorted(reasons)))
    return Verdict(decision, (), tuple(sorted(set(disclose))), hold)


def assess(request: LegalRequest) -> Verdict:
    """The verdict on a request, by rules 1 to 6 of this module's docstring, in that order."""
    allowed = {Channel.LEGAL_MAILBOX, Channel.PHONE} if request.kind is Kind.EMERGENCY else {Channel.LEGAL_MAILBOX}
    if request.channel not in allowed:
        return _verdict({Reason.WRONG_CHANNEL})
    if request.kind is Kind.EMERGENCY:
        if _blank(request.emergency_description):
            return _verdict({Reason.EMERGENCY_DESCRIPTION_MISSING})
        return _verdict(set(), _categories(request.data or ()) & set(EMERGENCY_CATEGORIES))
    reasons = section_3_reasons(request)
    if request.kind is Kind.PRESERVATION:
        return _verdict(reasons, hold=PRESERVATION_HOLD_BUSINESS_DAYS)
    reasons |= pathway_reasons(request)
    return _verdict(reasons, _categories(request.data or ()))
