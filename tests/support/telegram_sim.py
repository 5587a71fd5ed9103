"""The test stack's Telegram Bot API simulator (devstack/telegram_sim.py): what it received, and
how it should answer."""

from __future__ import annotations

from typing import Any

import requests

from tests.support.provider_sim import SIM


def messages() -> list[dict[str, Any]]:
    """Every sendMessage the simulator accepted: token, chat_id, text."""
    return list(requests.get(f"{SIM}/_sim/telegram", timeout=5).json())


def control(**body: object) -> None:
    """reset=True, refuse_tokens=[...], fail_next=N (see the simulator)."""
    response = requests.post(f"{SIM}/_sim/telegram", json=body, timeout=5)
    assert response.status_code == 200, response.text
