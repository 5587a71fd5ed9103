"""The legal team's request register and voluntary disclosures (docs/legal.md, "The register")."""

from __future__ import annotations

from datetime import date

from chalicelib.store.keys.base import Key
from chalicelib.store.keys.work import work

LEGAL_ALL = "LEGALREQUESTS"               # GSI1: every legal request, by receipt
LEGAL_FOLLOW_UP = "WORK#legal_follow_up"  # GSI2: accepted emergencies awaiting their formal process
LEGAL_VOLUNTARY = "LEGALVOLUNTARY"        # GSI1: voluntary disclosures, by when they were sent


def legal_request(number: int) -> Key:
    return {"pk": f"LEGALREQ#{number}", "sk": "LEGALREQ"}


def legal_received_index(received_stamp: str, number: int) -> Key:
    """GSI1: every request ordered by receipt (a year is a key range of it: the transparency report)."""
    return {"gsi1pk": LEGAL_ALL, "gsi1sk": f"{received_stamp}#{number:012d}"}


def legal_received_bound(year: int, *, last: bool) -> str:
    """The lowest (`last` False) or highest receipt sort key of a calendar year (UTC)."""
    return f"{year:04d}-12-31T23:59:59~" if last else f"{year:04d}-01-01T00:00:00"


def legal_follow_up_position(due: date, number: int) -> Key:
    """GSI2: an emergency awaiting its follow-up, ordered by the day it is due."""
    return work(LEGAL_FOLLOW_UP, f"{due.isoformat()}#{number:012d}")


def legal_follow_up_bound(day: date) -> str:
    """The highest follow-up sort key due on `day`."""
    return f"{day.isoformat()}#~"


def voluntary_disclosure(number: int) -> Key:
    return {"pk": f"LEGALVOL#{number}", "sk": "LEGALVOL"}


def voluntary_index(sent_on: date, number: int) -> Key:
    return {"gsi1pk": LEGAL_VOLUNTARY, "gsi1sk": f"{sent_on.isoformat()}#{number:012d}"}


LEGAL_PDF_PREFIX = "legal/"


def legal_pdf_key(token: str) -> str:
    """The S3 key of an authority's PDF in the attachments bucket (never under a user's prefix)."""
    return f"{LEGAL_PDF_PREFIX}{token}.pdf"


def is_legal_pdf_key(key: object) -> bool:
    """Whether `key` is one `legal_pdf_key` makes (32 hex digits): nothing else can be attached."""
    if not isinstance(key, str) or not key.startswith(LEGAL_PDF_PREFIX) or not key.endswith(".pdf"):
        return False
    token = key[len(LEGAL_PDF_PREFIX):-len(".pdf")]
    return len(token) == 32 and all(c in "0123456789abcdef" for c in token)


def voluntary_year_bounds(year: int) -> tuple[str, str]:
    """The sort-key range of the voluntary disclosures sent in a calendar year."""
    return f"{year:04d}-01-01", f"{year:04d}-12-31#~"
