from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal

from chalicelib.domain import order_history as history
from chalicelib.domain.catalog import ServiceType
from chalicelib.domain.orders import Order, OrderStatus

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def order(**changes: object) -> Order:
    base = Order(order_id=7, user_id="u1", service_id=1, service_name="Likes", type=ServiceType.DEFAULT,
                 link="https://x.test/p", quantity=100, charge=Decimal("1.50000"), rate=Decimal("15"), fields={},
                 status=OrderStatus.PROCESSING, created_at=NOW, updated_at=NOW, provider_id=1, provider_service="9",
                 remains=100)
    return replace(base, **changes)  # type: ignore[arg-type]


def test_a_status_sync_change_notes_the_remains_and_the_providers_word() -> None:
    before = order()
    after = history.recorded(before, replace(before, status=OrderStatus.IN_PROGRESS, remains=40,
                                             upstream_status="In progress"), NOW)
    assert after.history == (history.StatusEvent(NOW, "in_progress", "remains 40, provider says In progress"),)


def test_nothing_worth_noting_adds_no_event() -> None:
    before = order()
    assert history.recorded(before, replace(before, updated_at=NOW), NOW).history == ()


def test_staff_reconcile_names_who_did_it() -> None:
    before = order(status=OrderStatus.NEEDS_REVIEW)
    after = history.recorded(before, replace(before, status=OrderStatus.PROCESSING, provider_order="555",
                                             review_reason="marked sent by staff s1"), NOW)
    assert after.history[-1].note == "marked sent by staff s1, upstream id 555"


def test_the_history_keeps_only_the_newest_events() -> None:
    events = tuple(history.event(NOW, "processing", f"remains {n}") for n in range(history.MAX_EVENTS + 5))
    kept = history.bounded(events)
    assert len(kept) == history.MAX_EVENTS
    assert kept[-1].note == f"remains {history.MAX_EVENTS + 4}" and kept[0].note == "remains 5"


def test_settlement_and_placement_notes() -> None:
    assert history.settled(30, Decimal("0.45000")) == "remains 30, refunded 0.45"
    assert history.settled(None, Decimal("0")) == ""
    assert history.placed(100, Decimal("1.5")) == "placed: 100 units charged 1.50"
    assert history.event(NOW, "x", "n" * 500).note == "n" * history.NOTE_LIMIT
