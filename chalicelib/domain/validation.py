"""Turning pydantic's validation errors into one sentence a person understands.

Every place that validates input with pydantic (request bodies, order fields) explains the
refusal through `describe`; only the wording differs, and each wording is named here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError


@dataclass(frozen=True)
class Wording:
    prefix: str          # before the list of problems
    whole: str           # the name used when the error is about the whole input
    missing: str         # after the name of a required field that is absent
    extra: str           # after the name of a field that is not accepted
    separator: str       # between a field's name and pydantic's message
    skip: int = 0        # leading parts of an error's location that are not field names


# A request body: "Invalid request: 'email' is required; 'name': String should have at most 100 characters."
BODY = Wording(prefix="Invalid request: ", whole="body", missing=" is required",
               extra=" is not an accepted field", separator=": ")
# An order's own fields (validated as a union tagged by the service type, which `skip` drops):
# "'quantity' is required for this service; 'link' is not used by this service."
ORDER = Wording(prefix="", whole="order", missing=" is required for this service",
                extra=" is not used by this service", separator=" ", skip=1)


def field_name(error: Any, wording: Wording = BODY) -> str:
    return ".".join(str(part) for part in error["loc"][wording.skip:]) or wording.whole


def describe(exc: ValidationError, wording: Wording = BODY) -> str:
    """Every problem of `exc`, one after the other, as one sentence."""
    parts = []
    for error in exc.errors():
        name = field_name(error, wording)
        if error["type"] == "missing":
            parts.append(f"'{name}'{wording.missing}")
        elif error["type"] == "extra_forbidden":
            parts.append(f"'{name}'{wording.extra}")
        else:
            parts.append(f"'{name}'{wording.separator}{error['msg'].removeprefix('Value error, ')}")
    return wording.prefix + "; ".join(parts) + "."


def fields(exc: ValidationError, wording: Wording = BODY) -> dict[str, str]:
    """Each field in error with pydantic's error type (what the frontend marks)."""
    return {field_name(e, wording): e["type"] for e in exc.errors()}
