"""A legal request's checklist for tests: a complete UK court order the rules accept."""

from __future__ import annotations

import copy
from typing import Any


def checklist(email: str, **changes: Any) -> dict[str, Any]:
    """A complete UK court order for `email`'s login IPs and orders: the rules accept it."""
    base: dict[str, Any] = {
        "channel": "legal_mailbox", "kind": "disclosure",
        "document": {"pdf": True, "letterhead": True, "signed": True},
        "language": "en", "certified_translation": False,
        "authority": {"name": "Metropolitan Police", "country": "GB", "officer_name": "DC Jane Smith",
                      "officer_title": "Detective Constable", "email": "jane.smith@met.police.uk",
                      "phone": "+44 20 7230 1212", "official_domain": True},
        "identifier": {"type": "email", "value": email},
        "data": ["login_ips", "orders"], "period": {"from": "2031-01-01", "to": "2031-03-31"},
        "legal_basis": {"law": "Police and Criminal Evidence Act 1984, Sch. 1", "case_number": "MET-2031-77"},
        "pathway": "uk_court_order", "dual_criminality": None, "subject_uk": True, "emergency_description": None,
    }
    result = copy.deepcopy(base)
    for name, value in changes.items():
        result[name] = value
    return result
