"""Consent records in the data-subject rights (P6, C9): the export lists a user's choices,
oldest first; erasure unlinks them from the account and keeps the choice itself as proof."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.services import consent, erasure, rights
from chalicelib.store import consent as consent_store
from tests.support.accounts import customer

AT = datetime(2026, 11, 2, 12, 0, tzinfo=UTC)


def _choose(user_id: str | None, consent_id: str, accepted: list[str], action: str = "first_choice") -> None:
    rejected = [c for c in ("analytics", "functional", "targeting") if c not in accepted]
    consent.record_choice(consent_id, action, ["necessary", *accepted], rejected, consent.registry().revision,
                          ip=f"192.0.2.{uuid.uuid4().int % 200 + 1}", user_agent="", user_id=user_id)


@pytest.mark.promise("P6", "C9")
def test_the_export_lists_the_users_consent_choices_oldest_first(clock) -> None:
    user_id, other = customer(), customer()
    consent_id = str(uuid.uuid4())
    clock.at = AT
    _choose(user_id, consent_id, ["analytics"])
    clock.at = AT + timedelta(minutes=5)
    _choose(user_id, consent_id, [], action="withdrawal")
    _choose(other, str(uuid.uuid4()), ["functional"])
    _choose(None, consent_id, ["functional"], action="change")   # signed out: not the user's

    found = rights.consent_records_of(user_id)
    assert [r["action"] for r in found] == ["first_choice", "withdrawal"]
    assert found[0]["accepted"] == ["necessary", "analytics"] and found[1]["accepted"] == ["necessary"]
    assert found[0]["at"] == AT.isoformat() and found[0]["consent_id"] == consent_id
    assert all(len(r["ip_hash"]) == 64 and "ip" not in r for r in found)


@pytest.mark.promise("P6", "C9")
def test_erasure_unlinks_consent_records_and_keeps_the_choice_as_proof(clock) -> None:
    clock.at = AT
    user_id = customer()
    consent_id = str(uuid.uuid4())
    _choose(user_id, consent_id, ["analytics"])
    clock.at = AT + timedelta(minutes=1)
    _choose(user_id, consent_id, [], action="withdrawal")

    erasure.erase(user_id, reason="test")
    assert rights.consent_records_of(user_id) == []
    kept = consent.records_of(consent_id)
    assert [r.action for r in kept] == ["first_choice", "withdrawal"]       # the proof stays
    assert all(r.user_id is None for r in kept)                              # without the person
    assert erasure.erase_consent_records(user_id) == 0                       # a rerun changes nothing


@pytest.mark.promise("P6")
def test_concurrent_erasures_unlink_each_consent_record_once(clock) -> None:
    clock.at = AT
    user_id = customer()
    for _ in range(6):
        _choose(user_id, str(uuid.uuid4()), ["analytics"])
    with ThreadPoolExecutor(max_workers=4) as pool:
        counts = list(pool.map(lambda _: consent_store.unlink_user(user_id), range(4)))
    assert sum(counts) == 6
    assert consent_store.of_user(user_id) == []
