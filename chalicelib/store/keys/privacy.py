"""The privacy request register: entries, the claims that keep intake idempotent, and the
indexes staff read (open requests by deadline; every request by receipt)."""

from __future__ import annotations

from datetime import date

from chalicelib.store.keys.base import Key
from chalicelib.store.keys.work import work

PRIVACY_OPEN = "WORK#privacy"        # GSI2: requests not decided, soonest deadline first
PRIVACY_ALL = "PRIVACYREQUESTS"      # GSI1: every request, by when it was received
_AFTER_ANY_NUMBER = "~"              # sorts after the digits of any number


def privacy_request(number: int) -> Key:
    return {"pk": f"PRIVACYREQ#{number}", "sk": "PRIVACYREQ"}


def privacy_source(source: str) -> Key:
    """What an entry was opened from (`ticket#12`, `export#<user>#<time>`...): one entry per source."""
    return {"pk": f"PRIVACYSRC#{source}", "sk": "PRIVACYSRC"}


def privacy_open_position(deadline: date, number: int) -> Key:
    """GSI2: an undecided request, ordered by its deadline day, then its number."""
    return work(PRIVACY_OPEN, f"{deadline.isoformat()}#{number:012d}")


def privacy_deadline_bound(day: date, *, last: bool) -> str:
    """The lowest (`last` False) or highest open-index sort key whose deadline is `day`."""
    return f"{day.isoformat()}#{_AFTER_ANY_NUMBER if last else ''}"


def privacy_received_index(received_stamp: str, number: int) -> Key:
    """GSI1: every request, ordered by receipt (read newest first)."""
    return {"gsi1pk": PRIVACY_ALL, "gsi1sk": f"{received_stamp}#{number:012d}"}
