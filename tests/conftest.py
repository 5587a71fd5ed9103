"""Test-wide set-up: the test stack's environment, and its backing services started once.

Unit tests need nothing running. Integration, API and browser tests share one DynamoDB
Local (in memory) and one moto server for the whole session; each test isolates itself
with its own keys (unique e-mails) or, when it needs an empty table, its own table.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from datetime import datetime

import pytest

from devstack.stack import TEST

TEST.apply_environment()
pytest_plugins = ["tests.support.fixtures"]
# The origin secret the dev gateway adds and the API checks before it trusts the viewer's
# address header (api/http.py client_ip); the stack's processes inherit it.
ORIGIN_VERIFY_SECRET = os.environ.setdefault("PANEL_ORIGIN_VERIFY_SECRET", "test-origin-" + secrets.token_hex(16))

if os.environ.get("PANEL_RECORD_AWS_CALLS"):
    # Which AWS calls each function makes (devstack/aws_calls.py), before any client exists.
    from devstack.aws_calls import install
    from devstack.handlers import load_app

    install(load_app())


@pytest.fixture(scope="session")
def backing_services() -> Iterator[None]:
    from devstack.handlers import load_app
    from devstack.launcher import Launcher
    from devstack.provision import ensure_all

    launcher = Launcher(TEST, quiet=True)
    try:
        launcher.start_backing_services()
        ensure_all(load_app())
        yield
    finally:
        launcher.stop()


@pytest.fixture
def unique_email() -> str:
    return f"user-{secrets.token_hex(6)}@example.com"


@pytest.fixture
def fresh_table(backing_services: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A new, empty table for tests that look at the whole table (jobs, scans)."""
    from chalicelib.services import caches
    from chalicelib.settings import get_settings
    from chalicelib.store import dynamo

    name = f"panel-test-{secrets.token_hex(4)}"
    monkeypatch.setenv("PANEL_TABLE_NAME", name)
    get_settings.cache_clear()
    caches.clear_all()  # what a container cached belongs to the table it read
    dynamo.ensure_table(name)
    try:
        yield name
    finally:
        dynamo.client().delete_table(TableName=name)
        monkeypatch.undo()
        get_settings.cache_clear()
        caches.clear_all()


class FrozenClock:
    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FrozenClock:
    """Freeze services' clock; move it by assigning `clock.at`."""
    from chalicelib.services import clock as clock_module

    frozen = FrozenClock(clock_module.now())
    monkeypatch.setattr(clock_module, "now", frozen)
    return frozen
