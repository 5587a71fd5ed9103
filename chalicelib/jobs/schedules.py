"""Entry points of the scheduled jobs: parse nothing, call one service each."""

from __future__ import annotations

from typing import Any

from chalicelib.services import retention


def purge_login_ips() -> dict[str, Any]:
    return {"purged": retention.purge_login_ips()}
