"""How entities are shown (never a hash, secret or internal key), as plain dicts, for the
route modules not yet typed; the shapes themselves are the models of api/schemas/."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from chalicelib.api.schemas.accounts import UserOut
from chalicelib.api.schemas.orders import EntryOut, OrderOut, ServiceOut
from chalicelib.domain.accounts import User
from chalicelib.domain.catalog import Service
from chalicelib.domain.ledger import LedgerEntry
from chalicelib.domain.orders import Order
from chalicelib.domain.providers import Provider


def user_view(user: User) -> dict[str, Any]:
    return UserOut.of(user).model_dump(mode="json")


def service_view(service: Service, rate: Decimal) -> dict[str, Any]:
    return ServiceOut.of(service, rate).model_dump(mode="json")


def order_view(order: Order) -> dict[str, Any]:
    return OrderOut.of(order).model_dump(mode="json")


def entry_view(entry: LedgerEntry) -> dict[str, Any]:
    return EntryOut.of(entry).model_dump(mode="json")


def admin_order_view(order: Order) -> dict[str, Any]:
    from chalicelib.api.schemas.admin import AdminOrderOut  # staff's models: not paid by every cold start

    return AdminOrderOut.of(order).model_dump(mode="json")


def provider_view(provider: Provider) -> dict[str, Any]:
    from chalicelib.api.schemas.admin import ProviderOut

    return ProviderOut.of(provider).model_dump(mode="json")


def admin_service_view(service: Service, list_rate: Decimal) -> dict[str, Any]:
    from chalicelib.api.schemas.admin import AdminServiceOut

    return AdminServiceOut.of_listed(service, list_rate).model_dump(mode="json")
