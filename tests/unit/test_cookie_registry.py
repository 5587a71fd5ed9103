"""The cookie registry file and its rules (C8), and consent choice rules (C9), as pure code."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from chalicelib.domain import consent as rules
from chalicelib.domain.cookie_registry import CATEGORY_IDS, RegistryError, parse
from chalicelib.domain.errors import InvalidInput

REGISTRY = Path(__file__).resolve().parents[2] / "chalicelib" / "cookie_registry.json"
CONSENT_ID = "0b7f6a52-3c1e-4f7e-9a55-1d2c3b4a5e6f"


def _raw() -> dict[str, Any]:
    return dict(json.loads(REGISTRY.read_text()))


@pytest.mark.promise("C8")
def test_the_registry_file_is_valid_and_names_every_category() -> None:
    registry = parse(_raw())
    assert tuple(c.id for c in registry.categories) == CATEGORY_IDS
    assert [c.id for c in registry.categories if c.read_only] == ["necessary"]
    for entry in registry.entries:
        assert entry.provider and entry.purpose and entry.expiry
    assert registry.entry_for("cookie", "_ga_ABC123") is not None
    assert registry.entry_for("cookie", "_gid") is None
    assert registry.entry_for("localStorage", "cc_cookie") is None  # storage kinds are told apart


def test_nothing_of_targeting_is_listed_so_nothing_may_be_stored() -> None:
    assert parse(_raw()).of_category("targeting") == ()


def _broken(change: Any) -> dict[str, Any]:
    raw = copy.deepcopy(_raw())
    change(raw)
    return raw


@pytest.mark.parametrize(("change", "words"), [
    (lambda r: r.update(revision=0), "revision"),
    (lambda r: r.update(revision=True), "revision"),
    (lambda r: r["categories"].pop(), "categories must be exactly"),
    (lambda r: r["categories"][1].update(read_only=True), "read-only"),
    (lambda r: r["entries"][0].update(category="marketing"), "category must be one of"),
    (lambda r: r["entries"][0].update(storage="indexedDB"), "storage must be one of"),
    (lambda r: r["entries"][0].update(party="fourth"), "party"),
    (lambda r: r["entries"][0].update(purpose=" "), "purpose"),
    (lambda r: r["entries"][0].update(pattern=True), "pattern"),
    (lambda r: r["entries"][0].pop("expiry"), "give exactly"),
    (lambda r: r["entries"].append(dict(r["entries"][0])), "listed twice"),
    (lambda r: r.update(extra=1), "exactly the keys"),
])
def test_a_malformed_registry_is_refused_with_a_message_naming_the_fault(change: Any, words: str) -> None:
    with pytest.raises(RegistryError, match=words):
        parse(_broken(change))


def _choice(**over: Any) -> rules.Choice:
    given: dict[str, Any] = {"consent_id": CONSENT_ID, "action": "first_choice",
                             "accepted": ["necessary", "analytics"], "rejected": ["functional", "targeting"],
                             "revision": 1, "current_revision": 1} | over
    return rules.choice(**given)


def test_a_valid_choice_is_kept_in_registry_order() -> None:
    made = _choice(accepted=["functional", "necessary"], rejected=["targeting", "analytics"])
    assert made.accepted == ("necessary", "functional")
    assert made.rejected == ("analytics", "targeting")


@pytest.mark.promise("C9")
@pytest.mark.parametrize(("over", "words"), [
    ({"consent_id": "not-a-uuid"}, "consent_id"),
    ({"consent_id": CONSENT_ID.upper()}, "consent_id"),
    ({"action": "maybe"}, "action"),
    ({"accepted": ["necessary", "analytics", "marketing"]}, "Unknown cookie categories: marketing"),
    ({"rejected": ["necessary", "functional", "targeting"], "accepted": ["analytics"]}, "always accepted"),
    ({"accepted": ["necessary"], "rejected": ["functional"]}, "analytics, targeting"),
    ({"accepted": ["necessary", "analytics", "analytics"]}, "once"),
    ({"accepted": ["necessary", "analytics"], "rejected": ["analytics", "functional", "targeting"]}, "once"),
    ({"revision": 2}, "current revision is 1"),
])
def test_a_bad_choice_is_refused_in_plain_words(over: dict[str, Any], words: str) -> None:
    with pytest.raises(InvalidInput, match=words):
        _choice(**over)


@pytest.mark.parametrize(("agent", "family"), [
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/120.0.0.0 Safari/537.36", "Chrome"),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0", "Edge"),
    ("Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0", "Firefox"),
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
     "Version/17.1 Mobile/15E148 Safari/604.1", "Safari"),
    ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0 Safari/537.36",
     "Bot"),
    ("", "Other"),
    ("curl/8.0", "Other"),
])
def test_only_the_user_agent_family_is_kept(agent: str, family: str) -> None:
    assert rules.user_agent_family(agent) == family
