"""Consent proof: the append-only records of each banner consent id's choices (C9)."""

from __future__ import annotations

from chalicelib.store.keys.base import Key

CONSENT_RECORD_PREFIX = "CONSENT#"


def consent_record(consent_id: str, at_stamp: str, nonce: str) -> Key:
    """One choice; a consent id's records sort oldest first by time."""
    return {"pk": f"CONSENT#{consent_id}", "sk": f"CHOICE#{at_stamp}#{nonce}"}


def consent_records_of(consent_id: str) -> tuple[str, str]:
    return f"CONSENT#{consent_id}", "CHOICE#"


def consent_index(user_id: str, at_stamp: str, consent_id: str) -> Key:
    """GSI1: a signed-in user's choices (for their data export), next to their other items."""
    return {"gsi1pk": f"USER#{user_id}", "gsi1sk": f"{CONSENT_RECORD_PREFIX}{at_stamp}#{consent_id}"}


def consents_of_user(user_id: str) -> tuple[str, str]:
    return f"USER#{user_id}", CONSENT_RECORD_PREFIX
