"""Catalog console rules: below-cost prices, the sync change report, a name to be enabled."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from chalicelib.domain.catalog import CustomRate, ServiceType
from chalicelib.domain.catalog_changes import (
    change_report,
    check_custom_rate,
    enable_problem,
    low_balance_threshold,
    refuse_below_cost,
)
from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.providers import ProviderService
from tests.support.catalog_values import a_service


def _offer(pid: str, rate: str, lo: int = 10, hi: int = 1000, name: str = "Upstream") -> ProviderService:
    return ProviderService(service=pid, name=name, type=ServiceType.DEFAULT, category="C", rate=Decimal(rate),
                           min=lo, max=hi, refill=False, cancel=False, dripfeed=False)


def test_a_price_under_the_providers_rate_is_refused_naming_the_service_and_both_rates() -> None:
    service = a_service(name="Real followers", provider_rate="1.00")
    refuse_below_cost(service, Decimal("1.00"))  # at cost: allowed
    with pytest.raises(InvalidInput) as refused:
        refuse_below_cost(service, Decimal("0.95"))
    assert "Real followers" in refused.value.message and "0.95" in refused.value.message
    assert "provider's rate of 1" in refused.value.message


def test_custom_rates_are_checked_against_each_service_they_touch() -> None:
    cheap, dear = a_service(service_id=1, provider_rate="1.00"), a_service(service_id=2, provider_rate="5.00")
    markup = Decimal("20")  # list rates 1.20 and 6.00
    check_custom_rate([cheap, dear], 1, CustomRate(fixed_rate=Decimal("1.00")), markup)
    with pytest.raises(InvalidInput, match=r"0\.9 per 1000"):
        check_custom_rate([cheap, dear], 1, CustomRate(fixed_rate=Decimal("0.90")), markup)
    check_custom_rate([cheap, dear], None, CustomRate(discount_percent=Decimal("15")), markup)  # 1.02, 5.10
    with pytest.raises(InvalidInput, match="#1"):
        check_custom_rate([cheap, dear], None, CustomRate(discount_percent=Decimal("20")), markup)  # 0.96
    with pytest.raises(InvalidInput, match="#2"):  # the discount on one service only
        check_custom_rate([cheap, dear], 2, CustomRate(discount_percent=Decimal("50")), markup)


def test_a_service_needs_a_customer_name_and_its_provider_to_be_enabled() -> None:
    assert enable_problem(a_service(name="Likes")) is None
    assert "customer-facing name" in (enable_problem(a_service(name="  ", provider_name="IG likes [HQ]")) or "")
    assert "no longer offers" in (enable_problem(a_service(name="Likes", provider_available=False)) or "")


def test_the_change_report_lists_new_gone_price_and_limit_changes() -> None:
    same = a_service(service_id=1, provider_service="1", provider_rate="1.00", lo=10, hi=1000)
    dearer = a_service(service_id=2, provider_service="2", provider_rate="1.00", lo=10, hi=1000)
    cheaper = a_service(service_id=3, provider_service="3", provider_rate="2.00", lo=10, hi=1000)
    gone = a_service(service_id=4, provider_service="4", provider_name="Old one")
    already_gone = replace(a_service(service_id=5, provider_service="5"), provider_available=False)
    refused = a_service(service_id=6, provider_service="6")
    offered = [_offer("1", "1.00"), _offer("2", "1.25", hi=500), _offer("3", "1.50"), _offer("9", "0.30", name="Fresh")]
    lines = change_report([same, dearer, cheaper, gone, already_gone, refused], offered, refused=["6"])
    got = sorted((line.kind, line.provider_service, line.old, line.new) for line in lines)
    assert got == [("gone", "4", None, None), ("limits", "2", "10-1000", "10-500"), ("new", "9", None, "0.3"),
                   ("price_down", "3", "2", "1.5"), ("price_up", "2", "1", "1.25")]
    assert next(line for line in lines if line.kind == "gone").name == "Old one"
    assert change_report([same], [_offer("1", "1.00")]) == []


def test_a_providers_own_low_balance_threshold_wins_over_the_setting() -> None:
    assert low_balance_threshold(None, "50") == Decimal(50)
    assert low_balance_threshold(Decimal("200"), "50") == Decimal(200)
