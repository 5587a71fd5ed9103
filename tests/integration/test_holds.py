from __future__ import annotations

from datetime import UTC, datetime

from chalicelib.services import holds
from chalicelib.store import holds as store
from tests.support.accounts import customer


def test_a_placed_hold_is_seen_until_it_is_released(backing_services) -> None:
    user_id, other = customer(), customer()
    assert holds.hold_on(user_id) is None
    store.place(user_id, "preservation request LE-1", "staff-1", datetime(2026, 12, 1, tzinfo=UTC))
    store.place(user_id, "preservation request LE-1", "staff-1", datetime(2026, 12, 1, tzinfo=UTC))  # idempotent
    assert holds.hold_on(user_id) == "preservation request LE-1"
    assert holds.hold_on(other) is None
    store.release(user_id)
    assert holds.hold_on(user_id) is None
