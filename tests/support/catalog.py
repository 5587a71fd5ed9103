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


def import_enabled(provider_id: int) -> list[int]:
    """Import every service of a provider, then name each after the provider's name and enable
    it, as staff would (imports arrive disabled and unnamed); straight to the store, unaudited."""
    from chalicelib.services import catalog as catalog_service

    imported = catalog_service.import_services(provider_id).imported
    for service_id in imported:
        made = catalog.get_service(service_id)
        assert made is not None
        catalog.update_service(made, name=made.provider_name or f"Service {made.provider_service}", enabled=True)
    return imported
