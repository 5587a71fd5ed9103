"""Upstream providers as the catalog sees them."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from chalicelib.domain.catalog import ServiceType


@dataclass(frozen=True)
class Provider:
    provider_id: int
    name: str
    api_url: str
    enabled: bool
    key_hint: str  # last 4 characters of the API key, for staff to recognise it
    low_balance_usd: Decimal | None = None  # warn under this balance; None: the setting applies


@dataclass(frozen=True)
class ProviderService:
    """One entry of a provider's `services` answer, parsed leniently."""

    service: str  # the provider's id, kept as text (some send strings)
    name: str
    type: ServiceType
    category: str
    rate: Decimal
    min: int
    max: int
    refill: bool
    cancel: bool
    dripfeed: bool


def key_hint(api_key: str) -> str:
    return "…" + api_key[-4:] if len(api_key) >= 8 else "…"
