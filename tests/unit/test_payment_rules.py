"""Top-up amounts, bonus tiers and what a refund or dispute takes back of a bonus."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.payments import (
    BonusTier,
    DisputeStatus,
    Method,
    TopUp,
    TopUpStatus,
    bonus_for,
    bonus_to_reverse,
    parse_bonus_tiers,
    parse_top_up_amount,
    taken_back,
)
from infra.security_headers import cloud_headers, local_headers

TIERS = [BonusTier(Decimal("50"), Decimal("2")), BonusTier(Decimal("100"), Decimal("5"))]


def _top_up(amount: str, bonus: str, refunded: str = "0", **disputes: tuple[str, DisputeStatus]) -> TopUp:
    return TopUp(top_up_id=1, user_id="u", amount=Decimal(amount), bonus=Decimal(bonus), method=Method.CARD,
                 status=TopUpStatus.SUCCEEDED, created_at=datetime(2026, 1, 1, tzinfo=UTC),
                 refunded=Decimal(refunded), disputes={k: (Decimal(a), s) for k, (a, s) in disputes.items()})


@pytest.mark.parametrize(("amount", "bonus"), [
    ("49.99", "0.00"), ("50.00", "1.00"), ("99.99", "1.99"), ("100.00", "5.00"), ("333.33", "16.66"),
])
def test_the_highest_reached_tier_applies_rounded_down(amount: str, bonus: str) -> None:
    assert bonus_for(Decimal(amount), TIERS) == Decimal(bonus)
    assert bonus_for(Decimal(amount), []) == 0


def test_tiers_are_validated_and_sorted() -> None:
    assert parse_bonus_tiers([{"min_amount": "100", "percent": "5"}, {"min_amount": "50", "percent": "2"}]) == TIERS
    for bad in ([{"min_amount": "100"}], [{"min_amount": "0", "percent": "5"}],
                [{"min_amount": "10", "percent": "101"}],
                [{"min_amount": 10.5, "percent": "1"}], [{"min_amount": "x", "percent": "1"}], "100:5",
                [{"min_amount": "10", "percent": "1"}, {"min_amount": "10.00", "percent": "2"}]):
        with pytest.raises(InvalidInput):
            parse_bonus_tiers(bad)


def test_amount_rules() -> None:
    low, high = Decimal("5"), Decimal("5000")
    assert parse_top_up_amount(" 12.5 ", low, high) == Decimal("12.50")
    assert parse_top_up_amount(5000, low, high) == Decimal("5000.00")
    for bad in ("4.99", "5000.01", "1e3x", "1.005", "", None, 12.5, True, "Infinity", "-10"):
        with pytest.raises(InvalidInput):
            parse_top_up_amount(bad, low, high)


def test_the_bonus_follows_the_money_taken_back() -> None:
    assert bonus_to_reverse(_top_up("100", "5", refunded="30")) == Decimal("1.50")
    assert bonus_to_reverse(_top_up("100", "5", d1=("100", DisputeStatus.OPEN))) == Decimal("5.00")
    assert bonus_to_reverse(_top_up("100", "5", d1=("100", DisputeStatus.WON))) == 0
    assert taken_back(_top_up("100", "5", refunded="60", d1=("100", DisputeStatus.LOST))) == Decimal("100")


def test_the_disputed_amount_counts_every_dispute_not_won() -> None:
    top_up = _top_up("100", "0", d1=("30", DisputeStatus.OPEN), d2=("20", DisputeStatus.LOST),
                     d3=("50", DisputeStatus.WON))
    assert top_up.disputed == Decimal("50") and _top_up("100", "0").disputed == 0


@given(st.integers(1, 10_000_00), st.integers(0, 50), st.integers(0, 10_000_00))
def test_a_bonus_reversal_never_exceeds_the_bonus(cents: int, percent: int, refunded_cents: int) -> None:
    amount = Decimal(cents) / 100
    bonus = bonus_for(amount, [BonusTier(Decimal("0.01"), Decimal(percent))]) if percent else Decimal(0)
    reversed_ = bonus_to_reverse(_top_up(str(amount), str(bonus), refunded=str(Decimal(refunded_cents) / 100)))
    assert 0 <= reversed_ <= bonus


# Google Analytics' hosts (docs/privacy.md): allowed by the policy, reached only after analytics consent.
GA_SCRIPT = ["https://www.googletagmanager.com"]
GA_CONNECT = ["https://www.google-analytics.com", "https://region1.google-analytics.com",
              "https://region1.analytics.google.com", "https://www.googletagmanager.com"]


def test_the_local_policy_adds_the_stand_ins_where_the_cloud_names_stripe_and_s3() -> None:
    local = local_headers("http://127.0.0.1:8420", "http://127.0.0.1:5000")
    policy = local["Content-Security-Policy"]
    directives = {d.split()[0]: d.split()[1:] for d in policy.split("; ")}
    assert directives["script-src"] == ["'self'", "https://js.stripe.com", *GA_SCRIPT, "http://127.0.0.1:8420"]
    assert directives["connect-src"] == ["'self'", "https://api.stripe.com", "http://127.0.0.1:5000", *GA_CONNECT,
                                         "http://127.0.0.1:8420"]
    assert directives["default-src"] == ["'self'"] and "'unsafe-inline'" not in policy
    assert "Strict-Transport-Security" not in local  # plain HTTP locally


def test_the_cloud_sends_hsts_and_names_its_own_attachments_bucket() -> None:
    cloud = cloud_headers("panel-prod-attachments", "eu-west-2")
    assert cloud["Strict-Transport-Security"].startswith("max-age=63072000")
    connect = next(d for d in cloud["Content-Security-Policy"].split("; ") if d.startswith("connect-src")).split()
    assert connect[1:] == ["'self'", "https://api.stripe.com", "https://panel-prod-attachments.s3.eu-west-2.amazonaws.com",
                           *GA_CONNECT]
    assert "*" not in cloud["Content-Security-Policy"] and "{" not in cloud["Content-Security-Policy"]
