"""Preservation holds: data that must not be purged or erased while a legal request runs, and
the disclosure packages built for accepted requests."""

from __future__ import annotations

from chalicelib.store.keys.base import Key

HOLD_EXPIRY_PARTITION = "HOLD#EXPIRY"


def hold(user_id: str) -> Key:
    """The user's hold marker: present while any hold (or a hold placed by hand) covers the user.
    Retention and erasure check it, and every purge transaction conditions on it."""
    return {"pk": f"HOLD#user#{user_id}", "sk": "HOLD"}


def legal_hold(request_id: str) -> Key:
    """One legal request's hold (a request names one account)."""
    return {"pk": f"HOLD#request#{request_id}", "sk": "HOLD"}


def hold_expiry_index(expires_on_iso: str, request_id: str) -> Key:
    """GSI1: holds ordered by their last day, for the daily release job."""
    return {"gsi1pk": HOLD_EXPIRY_PARTITION, "gsi1sk": f"{expires_on_iso}#{request_id}"}


def hold_expired_by(iso_date: str) -> str:
    """The highest expiry-index sort key of holds whose last day is `iso_date` or earlier."""
    return f"{iso_date}#\uffff"


def holds_of_user(user_id: str) -> Key:
    """GSI2: a user's holds, by request id."""
    return {"gsi2pk": f"HOLDS#user#{user_id}"}


def legal_package(package_id: str) -> Key:
    return {"pk": f"LEGALPKG#{package_id}", "sk": "PACKAGE"}
