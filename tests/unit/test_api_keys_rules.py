"""Reseller API key rules: the key's shape, the IP allowlist and the per-second bucket."""

from __future__ import annotations

from dataclasses import FrozenInstanceError

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chalicelib.adapters.random_tokens import hex_digits
from chalicelib.domain.api_keys import (
    KEY_BYTES,
    MAX_ALLOWED_IPS,
    TokenBucket,
    ip_allowed,
    looks_like_a_key,
    parse_allowlist,
    take,
)
from chalicelib.domain.errors import InvalidInput


def test_a_new_key_has_the_shape_panel_tools_expect() -> None:
    key = hex_digits(KEY_BYTES)
    assert len(key) == 40 and looks_like_a_key(key)
    assert hex_digits(KEY_BYTES) != key


@pytest.mark.parametrize("text", [
    "", "0" * 39, "0" * 41, "A" * 40, "g" * 40, "0" * 38 + "- ", " " + "0" * 39, "\uff10" * 40, "0x" + "0" * 38,
])
def test_anything_else_is_not_a_key(text: str) -> None:
    assert not looks_like_a_key(text)


def test_an_allowlist_takes_addresses_and_networks_in_canonical_form() -> None:
    assert parse_allowlist([" 203.0.113.7 ", "198.51.100.0/24", "198.51.100.77/24", "2001:db8::1", "2001:DB8::/32"]) \
        == ("203.0.113.7/32", "198.51.100.0/24", "198.51.100.0/24", "2001:db8::1/128", "2001:db8::/32")
    assert parse_allowlist([]) == ()


@pytest.mark.parametrize("entry", ["203.0.113.300", "example.com", "", "10.0.0.0/33", "1.2.3.4; drop", "::g"])
def test_an_allowlist_entry_that_is_no_address_is_refused_by_name(entry: str) -> None:
    with pytest.raises(InvalidInput, match="is not an IP address or network"):
        parse_allowlist(["203.0.113.7", entry])


def test_an_allowlist_is_bounded() -> None:
    assert len(parse_allowlist([f"10.0.0.{n}" for n in range(MAX_ALLOWED_IPS)])) == MAX_ALLOWED_IPS
    with pytest.raises(InvalidInput, match=f"At most {MAX_ALLOWED_IPS}"):
        parse_allowlist([f"10.0.0.{n}" for n in range(MAX_ALLOWED_IPS + 1)])


def test_the_allowlist_decides_who_may_use_a_key() -> None:
    allowlist = parse_allowlist(["198.51.100.0/24", "2001:db8::/32"])
    assert ip_allowed(allowlist, "198.51.100.200") and ip_allowed(allowlist, "2001:db8::42")
    assert not ip_allowed(allowlist, "198.51.101.1") and not ip_allowed(allowlist, "2001:db9::1")
    for hostile in ("", "unknown", "198.51.100.1, 10.0.0.1", "198.51.100.0/24"):
        assert not ip_allowed(allowlist, hostile)
    assert ip_allowed((), "203.0.113.9") and ip_allowed((), "not even an address")  # no list: any caller


def test_a_full_bucket_allows_one_seconds_worth_at_once_then_refuses() -> None:
    bucket, outcomes = TokenBucket.full(3.0, now=100.0), []
    for _ in range(5):
        bucket, allowed = take(bucket, 100.0)
        outcomes.append(allowed)
    assert outcomes == [True, True, True, False, False]


def test_a_bucket_refills_at_its_rate_and_never_above_one_second() -> None:
    bucket = TokenBucket(rate=2.0, tokens=0.0, updated=10.0)
    bucket, allowed = take(bucket, 10.25)  # half a token
    assert not allowed and bucket.tokens == pytest.approx(0.5) and bucket.updated == 10.25
    bucket, allowed = take(bucket, 10.5)  # one token, spent
    assert allowed and bucket.tokens == pytest.approx(0.0)
    bucket, allowed = take(bucket, 1000.0)  # a long pause refills to the rate only
    assert allowed and bucket.tokens == pytest.approx(1.0)


def test_a_bucket_is_a_value() -> None:
    bucket = TokenBucket.full(1.0, now=0.0)
    after, allowed = take(bucket, 0.0)
    assert allowed and bucket.tokens == 1.0 and after.tokens == 0.0
    with pytest.raises(FrozenInstanceError):
        bucket.tokens = 5.0  # type: ignore[misc]


@given(rate=st.integers(1, 50), gaps=st.lists(st.floats(0, 3, allow_nan=False), max_size=200))
def test_a_bucket_never_allows_more_than_its_burst_plus_its_rate_over_time(rate: int, gaps: list[float]) -> None:
    bucket, now, allowed_count = TokenBucket.full(float(rate), 0.0), 0.0, 0
    for gap in gaps:
        now += gap
        bucket, allowed = take(bucket, now)
        allowed_count += allowed
        assert 0 <= bucket.tokens <= rate
    assert allowed_count <= rate + rate * now + 1e-6
