"""SLA compensation claims: one item in the claim ticket's collection (`TICKET#<n>`, `SLACLAIM`),
an account's claims (GSI1), the staff queue of pending claims by decision deadline (GSI2), and the
slot an account's first claim of a month takes (one claim per account per month)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from chalicelib.domain.sla_claims import Claim, ClaimStatus, Evidence, Period
from chalicelib.store import dynamo, keys, schema


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _item(claim: Claim) -> dict[str, Any]:
    e = claim.evidence
    return {
        **keys.sla_claim(claim.number), **keys.sla_claim_index(claim.user_id, claim.month, claim.number),
        **keys.sla_claim_position(claim.status is ClaimStatus.PENDING, claim.decision_deadline, claim.filed_at,
                                  claim.number),
        "type": "sla_claim", "number": claim.number, "user_id": claim.user_id, "month": claim.month,
        "evidence": {"periods": [{"start": p.start.isoformat(), "end": p.end.isoformat()} for p in e.periods],
                     "monitor": e.monitor, "monitor_log": e.monitor_log, "log_files": e.log_files,
                     "ticket_numbers": list(e.ticket_numbers)},
        "filed_at": claim.filed_at.isoformat(), "status": claim.status.value, "reason": claim.reason,
        "decision_deadline": claim.decision_deadline.isoformat(), "decided_by": claim.decided_by,
        "decided_at": _iso(claim.decided_at), "credits": {k: f"{v:.2f}" for k, v in claim.credits.items()},
        "version": claim.version,
    }


def _claim(item: dict[str, Any]) -> Claim:
    e = item.get("evidence", {})
    evidence = Evidence(
        periods=tuple(Period(datetime.fromisoformat(p["start"]), datetime.fromisoformat(p["end"]))
                      for p in e.get("periods", [])),
        monitor=e.get("monitor", ""), monitor_log=e.get("monitor_log", ""), log_files=int(e.get("log_files", 0)),
        ticket_numbers=tuple(int(n) for n in e.get("ticket_numbers", [])))
    return Claim(
        number=int(item["number"]), user_id=item["user_id"], month=item["month"], evidence=evidence,
        filed_at=datetime.fromisoformat(item["filed_at"]), status=ClaimStatus(item["status"]),
        reason=item.get("reason"), decision_deadline=datetime.fromisoformat(item["decision_deadline"]),
        decided_by=item.get("decided_by"),
        decided_at=datetime.fromisoformat(item["decided_at"]) if item.get("decided_at") else None,
        credits={k: Decimal(v) for k, v in item.get("credits", {}).items()}, version=int(item.get("version", 0)))


def insert_actions(claim: Claim) -> list[dict[str, Any]]:
    """The claim's Put (and, for a pending claim, its account-month slot), for the ticket's own
    transaction: a second pending claim of the month fails on the slot."""
    actions: list[dict[str, Any]] = [{"Put": {"Item": dynamo.to_attributes(_item(claim)),
                                              "ConditionExpression": "attribute_not_exists(pk)"}}]
    if claim.status is ClaimStatus.PENDING:
        slot = {**keys.sla_claim_slot(claim.month, claim.user_id), "type": "sla_claim_slot", "number": claim.number}
        actions.append({"Put": {"Item": dynamo.to_attributes(slot), "ConditionExpression": "attribute_not_exists(pk)"}})
    return actions


def slot_taken(month: str, user_id: str) -> bool:
    return dynamo.get(keys.sla_claim_slot(month, user_id)) is not None


def decide_action(before: Claim, after: Claim) -> dict[str, Any]:
    """Writes the decided claim on condition it is still the pending one read (a decision is final)."""
    assert before.status is ClaimStatus.PENDING and after.version == before.version + 1
    return {"Put": {
        "Item": dynamo.to_attributes(_item(after)),
        "ConditionExpression": "#s = :pending AND #v = :v",
        "ExpressionAttributeNames": {"#s": "status", "#v": "version"},
        "ExpressionAttributeValues": dynamo.values(pending=ClaimStatus.PENDING.value, v=before.version),
    }}


def get(number: int) -> Claim | None:
    item = dynamo.get(keys.sla_claim(number))
    return _claim(item) if item else None


def of_user(user_id: str) -> list[Claim]:
    return [_claim(i) for i in dynamo.query_index(schema.GSI1, keys.sla_claims_of(user_id), forward=False)]


def pending(limit: int = 1000) -> list[Claim]:
    """Pending claims, soonest decision deadline first (so overdue ones lead)."""
    return [_claim(i) for i in dynamo.query_index(schema.GSI2, keys.SLA_CLAIM_QUEUE, limit=limit)]


def finished(limit: int = 200) -> list[Claim]:
    """Decided and void claims, the latest filed first."""
    return [_claim(i) for i in dynamo.query_index(schema.GSI2, keys.SLA_CLAIMS_DONE, limit=limit, forward=False)]


def write(actions: list[dict[str, Any]]) -> bool:
    """Run a decision built from the actions above; False if a condition failed (decided meanwhile)."""
    try:
        dynamo.transact_write(actions)
    except dynamo.TransactionCancelled:
        return False
    return True
