"""Consent proof records (C9): append-only. Each choice is a new item, written only where no
item is (a retried write cannot overwrite one). The choice itself is never changed: erasure
only unlinks a record from its account (`unlink_user`), and the retention purge removes it
after its period (store/purge.py)."""

from __future__ import annotations

import secrets
from datetime import datetime

from chalicelib.domain.consent import ConsentRecord
from chalicelib.store import dynamo, keys, schema


def append(record: ConsentRecord) -> None:
    stamp = keys.utc_stamp(record.at)
    item = {
        **keys.consent_record(record.consent_id, stamp, secrets.token_hex(4)),
        "type": "consent",
        "consent_id": record.consent_id,
        "at": record.at.isoformat(),
        "action": record.action,
        "accepted": list(record.accepted),
        "rejected": list(record.rejected),
        "revision": record.revision,
        "ip_hash": record.ip_hash,
        "user_agent_family": record.user_agent_family,
    }
    if record.user_id:
        item |= {"user_id": record.user_id, **keys.consent_index(record.user_id, stamp, record.consent_id)}
    dynamo.put(item, condition="attribute_not_exists(pk)")


def _record(item: dynamo.Item) -> ConsentRecord:
    return ConsentRecord(
        consent_id=item["consent_id"], at=datetime.fromisoformat(item["at"]), action=item["action"],
        accepted=tuple(item.get("accepted", [])), rejected=tuple(item.get("rejected", [])),
        revision=int(item["revision"]), user_id=item.get("user_id"), ip_hash=item["ip_hash"],
        user_agent_family=item["user_agent_family"],
    )


def of_consent_id(consent_id: str) -> list[ConsentRecord]:
    """Every record of a consent id, oldest first (paged through to the end)."""
    partition, _ = keys.consent_records_of(consent_id)
    return [_record(i) for i in dynamo.query_all(None, partition, newest_first=False)]


def of_user(user_id: str) -> list[ConsentRecord]:
    """Every choice made while signed in as the user, oldest first."""
    return [_record(i) for i in dynamo.query_index(schema.GSI1, *keys.consents_of_user(user_id))]


def unlink_user(user_id: str) -> int:
    """Remove the user id (and its index entry) from every record of the user's choices: the
    choice stays as proof, without the person. Conditional on the record still naming this
    user, so a rerun (or a second erasure at the same time) unlinks each record once; returns
    how many this call unlinked."""
    unlinked = 0
    for item in dynamo.query_index(schema.GSI1, *keys.consents_of_user(user_id)):
        done = dynamo.update({"pk": item["pk"], "sk": item["sk"]}, "REMOVE user_id, gsi1pk, gsi1sk SET unlinked = :yes",
                             condition="attribute_exists(pk) AND user_id = :uid", uid=user_id, yes=True)
        unlinked += done is not None
    return unlinked
