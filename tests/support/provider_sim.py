"""The test stack's upstream-provider simulator: its address and its control routes."""

from __future__ import annotations

import requests

from devstack.stack import TEST

SIM = f"http://127.0.0.1:{TEST.provider_port}"
SIMULATOR_URL = f"{SIM}/api/v2"   # the API v2 endpoint a provider record points at


def configure(**body: object) -> None:
    """Tell the provider simulator how to behave (POST /_sim/config)."""
    response = requests.post(f"{SIM}/_sim/config", json=body, timeout=5)
    assert response.status_code == 200, response.text


def calls() -> dict[str, int]:
    """How many calls of each action the simulator received."""
    return dict(requests.get(f"{SIM}/_sim/calls", timeout=5).json())
