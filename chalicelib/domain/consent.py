"""Consent proof rules (C9): what a recorded consent choice must say, and what of the visitor
it keeps.

A choice names every optional category exactly once, as accepted or rejected (necessary is
always accepted and cannot be rejected); it answers the registry's current revision; its
consent id is the banner's random UUID. Of the visitor it keeps the signed-in user id, a keyed
hash of the IP (never the IP) and the user agent's family ("Chrome", not the full string).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from chalicelib.domain.cookie_registry import CATEGORY_IDS, NECESSARY, OPTIONAL_CATEGORIES
from chalicelib.domain.errors import InvalidInput

Action = Literal["first_choice", "change", "withdrawal"]
ACTIONS: tuple[Action, ...] = ("first_choice", "change", "withdrawal")

# The banner's consent id: a random (version 4) UUID in its usual lower-case form.
CONSENT_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


@dataclass(frozen=True)
class Choice:
    consent_id: str
    action: Action
    accepted: tuple[str, ...]   # in registry order, necessary first
    rejected: tuple[str, ...]
    revision: int


def choice(consent_id: str, action: str, accepted: Collection[str], rejected: Collection[str],
           revision: int, current_revision: int) -> Choice:
    """A valid choice, or InvalidInput saying in plain words what is wrong."""
    if not CONSENT_ID.match(consent_id):
        raise InvalidInput("consent_id must be the banner's consent id (a random UUID).",
                           fields={"consent_id": "not a UUID"})
    if action not in ACTIONS:
        raise InvalidInput(f"action must be one of {', '.join(ACTIONS)}.", fields={"action": "unknown action"})
    unknown = sorted((set(accepted) | set(rejected)) - set(CATEGORY_IDS))
    if unknown:
        raise InvalidInput(f"Unknown cookie categories: {', '.join(unknown)}. The categories are "
                           f"{', '.join(CATEGORY_IDS)}.", fields={"accepted": "unknown category"})
    if len(set(accepted)) != len(accepted) or len(set(rejected)) != len(rejected) or set(accepted) & set(rejected):
        raise InvalidInput("Name each category once, as either accepted or rejected.")
    if NECESSARY in rejected or NECESSARY not in accepted:
        raise InvalidInput("Strictly necessary cookies are always accepted; they cannot be rejected.")
    missing = [c for c in OPTIONAL_CATEGORIES if c not in accepted and c not in rejected]
    if missing:
        raise InvalidInput(f"Say whether these categories are accepted or rejected: {', '.join(missing)}.")
    if revision != current_revision:
        raise InvalidInput(f"This choice answers cookie policy revision {revision}; the current revision is "
                           f"{current_revision}. Reload the page and choose again.", fields={"revision": "outdated"})
    ordered = [c for c in CATEGORY_IDS if c in accepted]
    return Choice(consent_id, action, tuple(ordered), tuple(c for c in CATEGORY_IDS if c in rejected),
                  revision)


@dataclass(frozen=True)
class ConsentRecord:
    """One recorded choice, as kept (append-only) and shown."""

    consent_id: str
    at: datetime
    action: str
    accepted: tuple[str, ...]
    rejected: tuple[str, ...]
    revision: int
    user_id: str | None
    ip_hash: str
    user_agent_family: str


# Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari".
_FAMILIES = (
    ("Bot", re.compile(r"bot|crawler|spider|headless", re.I)),
    ("Edge", re.compile(r"\bEdg(e|A|iOS)?/")),
    ("Opera", re.compile(r"\bOPR/|\bOpera\b")),
    ("Samsung Internet", re.compile(r"SamsungBrowser/")),
    ("Firefox", re.compile(r"\bFirefox/|\bFxiOS/")),
    ("Chrome", re.compile(r"\bChrome/|\bCriOS/|\bChromium/")),
    ("Safari", re.compile(r"\bSafari/")),
)


def user_agent_family(user_agent: str) -> str:
    """The browser family only ("Firefox", "Chrome" ...): enough to tell a choice's device
    apart in a dispute, too little to single anyone out; "Other" when unknown or absent."""
    for family, pattern in _FAMILIES:
        if pattern.search(user_agent[:512]):
            return family
    return "Other"
