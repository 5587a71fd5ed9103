"""A law-enforcement request as the legal team records it (the Section 3 intake checklist of the
law-enforcement guidelines), validated from JSON: the input of `legal_assessment.assess`.

Validation only refuses what is not a request at all: malformed JSON, an unknown field, a value of
the wrong type (a number where text belongs, "yes" for a yes/no) or outside its list (a channel,
kind, data category, identifier type or pathway we do not know; a language that is not an ISO
639-1 code; a country that is not an ISO 3166 alpha-2 code; a date that is not YYYY-MM-DD).

Only `channel` and `kind` are required: without them no rule can be applied. Every other field may
be absent or null, because an emergency by phone is assessed on its description alone. Absent or
null never helps a request: it reads as the answer that fails its check (no PDF, no letterhead, no
signature, no certified translation, no official domain, blank text, no period, no pathway) and,
for `subject_uk`, as "possibly a UK subject", so the stricter Section 6.3 rule applies until the
intake answers the question. `legal_assessment` documents what each gap costs.
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, StrictStr

TEXT_MAX = 500
DESCRIPTION_MAX = 10_000
CATEGORIES_MAX = 10


class Channel(StrEnum):
    """Where the request arrived (Section 12: the dedicated legal address; Section 9: emergencies)."""

    LEGAL_MAILBOX = "legal_mailbox"
    PHONE = "phone"
    SUPPORT = "support"
    OTHER = "other"


class Kind(StrEnum):
    DISCLOSURE = "disclosure"        # Sections 5-7
    PRESERVATION = "preservation"    # Section 8
    EMERGENCY = "emergency"          # Section 9


class IdentifierType(StrEnum):
    """How the request names the account; only the e-mail identifies one (Section 3)."""

    EMAIL = "email"
    NAME = "name"
    IP = "ip"
    ORDER_LINK = "order_link"
    USERNAME = "username"


class DataCategory(StrEnum):
    """The data the service holds and can disclose (Section 4)."""

    BASIC_SUBSCRIBER = "basic_subscriber"    # e-mail and account creation time
    LOGIN_IPS = "login_ips"
    TOP_UPS = "top_ups"
    ORDERS = "orders"


class DataRequest(StrEnum):
    """What a request may ask for: a category, or `all` (overly broad, Section 3)."""

    BASIC_SUBSCRIBER = "basic_subscriber"
    LOGIN_IPS = "login_ips"
    TOP_UPS = "top_ups"
    ORDERS = "orders"
    ALL = "all"


class Pathway(StrEnum):
    """The legal route the request came by (Sections 5, 6 and 7)."""

    UK_COURT_ORDER = "uk_court_order"
    UK_WARRANT = "uk_warrant"
    MLAT = "mlat"
    LETTERS_ROGATORY = "letters_rogatory"
    CLOUD_ACT = "cloud_act"
    UK_COURT_RECOGNITION = "uk_court_recognition"
    DUAL_CRIMINALITY = "dual_criminality"
    DIRECT = "direct"


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_LANGUAGE = re.compile(r"[a-z]{2}")
_COUNTRY = re.compile(r"[A-Z]{2}")


def _iso_date(value: Any) -> Any:
    """A calendar date written YYYY-MM-DD (a timestamp or a number would be a guess)."""
    if isinstance(value, date) or value is None:
        return value
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value.strip()):
        raise ValueError("must be a date written YYYY-MM-DD")
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"{value.strip()} is not a calendar date") from None


def _language(value: Any) -> Any:
    if value is None:
        return None
    if not isinstance(value, str) or not _LANGUAGE.fullmatch(value.strip().lower()):
        raise ValueError("must be a two-letter ISO 639-1 language code such as en, fr or de")
    return value.strip().lower()


def _country(value: Any) -> Any:
    if value is None:
        return None
    if not isinstance(value, str) or not _COUNTRY.fullmatch(value.strip().upper()):
        raise ValueError("must be a two-letter ISO 3166 country code such as GB, US or FR")
    code = value.strip().upper()
    if code == "UK":
        raise ValueError("UK is not an ISO 3166 code: the United Kingdom is GB")
    return code


Text = Annotated[StrictStr, Field(max_length=TEXT_MAX)]
IsoDate = Annotated[date | None, BeforeValidator(_iso_date)]
Language = Annotated[str | None, BeforeValidator(_language)]
Country = Annotated[str | None, BeforeValidator(_country)]


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, validate_by_name=True)


class Document(_Part):
    pdf: StrictBool | None = None
    letterhead: StrictBool | None = None
    signed: StrictBool | None = None


class Authority(_Part):
    name: Text | None = None
    country: Country = None
    officer_name: Text | None = None
    officer_title: Text | None = None
    email: Text | None = None
    phone: Text | None = None
    official_domain: StrictBool | None = None
    """Set by the intake: staff confirmed the e-mail's domain belongs to a government or department."""


class Identifier(_Part):
    type: IdentifierType | None = None
    value: Text | None = None


class Period(_Part):
    start: IsoDate = Field(default=None, alias="from")
    end: IsoDate = Field(default=None, alias="to")


class LegalBasis(_Part):
    law: Text | None = None
    case_number: Text | None = None


class DualCriminality(_Part):
    category: Text | None = None
    """Free text: a category outside the listed four is a request that does not qualify, not an error."""
    residency_basis: Annotated[StrictStr, Field(max_length=DESCRIPTION_MAX)] | None = None


class LegalRequest(_Part):
    """One request, field for field as `panel legal assess --input FILE` reads it."""

    channel: Channel
    kind: Kind
    document: Document | None = None
    language: Language = None
    certified_translation: StrictBool | None = None
    authority: Authority | None = None
    identifier: Identifier | None = None
    data: Annotated[tuple[DataRequest, ...], Field(max_length=CATEGORIES_MAX)] | None = None
    period: Period | None = None
    legal_basis: LegalBasis | None = None
    pathway: Pathway | None = None
    dual_criminality: DualCriminality | None = None
    subject_uk: StrictBool | None = None
    emergency_description: Annotated[StrictStr, Field(max_length=DESCRIPTION_MAX)] | None = None


def parse_request(text: str | bytes) -> LegalRequest:
    """The request in a JSON document; pydantic's ValidationError says what is wrong with it."""
    return LegalRequest.model_validate_json(text)
