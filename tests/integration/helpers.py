"""Builders for integration tests: real accounts, providers and services in DynamoDB Local."""

from __future__ import annotations

import secrets
from decimal import Decimal

import requests

from chalicelib.domain.catalog import Service, ServiceType
from chalicelib.domain.ledger import EntryKind
from chalicelib.services import accounts, ledger
from chalicelib.store import catalog, counters
from devstack.stack import TEST

SIM = f"http://127.0.0.1:{TEST.provider_port}"


def configure(**body: object) -> None:
    """Tell the provider simulator how to behave (POST /_sim/config)."""
    response = requests.post(f"{SIM}/_sim/config", json=body, timeout=5)
    assert response.status_code == 200, response.text


def calls() -> dict[str, int]:
    """How many calls of each action the simulator received."""
    return requests.get(f"{SIM}/_sim/calls", timeout=5).json()


def customer(balance: str = "0") -> str:
    address = f"buyer-{secrets.token_hex(5)}@example.com"
    user = accounts.register("b" + address[6:16], address, "a-good-password", True)
    if Decimal(balance) > 0:
        ledger.move(user.user_id, Decimal(balance), EntryKind.TOP_UP, f"topup#{secrets.token_hex(4)}", "test")
    return user.user_id


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
