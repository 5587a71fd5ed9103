"""Fixed-window throttling rules (the counters live in the store)."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

# One IPv6 customer usually holds a whole /64 (often far more): counting single addresses
# would give them 2^64 fresh budgets.
IPV6_GROUP_PREFIX = 64


@dataclass(frozen=True)
class Window:
    seconds: int
    limit: int

    def start(self, epoch_seconds: int) -> int:
        return epoch_seconds - epoch_seconds % self.seconds

    def end(self, epoch_seconds: int) -> int:
        return self.start(epoch_seconds) + self.seconds

    def retry_after(self, epoch_seconds: int) -> int:
        return self.start(epoch_seconds) + self.seconds - epoch_seconds

    def exceeded(self, count: int) -> bool:
        return count >= self.limit


def ip_subject(ip: str) -> str:
    """What a throttle counts for a client IP: an IPv4 address as it is, an IPv6 address as
    its /64 network (an IPv4-mapped IPv6 address counts as the IPv4 address). Text that is
    not an IP address is counted as given."""
    try:
        address = ipaddress.ip_address(ip.strip())
    except ValueError:
        return ip
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, IPV6_GROUP_PREFIX), strict=False))
    return str(address)
