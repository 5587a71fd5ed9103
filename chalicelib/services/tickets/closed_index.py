"""A one-off operator task: bring tickets closed before the staff queue's closed filter existed
into its list (`panel tickets index-closed`)."""

from __future__ import annotations

from chalicelib.observability import logger
from chalicelib.store import tickets as store


def index_closed_tickets() -> int:
    """Idempotent and safe while staff work; returns how many tickets were added."""
    indexed = store.index_closed()
    logger.info("closed tickets indexed", extra={"indexed": indexed})
    return indexed
