"""The yearly transparency report of law-enforcement requests, as a pure count over the register:
requests by the authority's country, by pathway and by decision, and voluntary disclosures by
category. Only counts: no request, authority or account is named."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from chalicelib.domain.legal_register import LegalEntry, Status
from chalicelib.domain.legal_request import Kind

UNKNOWN = "unknown"


def pathway_of(entry: LegalEntry) -> str:
    """An emergency or a preservation request needs no pathway: its kind stands for it."""
    if entry.kind is not Kind.DISCLOSURE:
        return entry.kind.value
    return entry.checklist.pathway.value if entry.checklist.pathway else "none"


def decision_of(entry: LegalEntry) -> str:
    """accepted, refused, incomplete, or pending (not decided yet); a closed entry counts as what
    it was decided before it was closed."""
    events = {change.event for change in entry.history}
    if "accepted" in events:
        return "accepted"
    if "refused" in events:
        return "refused"
    if "incomplete" in events or entry.status is Status.INCOMPLETE:
        return "incomplete"
    return "pending"


def report(year: int, entries: Iterable[LegalEntry], voluntary_categories: Iterable[str]) -> dict[str, Any]:
    found = list(entries)
    country = Counter((e.checklist.authority.country if e.checklist.authority else None) or UNKNOWN for e in found)
    return {
        "year": year,
        "requests": len(found),
        "by_country": dict(sorted(country.items())),
        "by_kind": dict(sorted(Counter(e.kind.value for e in found).items())),
        "by_pathway": dict(sorted(Counter(pathway_of(e) for e in found).items())),
        "by_decision": dict(sorted(Counter(decision_of(e) for e in found).items())),
        "voluntary_disclosures": dict(sorted(Counter(voluntary_categories).items())),
    }
