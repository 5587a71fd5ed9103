"""The one question retention and erasure ask before removing a user's data: is it held?"""

from __future__ import annotations

from chalicelib.store import holds


def hold_on(user_id: str) -> str | None:
    """Why the user's data is preserved (the hold's reason), or None when nothing holds it."""
    found = holds.get(user_id)
    return found.reason if found else None
