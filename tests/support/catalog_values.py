"""Services as values, for the pure catalog rules (no store)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from chalicelib.domain.catalog import Service, ServiceType


def a_service(*, service_id: int = 1, name: str = "Followers", provider_rate: str = "1.00", lo: int = 10,
              hi: int = 1000, provider_service: str = "101", **changes: Any) -> Service:
    made = Service(service_id=service_id, name=name, description="", category="C", sort=0, enabled=True,
                   type=ServiceType.DEFAULT, min=lo, max=hi, refill=False, cancel=False, dripfeed=False, provider_id=1,
                   provider_service=provider_service, provider_rate=Decimal(provider_rate))
    return Service(**{**made.__dict__, **changes})
