"""Which provider URLs and addresses we may call, per stage (server-side request forgery).

A provider's API URL is typed in by an admin and then called by our jobs with the provider's
API key, from inside our network. Without rules, that URL could point the panel at the
cloud's metadata service (169.254.169.254), at private services next to it, or at a host of
the admin's choosing to collect the stored key. The rules:

* The URL is `https://host[:port]/path`, with no user name or password in it and no
  fragment. Plain `http` is allowed only in the local stages (`local`, `test`), and there
  only toward a loopback address (the provider simulator).
* Every address the host name resolves to must be a public unicast address. Refused:
  loopback, private (RFC 1918, unique local fc00::/7), link-local (169.254.0.0/16 with the
  metadata address, fe80::/10), multicast, reserved, unspecified (0.0.0.0, ::), shared
  (100.64.0.0/10) and every other non-global range, in IPv4 and IPv6 alike; an IPv6
  address that embeds an IPv4 one (IPv4-mapped ::ffff:a.b.c.d, 6to4, Teredo, NAT64) is
  judged by the IPv4 address it carries too. In the local stages loopback is allowed.

Resolving the name is I/O and lives in the adapter (`adapters/provider_http.py`); this module
only judges a parsed URL and the addresses it resolved to.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from urllib.parse import urlsplit

LOCAL_STAGES = frozenset({"local", "test"})
MAX_URL_LENGTH = 500

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


class UrlRefused(ValueError):
    """The URL or one of its addresses may not be called; the message is for people."""


@dataclass(frozen=True)
class ProviderUrl:
    scheme: str  # "https", or "http" in a local stage
    host: str  # the name or literal address, without brackets, lower case
    port: int
    target: str  # path and query, as sent in the request line

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        default = 443 if self.scheme == "https" else 80
        return host if self.port == default else f"{host}:{self.port}"


def is_local_stage(stage: str) -> bool:
    return stage in LOCAL_STAGES


def parse_provider_url(url: str, stage: str) -> ProviderUrl:
    """Check the shape of a provider URL; the addresses are checked after resolving."""
    text = url.strip()
    if not text or len(text) > MAX_URL_LENGTH:
        raise UrlRefused(f"The provider's API URL must be 1 to {MAX_URL_LENGTH} characters.")
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:
        raise UrlRefused("The provider's API URL is not a valid URL.") from exc
    scheme = parts.scheme.lower()
    if scheme != "https" and not (scheme == "http" and is_local_stage(stage)):
        raise UrlRefused("The provider's API URL must start with https://.")
    if not parts.hostname:
        raise UrlRefused("The provider's API URL has no host name.")
    if scheme == "http" and not _names_loopback(parts.hostname):
        raise UrlRefused("The provider's API URL must start with https:// (http only reaches this machine).")
    if parts.username is not None or parts.password is not None:
        raise UrlRefused("The provider's API URL must not contain a user name or password.")
    if parts.fragment:
        raise UrlRefused("The provider's API URL must not contain a #fragment.")
    if any(ord(c) < 33 or ord(c) == 127 for c in text):
        raise UrlRefused("The provider's API URL must not contain spaces or control characters.")
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return ProviderUrl(scheme=scheme, host=parts.hostname.lower(), port=port or (443 if scheme == "https" else 80),
                       target=target)


def _names_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def _kind(address: IPAddress) -> str | None:
    """Why the address is not a public unicast one, or None if it is."""
    if address.is_unspecified:
        return "unspecified"
    if address.is_loopback:
        return "loopback"
    if address.is_link_local:
        return "link-local"
    if address.is_multicast:
        return "multicast"
    if address.is_private:
        return "private"
    if address.is_reserved:
        return "reserved"
    if not address.is_global:
        return "not public"
    return None


def address_refusal(address: IPAddress, stage: str) -> str | None:
    """None if a provider may be called at `address` in `stage`, else the kind of address it is."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped  # ::ffff:a.b.c.d is a.b.c.d on the wire
    kinds = [_kind(address)]
    if isinstance(address, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(address)
        if embedded is not None:
            kinds.append(_kind(embedded))
    refused = [k for k in kinds if k is not None]
    if not refused:
        return None
    if is_local_stage(stage) and all(k == "loopback" for k in refused):
        return None  # the provider simulator, on this machine
    return refused[0]


def check_addresses(url: ProviderUrl, addresses: list[str], stage: str) -> IPAddress:
    """The address to connect to (the first), if every resolved address may be called.

    All must pass, not just one: a name that answers both a public and a private address
    could otherwise be used to reach the private one.
    """
    if not addresses:
        raise UrlRefused("The provider's host name does not resolve to any address.")
    parsed: list[IPAddress] = []
    for text in addresses:
        try:
            address = ipaddress.ip_address(text.split("%", 1)[0])
        except ValueError as exc:
            raise UrlRefused("The provider's host name resolves to something that is not an address.") from exc
        refusal = address_refusal(address, stage)
        if refusal is not None:
            raise UrlRefused(f"The provider's host resolves to a {refusal} address; only public addresses "
                             "may be called.")
        parsed.append(address)
    if url.scheme == "http" and not all(a.is_loopback or _embedded_loopback(a) for a in parsed):
        raise UrlRefused("The provider's API URL must start with https:// (http only reaches this machine).")
    return parsed[0]


def _embedded_loopback(address: IPAddress) -> bool:
    if isinstance(address, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(address)
        return embedded is not None and embedded.is_loopback
    return False
