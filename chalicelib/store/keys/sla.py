"""The SLA's month reports, the month's decided flag, and compensation claims."""

from __future__ import annotations

from datetime import date, datetime

from chalicelib.store.keys.base import Key, utc_stamp

SLA_ENTITLEMENT_PREFIX = "ENT#"
SLA_CLAIM_QUEUE = "WORK#slaclaims"       # GSI2: pending claims, soonest decision deadline first
SLA_CLAIMS_DONE = "SLACLAIMSDONE"        # GSI2: decided and void claims, by when they were filed
SLA_DAYS_PARTITION = "SLADAYS"           # every day's availability summary, sorted by date


def sla_month(month: str) -> Key:
    """The month's flag item: `decided: true` once any claim of the month was decided. The
    maintenance windows' code reads it too (a decided month's windows are final)."""
    return {"pk": f"SLAMONTH#{month}", "sk": "SLAMONTH"}


def sla_report(month: str) -> Key:
    """The month report's summary: the commit point of a report and its `revision`."""
    return {"pk": f"SLAREPORT#{month}", "sk": "SUMMARY"}


def sla_entitlement(month: str, revision: str, user_id: str) -> Key:
    """One account's entitlement in one revision of a month report: items of a revision are
    written before the summary that names it, and never changed after (older revisions stay,
    unread)."""
    return {"pk": f"SLAREPORT#{month}", "sk": f"{SLA_ENTITLEMENT_PREFIX}{revision}#{user_id}"}


def sla_entitlements_of(revision: str) -> str:
    return f"{SLA_ENTITLEMENT_PREFIX}{revision}#"


def sla_claim(number: int) -> Key:
    """A claim lives in its ticket's item collection: the ticket number is its id."""
    return {"pk": f"TICKET#{number}", "sk": "SLACLAIM"}


def sla_claim_slot(month: str, user_id: str) -> Key:
    """Taken by an account's first claim for a month (one claim per account per month)."""
    return {"pk": f"SLACLAIMSLOT#{month}", "sk": f"USER#{user_id}"}


def sla_claim_position(pending: bool, deadline: datetime, filed_at: datetime, number: int) -> Key:
    """GSI2: pending claims by decision deadline (overdue ones first), the rest newest first."""
    if pending:
        return {"gsi2pk": SLA_CLAIM_QUEUE, "gsi2sk": f"{utc_stamp(deadline)}#{number:012d}"}
    return {"gsi2pk": SLA_CLAIMS_DONE, "gsi2sk": f"{utc_stamp(filed_at)}#{number:012d}"}


def sla_claims_of(user_id: str) -> str:
    """GSI1: an account's claims."""
    return f"SLACLAIMS#{user_id}"


def sla_claim_index(user_id: str, month: str, number: int) -> Key:
    return {"gsi1pk": sla_claims_of(user_id), "gsi1sk": f"{month}#{number:012d}"}


def sla_day(day: date) -> Key:
    """A UTC day's availability summary (the status page reads 90 of them in one query)."""
    return {"pk": SLA_DAYS_PARTITION, "sk": f"DAY#{day.isoformat()}"}
