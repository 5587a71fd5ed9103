"""Fixtures more than one test package uses (registered by tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.support.business_time import WEDNESDAY_NOON


@pytest.fixture
def at_noon(clock: Any) -> Any:
    """The frozen clock at Wednesday noon, inside business hours."""
    clock.at = WEDNESDAY_NOON
    return clock


@pytest.fixture
def ack_off(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """New tickets get no automatic acknowledgement (so staff give the first response)."""
    from chalicelib.settings import get_settings

    with monkeypatch.context() as patch:
        patch.setenv("PANEL_TICKET_ACK_ENABLED", "false")
        get_settings.cache_clear()
        yield
    get_settings.cache_clear()
