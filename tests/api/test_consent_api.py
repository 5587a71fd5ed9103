"""`GET /api/cookies` serves the one registry (C8); `POST /api/consent` records every choice as
proof, append-only, refusing bad input without storing anything (C9)."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from click.testing import CliRunner

from chalicelib.services import consent
from chalicelib.services.consent import REGISTRY_FILE
from ops.cli import cli

ALL = ["necessary", "analytics", "functional", "targeting"]


def _choice(consent_id: str, action: str = "first_choice", accepted: list[str] | None = None,
            rejected: list[str] | None = None, revision: int | None = None) -> dict[str, Any]:
    accepted = accepted if accepted is not None else ALL
    rejected = rejected if rejected is not None else [c for c in ALL if c not in accepted]
    return {"consent_id": consent_id, "action": action, "accepted": accepted, "rejected": rejected,
            "revision": revision if revision is not None else consent.registry().revision}


@pytest.mark.promise("C8")
def test_the_served_registry_is_the_registry_file(client) -> None:
    response = client.get("/cookies")
    assert response.status_code == 200
    raw = json.loads(REGISTRY_FILE.read_text())
    assert response.data["revision"] == raw["revision"]
    assert response.data["categories"] == raw["categories"]
    assert response.data["cookies"] == raw["entries"]
    for cookie in response.data["cookies"]:
        assert {"name", "provider", "purpose", "category", "expiry", "party"} <= set(cookie)


@pytest.mark.promise("C9")
def test_every_choice_is_recorded_oldest_first_and_shown_by_the_cli(client) -> None:
    consent_id = str(uuid.uuid4())
    client.request("POST", "/consent", _choice(consent_id, accepted=["necessary"]),
                   headers={"User-Agent": "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0"})
    second = client.post("/consent", _choice(consent_id, "change", accepted=["necessary", "analytics"]))
    third = client.post("/consent", _choice(consent_id, "withdrawal", accepted=["necessary"]))
    assert second.status_code == third.status_code == 201
    assert third.data["action"] == "withdrawal"

    result = CliRunner().invoke(cli, ["--stage", "test", "consent", "show", "--id", consent_id])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["action"] for line in lines] == ["first_choice", "change", "withdrawal"]
    assert [line["accepted"] for line in lines] == [["necessary"], ["necessary", "analytics"], ["necessary"]]
    assert lines[0]["rejected"] == ["analytics", "functional", "targeting"]
    assert lines[0]["user_agent_family"] == "Firefox"
    assert all(line["revision"] == consent.registry().revision for line in lines)
    assert [line["at"] for line in lines] == sorted(line["at"] for line in lines)
    assert all(line["user_id"] is None for line in lines)  # nobody was signed in
    # The IP is kept only as a keyed hash: the same address, the same hash, never the address.
    assert {line["ip_hash"] for line in lines} == {consent.ip_hash(client.ip)}
    assert client.ip not in result.stdout


@pytest.mark.promise("C9")
def test_a_signed_in_choice_names_the_user(client, unique_email) -> None:
    client.register(unique_email)
    client.login(unique_email)
    user_id = client.get("/me").data["user"]["id"]
    consent_id = str(uuid.uuid4())
    assert client.post("/consent", _choice(consent_id), csrf=False).status_code == 201
    (record,) = consent.records_of(consent_id)
    assert record.user_id == user_id
    assert [r.consent_id for r in consent.records_of_user(user_id)] == [consent_id]


@pytest.mark.promise("C9")
@pytest.mark.parametrize(("body", "field"), [
    ({"accepted": ["necessary", "analytics", "marketing"], "rejected": ["functional", "targeting"]}, "marketing"),
    ({"consent_id": "1234"}, "consent id"),
    ({"consent_id": "0b7f6a52-3c1e-1f7e-9a55-1d2c3b4a5e6f"}, "consent id"),   # not a random (v4) UUID
    ({"revision": 999}, "revision"),
    ({"revision": "1"}, "revision"),
    ({"action": "accept"}, "action"),
    ({"accepted": ["analytics"], "rejected": ["necessary", "functional", "targeting"]}, "necessary"),
    ({"accepted": ["necessary"], "rejected": []}, "analytics"),
    ({"extra": "field"}, "extra"),
])
def test_a_bad_choice_gets_400_and_stores_nothing(client, body: dict[str, Any], field: str) -> None:
    consent_id = str(uuid.uuid4())
    sent = _choice(consent_id) | body
    response = client.post("/consent", sent)
    assert response.status_code == 400, response.data
    assert field.lower() in json.dumps(response.data).lower()
    assert consent.records_of(consent_id) == []
    if isinstance(sent.get("consent_id"), str):
        assert consent.records_of(sent["consent_id"]) == []


@pytest.mark.promise("C9")
def test_an_oversized_or_non_json_choice_is_refused_and_stores_nothing(client) -> None:
    consent_id = str(uuid.uuid4())
    padded = _choice(consent_id) | {"accepted": [*ALL, "x" * 3000]}
    assert client.post("/consent", padded).status_code == 413
    form = client.request("POST", "/consent", raw=json.dumps(_choice(consent_id)).encode(),
                          headers={"Content-Type": "text/plain"})
    assert form.status_code == 415  # what a cross-site form can send without a preflight
    assert consent.records_of(consent_id) == []


@pytest.mark.promise("C9")
def test_consent_posts_are_throttled_per_client(client, low_limits) -> None:
    low_limits(consent_posts_per_ip=3)
    for _ in range(3):
        assert client.post("/consent", _choice(str(uuid.uuid4()))).status_code == 201
    refused_id = str(uuid.uuid4())
    refused = client.post("/consent", _choice(refused_id))
    assert refused.status_code == 429
    assert "retry-after" in refused.headers
    assert consent.records_of(refused_id) == []


def test_consent_show_refuses_a_bad_id_and_reports_an_unknown_one() -> None:
    bad = CliRunner().invoke(cli, ["--stage", "test", "consent", "show", "--id", "nope"])
    assert bad.exit_code == 2 and bad.stdout == ""
    unknown = CliRunner().invoke(cli, ["--stage", "test", "consent", "show", "--id", str(uuid.uuid4())])
    assert unknown.exit_code == 2 and "no consent records" in unknown.output
