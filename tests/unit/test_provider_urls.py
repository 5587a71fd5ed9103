"""Which provider URLs and addresses may be called, per stage (server-side request forgery)."""

from __future__ import annotations

import ipaddress

import pytest

from chalicelib.domain.provider_urls import UrlRefused, address_refusal, check_addresses, parse_provider_url

CLOUD, LOCAL = "prod", "test"


def test_a_cloud_stage_needs_https() -> None:
    with pytest.raises(UrlRefused, match="https://"):
        parse_provider_url("http://127.0.0.1:8091/api/v2", CLOUD)
    url = parse_provider_url(" https://Provider.example/api/v2?x=1 ", CLOUD)
    assert (url.scheme, url.host, url.port, url.target, url.host_header) == (
        "https", "provider.example", 443, "/api/v2?x=1", "provider.example")


def test_a_local_stage_allows_http_only_toward_loopback_names() -> None:
    assert parse_provider_url("http://127.0.0.1:8091/api/v2", LOCAL).host_header == "127.0.0.1:8091"
    assert parse_provider_url("http://localhost/api/v2", "local").port == 80
    for other in ("http://example.com/api/v2", "http://10.0.0.1/api/v2", "http://169.254.169.254/"):
        with pytest.raises(UrlRefused, match="https://"):
            parse_provider_url(other, LOCAL)


@pytest.mark.parametrize("url", ["https://user:pw@provider.example/api", "https://provider.example/api#x",
                                 "https:///api", "ftp://provider.example/", "https://provider.example:99999/",
                                 "https://provider.example/a b", "", "https://x.example/" + "a" * 500])
def test_malformed_urls_are_refused(url) -> None:
    with pytest.raises(UrlRefused):
        parse_provider_url(url, CLOUD)


@pytest.mark.parametrize(("address", "kind"), [
    ("127.0.0.1", "loopback"), ("::1", "loopback"), ("10.0.0.1", "private"), ("172.16.5.4", "private"),
    ("192.168.1.1", "private"), ("169.254.169.254", "link-local"), ("fe80::1", "link-local"),
    ("224.0.0.1", "multicast"), ("ff02::1", "multicast"), ("0.0.0.0", "unspecified"),  # noqa: S104 ("::", "unspecified"),
    ("240.0.0.1", "private"), ("100.64.0.1", "not public"), ("fc00::1", "private"),
    ("::ffff:127.0.0.1", "loopback"), ("::ffff:169.254.169.254", "link-local"), ("::ffff:10.0.0.1", "private"),
])
def test_non_public_addresses_are_refused_in_the_cloud(address, kind) -> None:
    assert address_refusal(ipaddress.ip_address(address), CLOUD) == kind


@pytest.mark.parametrize("address", ["2002:a00:1::", "2002:a9fe:a9fe::", "64:ff9b::a9fe:a9fe",
                                     "2001:0:4136:e378:8000:63bf:f5ff:fffe"])
def test_ipv6_forms_that_carry_a_private_ipv4_address_are_refused(address) -> None:
    assert address_refusal(ipaddress.ip_address(address), CLOUD) is not None
    assert address_refusal(ipaddress.ip_address(address), LOCAL) is not None


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946", "::ffff:93.184.216.34"])
def test_public_addresses_are_allowed(address) -> None:
    assert address_refusal(ipaddress.ip_address(address), CLOUD) is None


def test_local_stages_allow_loopback_and_nothing_else_private() -> None:
    for loopback in ("127.0.0.1", "::1", "::ffff:127.0.0.1"):
        assert address_refusal(ipaddress.ip_address(loopback), LOCAL) is None
    for private in ("10.0.0.1", "169.254.169.254", "::ffff:10.0.0.1", "0.0.0.0"):  # noqa: S104
        assert address_refusal(ipaddress.ip_address(private), LOCAL) is not None


def test_every_resolved_address_must_pass_and_the_first_is_used() -> None:
    url = parse_provider_url("https://provider.example/api/v2", CLOUD)
    assert str(check_addresses(url, ["93.184.216.34", "93.184.216.35"], CLOUD)) == "93.184.216.34"
    with pytest.raises(UrlRefused, match="private"):
        check_addresses(url, ["93.184.216.34", "10.1.2.3"], CLOUD)
    with pytest.raises(UrlRefused):
        check_addresses(url, [], CLOUD)
    with pytest.raises(UrlRefused):
        check_addresses(url, ["not-an-address"], CLOUD)


def test_http_in_a_local_stage_must_resolve_to_loopback_only() -> None:
    url = parse_provider_url("http://localhost:8091/api/v2", LOCAL)
    assert str(check_addresses(url, ["127.0.0.1", "::1"], LOCAL)) == "127.0.0.1"
    with pytest.raises(UrlRefused):
        check_addresses(url, ["93.184.216.34"], LOCAL)
