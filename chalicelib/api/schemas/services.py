"""The public services page's answer: what anyone may see of the catalog."""

from __future__ import annotations

from pydantic import Field

from chalicelib.api.schemas.common import Money, Out
from chalicelib.domain.catalog import PACKAGE_TYPES, ServiceType
from chalicelib.domain.money import show
from chalicelib.services.catalog import Offered


class PublicServiceOut(Out):
    """A service as staff named it, at the list rate: never its provider, the provider's
    service id or rate."""

    service: int
    name: str
    description: str
    category: str
    type: ServiceType
    rate: Money = Field(description="The list rate per 1000, or per package for package types.")
    per: str = Field(description='"1000" or "package": what the rate buys.')
    min: int
    max: int
    refill: bool
    cancel: bool
    dripfeed: bool
    completed_orders: int = Field(description="Completed orders behind the average (partial ones do not count).")
    average_completion_seconds: int | None = Field(
        description="Mean time from placing to completion of the completed orders; null before the first one.")

    @classmethod
    def of(cls, offered: Offered) -> PublicServiceOut:
        s = offered.service
        return cls(service=s.service_id, name=s.name, description=s.description, category=s.category, type=s.type,
                   rate=show(offered.list_rate), per="package" if s.type in PACKAGE_TYPES else "1000",
                   min=s.min, max=s.max, refill=s.refill, cancel=s.cancel, dripfeed=s.dripfeed,
                   completed_orders=offered.times.completed,
                   average_completion_seconds=offered.times.average_seconds)


class PublicServiceList(Out):
    services: list[PublicServiceOut]
