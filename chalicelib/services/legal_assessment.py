"""Assessing a law-enforcement request: the JSON the legal team records, checked against the
guidelines' rules (domain/legal_assessment.py). Pure: it reads and writes nothing, so the command
and, later, the legal console give the same verdict for the same request."""

from __future__ import annotations

from pydantic import ValidationError

from chalicelib.domain.errors import InvalidInput, PayloadTooLarge
from chalicelib.domain.legal_assessment import Verdict, assess, parse_request
from chalicelib.domain.validation import Wording, describe, fields

MAX_REQUEST_BYTES = 1_000_000
"""A recorded request is a few kilobytes of JSON (the PDF is attached separately)."""

# "Invalid legal request: 'kind' is required; 'authority.country': must be a two-letter ISO 3166 ..."
REQUEST = Wording(prefix="Invalid legal request: ", whole="request", missing=" is required",
                  extra=" is not a field of a legal request", separator=": ")


def assess_json(text: str | bytes) -> Verdict:
    """The verdict on the request in a JSON document; InvalidInput says what is malformed and why."""
    if len(text) > MAX_REQUEST_BYTES:
        raise PayloadTooLarge(f"A legal request is at most {MAX_REQUEST_BYTES} bytes of JSON.")
    try:
        request = parse_request(text)
    except ValidationError as exc:
        if any(e["type"] == "json_invalid" for e in exc.errors()):
            problem = exc.errors()[0]["msg"].removeprefix("Invalid JSON: ")
            raise InvalidInput(f"The legal request is not valid JSON: {problem}.") from None
        raise InvalidInput(describe(exc, REQUEST), fields=fields(exc, REQUEST)) from None
    return assess(request)
