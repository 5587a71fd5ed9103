"""Catalog guards and the sync change report. Pure rules.

- Below cost: a customer's price of a service (list rate from the global or per-service markup,
  a user's fixed rate or discount) under the provider's rate loses money on every order.
  Staff's changes that would do it are refused (`refuse_below_cost`); when the provider raises
  its rate, nothing can be refused, so the report flags the service as "now below cost".
- Change report: what one import or sync found, per provider and run: new services, gone
  services, price up/down (old -> new provider rate), limit changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from chalicelib.domain.catalog import CustomRate, Service, rate_for_user
from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.providers import ProviderService


def staff_name(service: Service) -> str:
    """How staff recognise a service: its customer name, else the provider's name, else its id."""
    return service.name or service.provider_name or f"service {service.service_id}"


def is_below_cost(customer_rate: Decimal, provider_rate: Decimal) -> bool:
    return customer_rate < provider_rate


def refuse_below_cost(service: Service, customer_rate: Decimal, what: str = "The price") -> None:
    """InvalidInput naming the service and both rates when `customer_rate` is under the provider's."""
    if is_below_cost(customer_rate, service.provider_rate):
        raise InvalidInput(
            f"{what} of {staff_name(service)} (#{service.service_id}) would be {customer_rate.normalize():f} per 1000, "
            f"below the provider's rate of {service.provider_rate.normalize():f}: refused.",
            fields={"rate": "below_cost"})


def check_custom_rate(services: Iterable[Service], service_id: int | None, rate: CustomRate,
                      global_markup: Decimal) -> None:
    """A user's custom rate (for one service, or a discount on all) must keep every price at or
    above the provider's rate."""
    for service in services:
        if service_id is not None and service.service_id != service_id:
            continue
        list_rate = service.list_rate(global_markup)
        price = rate_for_user(list_rate, rate if service_id is not None else None,
                              rate if service_id is None else None)
        refuse_below_cost(service, price, "This customer's price")


def low_balance_threshold(own: Decimal | None, setting: str) -> Decimal:
    """A provider's low-balance threshold: its own, else the panel-wide setting."""
    return own if own is not None else Decimal(setting)


def enable_problem(service: Service) -> str | None:
    """Why a service cannot be enabled, or None."""
    if not service.provider_available:
        return "The provider no longer offers this service; it cannot be enabled."
    if not service.name.strip():
        return (f"Give service #{service.service_id} a customer-facing name before enabling it "
                "(the provider's name is never shown to customers).")
    return None


@dataclass(frozen=True)
class ChangeLine:
    """One line of a change report."""

    kind: str  # "new", "gone", "price_up", "price_down", "limits"
    provider_service: str
    name: str  # staff-facing: the provider's name of the service
    service_id: int | None = None  # ours, when imported
    old: str | None = None
    new: str | None = None


def change_report(ours: Iterable[Service], offered: Iterable[ProviderService],
                  refused: Iterable[str] = ()) -> list[ChangeLine]:
    """What changed between our copies of one provider's services and its current list.
    Entries the provider sent with values we refuse are neither new nor gone."""
    by_id = {entry.service: entry for entry in offered}
    refused_ids = set(refused)
    mine = {s.provider_service: s for s in ours}
    lines: list[ChangeLine] = []
    for pid, offer in by_id.items():
        if pid not in mine:
            lines.append(ChangeLine("new", pid, offer.name, new=f"{offer.rate.normalize():f}"))
    for pid, service in mine.items():
        entry = by_id.get(pid)
        if entry is None:
            if service.provider_available and pid not in refused_ids:
                lines.append(ChangeLine("gone", pid, service.provider_name or service.name, service.service_id))
            continue
        name = entry.name or service.provider_name
        if entry.rate != service.provider_rate:
            kind = "price_up" if entry.rate > service.provider_rate else "price_down"
            lines.append(ChangeLine(kind, pid, name, service.service_id, f"{service.provider_rate.normalize():f}",
                                    f"{entry.rate.normalize():f}"))
        if (entry.min, entry.max) != (service.min, service.max):
            lines.append(ChangeLine("limits", pid, name, service.service_id, f"{service.min}-{service.max}",
                                    f"{entry.min}-{entry.max}"))
    return lines
