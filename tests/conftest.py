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

# Under pytest-xdist (`make test` runs two workers) each worker starts a whole stack of its own:
# its ports move by WORKER_PORT_SHIFT per worker, before devstack.stack reads the offset. Spaced
# so a worker's child run (tests/infra/test_recorded_calls.py, another 500) meets no other stack.
# Processes a worker starts inherit the moved offset and the mark, and move nothing again.
WORKER_PORT_SHIFT = 1000
_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if _worker.startswith("gw") and not os.environ.get("PANEL_TEST_PORTS_MOVED"):
    os.environ["PANEL_TEST_PORT_OFFSET"] = str(int(os.environ.get("PANEL_TEST_PORT_OFFSET", "0"))
                                               + WORKER_PORT_SHIFT * int(_worker.removeprefix("gw")))
    os.environ["PANEL_TEST_PORTS_MOVED"] = "1"

from devstack.stack import TEST  # noqa: E402 - after the worker's ports moved

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


# Which worker runs what (`make test` runs `--dist loadgroup`): a file's tests stay together, as its
# module fixtures expect; the infra tests stay on one worker, which synthesizes each stage once;
# the two API fuzzers, the longest tests, go to different workers.
SPLIT_FILES = frozenset({"tests/api/test_fuzz_api.py"})


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        path = item.nodeid.split("::", 1)[0]
        group = "tests/infra" if path.startswith("tests/infra/") else item.nodeid if path in SPLIT_FILES else path
        item.add_marker(pytest.mark.xdist_group(group))


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


@pytest.fixture(autouse=True)
def _environment_kept() -> Iterator[None]:
    """Whatever a test changes in os.environ (the `panel --stage X` CLI applies a stage's
    variables) is put back after it: the next test of this process may come from any file."""
    before = dict(os.environ)
    yield
    if os.environ != before:
        from chalicelib.settings import get_settings

        os.environ.clear()
        os.environ.update(before)
        get_settings.cache_clear()


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
