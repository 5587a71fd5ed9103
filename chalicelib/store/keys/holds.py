"""Preservation holds: data that must not be purged or erased while a legal request runs."""

from __future__ import annotations

from chalicelib.store.keys.base import Key


def hold(user_id: str) -> Key:
    return {"pk": f"HOLD#user#{user_id}", "sk": "HOLD"}
