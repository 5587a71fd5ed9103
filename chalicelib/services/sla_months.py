"""Whether a month's SLA is decided: the hook monitoring asks before it changes a month's
inputs (maintenance windows, external monitors' records). The claims work decides months and
sets the flag this reads."""

from __future__ import annotations

from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.maintenance import is_month
from chalicelib.store import sla_months


def sla_month_decided(month: str) -> bool:
    """True once the month (yyyy-mm) has been decided; nothing may change its inputs then."""
    if not is_month(month):
        raise InvalidInput("A month is written yyyy-mm, e.g. 2026-11.", fields={"month": "invalid"})
    return sla_months.is_decided(month)
