"""What the provider bills us for an order: set when the order is sent, reduced by what it
did not deliver. Pure rules; the dispatcher records the cost, the reports read what is owed."""

from __future__ import annotations

from decimal import Decimal

from chalicelib.domain.catalog import PACKAGE_TYPES, ServiceType
from chalicelib.domain.money import ZERO, quantize
from chalicelib.domain.orders import FINAL_STATUSES, Order, OrderStatus


def cost_of(kind: ServiceType, quantity: int, provider_rate: Decimal) -> Decimal:
    """The provider's price for `quantity` units (what the customer was charged for, in the
    same units: per-run quantity x runs, lines, max x posts): its rate x quantity / 1000, or
    its rate for a package. The ledger's 5 places, half up, like our own charge."""
    if kind in PACKAGE_TYPES:
        return quantize(provider_rate)
    return quantize(provider_rate * Decimal(quantity) / Decimal(1000))


def delivered_share(cost: Decimal, quantity: int, remains: int) -> Decimal:
    """The part of `cost` owed for what was delivered: cost x delivered / quantity, where
    delivered = quantity - remains (remains clamped to 0..quantity). A partial or canceled
    order costs only what the provider did."""
    if quantity <= 0:
        return ZERO
    undelivered = min(max(remains, 0), quantity)
    if undelivered == 0:
        return quantize(cost)
    return quantize(cost * Decimal(quantity - undelivered) / Decimal(quantity))


def owed(order: Order) -> Decimal | None:
    """What the provider is owed for `order` as it stands, or None when nobody knows (sent
    before costs were recorded, or sent by staff through a provider without a known rate).

    - never reached a provider (waiting, or canceled before sending): nothing;
    - still open at the provider: the whole cost (it is billed when taken);
    - ended: the delivered share (settlement stores the undelivered units as `remains`)."""
    if order.provider_order is None and order.status in {OrderStatus.PENDING, OrderStatus.SENDING,
                                                         OrderStatus.CANCELED}:
        return ZERO
    if order.provider_cost is None:
        return None
    if order.status in FINAL_STATUSES and order.remains is not None:
        return delivered_share(order.provider_cost, order.quantity, order.remains)
    return quantize(order.provider_cost)
