"""Following orders upstream: statuses in `orders=` batches of 100 per provider, refunds of
what was not delivered (once), forwarded cancels and refills, stuck orders flagged."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

from chalicelib import secret_names
from chalicelib.adapters import provider_api, secret_store
from chalicelib.adapters.provider_api import MAX_IDS, ProviderError, UpstreamStatus
from chalicelib.domain import order_history
from chalicelib.domain.orders import FINAL_STATUSES, Order, is_expiry
from chalicelib.domain.providers import Provider
from chalicelib.domain.refills import RefillStatus, parse_upstream_refill_status
from chalicelib.observability import logger, metrics
from chalicelib.services import clock, orders
from chalicelib.settings import get_settings
from chalicelib.store import catalog
from chalicelib.store import orders as store
from chalicelib.store import refills as refill_store


def _chunks(items: list[Any], size: int = MAX_IDS) -> list[list[Any]]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def _api(provider: Provider) -> tuple[str, str]:
    return provider.api_url, secret_store.get(secret_names.provider_api_key(provider.provider_id))


def sync_provider(provider: Provider) -> dict[str, int]:
    counts = {"polled": 0, "updated": 0, "settled": 0, "unknown": 0, "cancels_forwarded": 0, "stuck": 0}
    open_orders = [o for o in store.open_at(provider.provider_id) if o.provider_order]
    url, key = _api(provider)
    for chunk in _chunks(open_orders):
        found = provider_api.statuses(url, key, [o.provider_order for o in chunk if o.provider_order])
        for order in chunk:
            counts["polled"] += 1
            outcome = _apply(order, found.get(order.provider_order or ""))
            counts[outcome] = counts.get(outcome, 0) + 1
    counts.update(_follow_refills(provider, url, key))
    to_cancel = [o for o in open_orders if o.cancel_requested and not o.cancel_forwarded]
    for chunk in _chunks(to_cancel):
        accepted = provider_api.cancel(url, key, [o.provider_order for o in chunk if o.provider_order])
        for order in chunk:
            if accepted.get(order.provider_order or ""):
                _update(order, lambda o: replace(o, cancel_forwarded=True))
                counts["cancels_forwarded"] += 1
    return counts


def _follow_refills(provider: Provider, url: str, key: str) -> dict[str, int]:
    """Forward new refill requests (one `refill` call each: the standard has no batch that
    returns per-order refill ids reliably) and poll forwarded ones with `refills=` batches."""
    counts = {"refills_forwarded": 0, "refills_updated": 0}
    refills = refill_store.to_follow(provider.provider_id)
    for refill in [r for r in refills if r.status == RefillStatus.PENDING and r.provider_order]:
        try:
            provider_refill = provider_api.refill(url, key, refill.provider_order or "")
        except ProviderError as exc:
            logger.warning("refill not forwarded", extra={"refill_id": refill.refill_id, "error": exc.message})
            if exc.kind.value == "permanent":
                refill_store.save(replace(refill, status=RefillStatus.REJECTED))
            continue
        refill_store.save(replace(refill, status=RefillStatus.IN_PROGRESS, provider_refill=provider_refill))
        counts["refills_forwarded"] += 1
    forwarded = [r for r in refill_store.to_follow(provider.provider_id) if r.provider_refill]
    for chunk in _chunks(forwarded):
        found = provider_api.refill_statuses(url, key, [r.provider_refill or "" for r in chunk])
        for refill in chunk:
            status = parse_upstream_refill_status(found.get(refill.provider_refill or ""))
            if status and status != refill.status:
                refill_store.save(replace(refill, status=status))
                counts["refills_updated"] += 1
    return counts


def _update(order: Order, change: Any) -> None:
    current = store.get(order.order_id)
    if current is not None and current.status == order.status:
        store.transition(current.status, order_history.recorded(current, change(current), clock.now()))


def _apply(order: Order, upstream: UpstreamStatus | None) -> str:
    now = clock.now()
    if upstream is None:
        logger.warning("provider does not know the order", extra={"order_id": order.order_id})
        return "unknown"
    refused = upstream.refused or _remains_beyond(order, upstream)
    if refused:
        # A value we do not accept (NaN, 1e30, negative, a word...): nothing is stored or settled.
        logger.warning("upstream status refused", extra={"order_id": order.order_id, "reason": refused})
        return "refused"
    if upstream.status is None:
        # A spelling we do not know: kept for staff, never guessed.
        logger.warning("unknown upstream status", extra={"order_id": order.order_id, "status": upstream.raw_status})
        _update(order, lambda o: replace(o, upstream_status=upstream.raw_status, updated_at=now))
        return "unknown"
    if upstream.status in FINAL_STATUSES:
        orders.settle(order.order_id, upstream.status, remains=upstream.remains, start_count=upstream.start_count,
                      runs_done=upstream.runs, posts_done=upstream.posts, expired=is_expiry(upstream.raw_status),
                      upstream_status=upstream.raw_status)
        return "settled"
    progressed = (upstream.remains != order.remains or upstream.status != order.status
                  or upstream.raw_status != order.upstream_status  # Active <-> Paused of a subscription
                  or (upstream.runs, upstream.posts) != (order.runs_done, order.posts_done))
    stuck_after = timedelta(seconds=get_settings().stuck_after_seconds)
    stuck = not progressed and order.progress_at is not None and now - order.progress_at > stuck_after
    if not progressed and stuck == order.stuck:
        return "unchanged"

    def change(o: Order) -> Order:
        return replace(o, status=upstream.status or o.status, remains=upstream.remains,
                       start_count=upstream.start_count if upstream.start_count is not None else o.start_count,
                       upstream_status=upstream.raw_status, progress_at=now if progressed else o.progress_at,
                       runs_done=upstream.runs if upstream.runs is not None else o.runs_done,
                       posts_done=upstream.posts if upstream.posts is not None else o.posts_done,
                       stuck=stuck, updated_at=now)

    current = store.get(order.order_id)
    if current is not None and current.status not in FINAL_STATUSES:
        store.transition(current.status, order_history.recorded(current, change(current), clock.now()))
    if stuck and not order.stuck:
        logger.warning("order stuck", extra={"order_id": order.order_id})
        return "stuck"
    return "updated"


def _remains_beyond(order: Order, upstream: UpstreamStatus) -> str | None:
    if upstream.remains is not None and upstream.remains > order.quantity:
        return f"remains {upstream.remains} is more than the order's quantity {order.quantity}"
    return None


def sync_all() -> dict[str, Any]:
    report: dict[str, Any] = {}
    for provider in catalog.providers():
        try:
            report[str(provider.provider_id)] = sync_provider(provider)
        except ProviderError as exc:
            logger.warning("status sync failed", extra={"provider_id": provider.provider_id, "error": exc.message})
            report[str(provider.provider_id)] = {"error": exc.message}
        except Exception as exc:  # one provider's failure never stops the others' sync
            logger.exception("status sync crashed", extra={"provider_id": provider.provider_id})
            report[str(provider.provider_id)] = {"error": f"internal error ({type(exc).__name__})"}
    metrics.add_metric(name="StatusSyncRuns", unit="Count", value=1)
    return report
