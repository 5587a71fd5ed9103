"""Services in the catalog, written straight to DynamoDB Local."""

from __future__ import annotations

from decimal import Decimal

from chalicelib.domain.catalog import Service, ServiceType
from chalicelib.store import catalog, counters


def service(kind: ServiceType = ServiceType.DEFAULT, *, provider_rate: str = "1.00", markup: str | None = "0",
            lo: int = 10, hi: int = 100_000, **overrides: object) -> Service:
    made = Service(
        service_id=counters.next_id("service"), name=f"{kind.value} test", description="", category="Test", sort=0,
        enabled=True, type=kind, min=lo, max=hi, refill=True, cancel=True, dripfeed=True, provider_id=0,
        provider_service="test", provider_rate=Decimal(provider_rate),
        markup_percent=Decimal(markup) if markup is not None else None,
    )
    for name, value in overrides.items():
        object.__setattr__(made, name, value)
    catalog.put_service(made)
    return made
