"""Retention use cases."""

from __future__ import annotations

from chalicelib.observability import logger, metrics
from chalicelib.services import clock
from chalicelib.store import purge


def purge_login_ips() -> int:
    """Strip every login IP past its purge-by date; returns how many were purged.

    Preservation holds (law-enforcement requests) will exempt records here once they exist.
    """
    today = clock.now().date()
    purged = 0
    while batch := purge.due_login_records(today):
        for key in batch:
            purge.strip_login_ip(key)
            purged += 1
    logger.info("login IPs purged", extra={"purged": purged})
    metrics.add_metric(name="LoginIpsPurged", unit="Count", value=purged)
    return purged
