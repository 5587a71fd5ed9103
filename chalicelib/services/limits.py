"""Abuse limits: at most N uses per client IP, account or address in a fixed window.

A use is counted before the work it guards, all of a request's limits in one transaction,
so a refused request changes nothing and parallel requests cannot overshoot a limit.
"""

from __future__ import annotations

from dataclasses import dataclass

from chalicelib.domain.errors import TooManyRequests
from chalicelib.domain.sessions import secret_hash
from chalicelib.domain.throttle import Window, ip_subject
from chalicelib.services import clock
from chalicelib.settings import get_settings
from chalicelib.store import throttle


@dataclass(frozen=True)
class Limit:
    scope: str
    subject: str
    limit: int


def per_ip(scope: str, ip: str, limit: int) -> Limit:
    """IPv6 clients are counted per /64 (domain.throttle.ip_subject)."""
    return Limit(f"{scope}-ip", ip_subject(ip), limit)


def per_subject(scope: str, subject: str, limit: int) -> Limit:
    return Limit(scope, subject, limit)


def take(what: str, *limits: Limit) -> None:
    """Count one use against every limit, or raise TooManyRequests ("Too many <what>...")."""
    now_epoch = int(clock.now().timestamp())
    window_seconds = get_settings().abuse_window_seconds
    slots = []
    for limit in limits:
        window = Window(window_seconds, limit.limit)
        start = window.start(now_epoch)
        slots.append(throttle.Slot(limit.scope, secret_hash(limit.subject), start, window.end(now_epoch), limit.limit))
    if throttle.take(slots) is not None:
        wait = Window(window_seconds, 1).retry_after(now_epoch)
        raise TooManyRequests(f"Too many {what}. Try again in {max(1, -(-wait // 60))} minute(s).",
                              retry_after_seconds=wait)
