"""How entities are shown to their owners (never a hash, secret or internal key)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from chalicelib.domain.accounts import User
from chalicelib.domain.catalog import Service
from chalicelib.domain.ledger import LedgerEntry
from chalicelib.domain.money import show
from chalicelib.domain.orders import API_STATUS, Order
from chalicelib.domain.providers import Provider


def user_view(user: User) -> dict[str, Any]:
    return {
        "id": user.user_id,
        "username": user.username,
        "email": user.email,
        "role": user.role.value,
        "is_staff": user.is_staff,
        "created_at": user.created_at.isoformat(),
    }


def service_view(service: Service, rate: Decimal) -> dict[str, Any]:
    """What customers see of a service: never the provider, its URL or its service id."""
    return {
        "service": service.service_id, "name": service.name, "description": service.description,
        "category": service.category, "type": service.type.value, "rate": show(rate), "min": service.min,
        "max": service.max, "refill": service.refill, "cancel": service.cancel, "dripfeed": service.dripfeed,
    }


def order_view(order: Order) -> dict[str, Any]:
    return {
        "id": order.order_id, "service": order.service_id, "service_name": order.service_name,
        "type": order.type.value, "link": order.link, "quantity": order.quantity, "charge": show(order.charge),
        "status": API_STATUS[order.status], "start_count": order.start_count, "remains": order.remains,
        "progress": order.progress_percent, "runs": order.runs, "interval": order.interval,
        "refunded": show(order.refunded), "cancel_requested": order.cancel_requested,
        "created_at": order.created_at.isoformat(), "fields": order.fields,
    }


def entry_view(entry: LedgerEntry) -> dict[str, Any]:
    return {
        "id": entry.entry_id, "kind": entry.kind.value, "amount": show(entry.amount),
        "balance_after": show(entry.balance_after), "reference": entry.reference, "reason": entry.reason,
        "at": entry.at.isoformat(),
    }


def admin_order_view(order: Order) -> dict[str, Any]:
    """Staff see where an order went and why it waits."""
    return {**order_view(order), "user_id": order.user_id, "internal_status": order.status.value,
            "provider_id": order.provider_id, "provider_service": order.provider_service,
            "provider_order": order.provider_order, "review_reason": order.review_reason, "stuck": order.stuck,
            "upstream_status": order.upstream_status, "attempts": order.attempts}


def provider_view(provider: Provider) -> dict[str, Any]:
    """Staff only. The API key itself is never returned, only its last characters."""
    return {"id": provider.provider_id, "name": provider.name, "api_url": provider.api_url,
            "enabled": provider.enabled, "api_key": provider.key_hint}


def admin_service_view(service: Service, list_rate: Decimal) -> dict[str, Any]:
    return {
        **service_view(service, list_rate), "enabled": service.enabled, "sort": service.sort,
        "provider_id": service.provider_id, "provider_service": service.provider_service,
        "provider_rate": show(service.provider_rate),
        "markup_percent": str(service.markup_percent) if service.markup_percent is not None else None,
        "provider_available": service.provider_available,
        "one_active_order_per_link": service.one_active_order_per_link,
        "refill_window_days": service.refill_window_days,
        "backup_provider_id": service.backup_provider_id,
        "backup_provider_service": service.backup_provider_service,
    }
