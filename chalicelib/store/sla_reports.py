"""Month reports of the SLA (summary and per-account entitlements) and the month's decided flag.

Writing a report: the entitlement items of a new revision (a random name) are put first, then
the summary that names the revision, on two conditions in one transaction: the summary is still
at the version the writer read (`expected_version`; 0: none yet) and the month is not decided.
Readers follow the summary to its revision, so a half-written recomputation is never read and an
older revision's items are simply left behind. Once any claim of the month is decided the month's
flag item (`SLAMONTH#<month>`, `decided: true`) refuses every further save.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from typing import Any

from chalicelib.domain.sla_report import DowntimeRun, Entitlement, MonthReport, Window, check_entitlement
from chalicelib.store import dynamo, keys, sla_months


class MonthDecided(Exception):
    """A claim of the month was decided: its report can no longer change."""


class ReportVersionConflict(Exception):
    """The report changed since the writer read it (or the writer expected one that is not there)."""


def _summary_item(report: MonthReport) -> dict[str, Any]:
    return {
        **keys.sla_report(report.month), "type": "sla_report", "month": report.month, "minutes": report.minutes,
        "downtime_minutes": report.downtime_minutes, "availability_percent": report.availability_percent,
        "downtime_runs": [{"start": r.start.isoformat(), "end": r.end.isoformat(), "minutes": r.minutes}
                          for r in report.downtime_runs],
        "maintenance_windows": [{"start": w.start.isoformat(), "end": w.end.isoformat(), "kind": w.kind}
                                for w in report.maintenance_windows],
        "computed_at": report.computed_at.isoformat(), "version": report.version, "revision": report.revision,
    }


def _report(item: dict[str, Any]) -> MonthReport:
    return MonthReport(
        month=item["month"], minutes=int(item["minutes"]), downtime_minutes=int(item["downtime_minutes"]),
        availability_percent=item["availability_percent"],
        downtime_runs=tuple(DowntimeRun(datetime.fromisoformat(r["start"]), datetime.fromisoformat(r["end"]),
                                        int(r["minutes"])) for r in item.get("downtime_runs", [])),
        maintenance_windows=tuple(Window(datetime.fromisoformat(w["start"]), datetime.fromisoformat(w["end"]),
                                         w.get("kind", "scheduled")) for w in item.get("maintenance_windows", [])),
        computed_at=datetime.fromisoformat(item["computed_at"]), version=int(item["version"]),
        revision=item["revision"],
    )


def _entitlement_item(month: str, revision: str, e: Entitlement) -> dict[str, Any]:
    # Amounts as Decimal strings with two places, exactly as computed.
    return {**keys.sla_entitlement(month, revision, e.user_id), "type": "sla_entitlement", "month": month,
            "user_id": e.user_id, "availability": f"{e.availability:.2f}",
            "first_response": f"{e.first_response:.2f}", "total": f"{e.total:.2f}",
            "base_top_ups": f"{e.base_top_ups:.2f}", "breaches": e.breaches, "plan": e.plan}


def _entitlement(item: dict[str, Any]) -> Entitlement:
    return Entitlement(item["user_id"], Decimal(item["availability"]), Decimal(item["first_response"]),
                       Decimal(item["total"]), Decimal(item["base_top_ups"]), int(item["breaches"]), item["plan"])


def not_decided_check(month: str) -> dict[str, Any]:
    """A transaction's ConditionCheck that the month is not decided."""
    return {"ConditionCheck": {
        "Key": dynamo.to_attributes(keys.sla_month(month)),
        "ConditionExpression": "attribute_not_exists(pk) OR decided <> :yes",
        "ExpressionAttributeValues": dynamo.values(yes=True),
    }}


def report_version_check(month: str, version: int) -> dict[str, Any]:
    """A transaction's ConditionCheck that the month's report is still at `version`."""
    return {"ConditionCheck": {
        "Key": dynamo.to_attributes(keys.sla_report(month)),
        "ConditionExpression": "version = :v",
        "ExpressionAttributeValues": dynamo.values(v=version),
    }}


def decided_action(month: str, at_iso: str, claim_number: int) -> dict[str, Any]:
    """Marks the month decided (an Update: the first decision's claim and time are kept)."""
    return {"Update": {
        "Key": dynamo.to_attributes(keys.sla_month(month)),
        "UpdateExpression": "SET decided = :yes, #type = :type, #month = :month, "
                            "decided_at = if_not_exists(decided_at, :at), "
                            "first_claim = if_not_exists(first_claim, :claim)",
        "ExpressionAttributeNames": {"#type": "type", "#month": "month"},
        "ExpressionAttributeValues": dynamo.values(yes=True, type="sla_month", month=month, at=at_iso,
                                                   claim=claim_number),
    }}


def save(report: MonthReport, entitlements: Iterable[Entitlement], expected_version: int) -> MonthReport:
    """Store a (re)computed report as version `expected_version + 1`; see the module's docstring.
    Raises MonthDecided or ReportVersionConflict, and then the stored report is unchanged."""
    revision = secrets.token_hex(8)
    saved = MonthReport(report.month, report.minutes, report.downtime_minutes, report.availability_percent,
                        report.downtime_runs, report.maintenance_windows, report.computed_at,
                        expected_version + 1, revision)
    if sla_months.is_decided(report.month):
        raise MonthDecided(report.month)
    for entitlement in entitlements:
        check_entitlement(entitlement)
        dynamo.put(_entitlement_item(report.month, revision, entitlement), condition="attribute_not_exists(pk)")
    version = ("attribute_not_exists(pk)" if expected_version == 0 else "version = :v")
    put: dict[str, Any] = {"Item": dynamo.to_attributes(_summary_item(saved)), "ConditionExpression": version}
    if expected_version:
        put["ExpressionAttributeValues"] = dynamo.values(v=expected_version)
    try:
        dynamo.transact_write([not_decided_check(report.month), {"Put": put}])
    except dynamo.TransactionCancelled as exc:
        if exc.reasons and exc.reasons[0] == "ConditionalCheckFailed":
            raise MonthDecided(report.month) from exc
        if len(exc.reasons) > 1 and exc.reasons[1] == "ConditionalCheckFailed":
            raise ReportVersionConflict(report.month) from exc
        raise
    return saved


def get(month: str) -> MonthReport | None:
    item = dynamo.get(keys.sla_report(month))
    return _report(item) if item else None


def entitlement(report: MonthReport, user_id: str) -> Entitlement | None:
    """The account's entitlement in `report`'s revision; None: the report gives it nothing."""
    item = dynamo.get(keys.sla_entitlement(report.month, report.revision, user_id))
    return _entitlement(item) if item else None


def entitlements(report: MonthReport) -> list[Entitlement]:
    items = dynamo.query_index(None, keys.sla_report(report.month)["pk"], keys.sla_entitlements_of(report.revision))
    return [_entitlement(i) for i in items]
