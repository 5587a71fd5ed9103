"""The staff audit log (append-only)."""

from __future__ import annotations

from chalicelib.store.keys.base import Key


def audit_record(record_id: str) -> Key:
    return {"pk": f"AUDIT#{record_id}", "sk": "AUDIT"}


def audit_of_subject(subject: str, at_iso: str, record_id: str) -> Key:
    """GSI1: the trail of one subject (`user:<id>`, `order:<id>`...), in time order."""
    return {"gsi1pk": audit_subject(subject), "gsi1sk": f"{at_iso}#{record_id}"}


def audit_subject(subject: str) -> str:
    return f"AUDITOF#{subject}"


def audit_in_month(month: str, at_iso: str, record_id: str) -> Key:
    """GSI2: every record of one calendar month (YYYY-MM), in time order (read newest first).
    A partition per month: staff actions are few next to orders."""
    return {"gsi2pk": audit_month(month), "gsi2sk": f"{at_iso}#{record_id}"}


def audit_month(month: str) -> str:
    return f"AUDITMONTH#{month}"
