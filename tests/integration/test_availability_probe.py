"""The probe function against a real HTTP server on 127.0.0.1 that answers, errors and hangs,
and against a server that is not there (the gateway stopped)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from chalicelib.domain.monitoring import MonitorKind
from chalicelib.services import availability_probe, monitoring
from chalicelib.settings import get_settings
from chalicelib.store import probes
from devstack import scheduler

HANG_SECONDS = 6


class Site(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path.startswith("/hang"):
            time.sleep(HANG_SECONDS)
        status = 500 if self.path.startswith("/error") else 404 if self.path.startswith("/missing") else 200
        body = b"<html>panel</html>"
        try:
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            pass   # the probe gave up and closed the connection

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Site)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def short_timeouts(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("PANEL_PROBE_CONNECT_TIMEOUT_SECONDS", "1")
    monkeypatch.setenv("PANEL_PROBE_READ_TIMEOUT_SECONDS", "1")
    get_settings.cache_clear()
    yield
    monkeypatch.undo()
    get_settings.cache_clear()


@pytest.fixture
def monitor(fresh_table: str, short_timeouts: None) -> str:
    monitoring.register("probe-test", "Test", MonitorKind.PROBE)
    return "probe-test"


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _probe(monitor_id: str, main: str, panel: str) -> tuple[dict[str, object], float]:
    started = time.perf_counter()
    result = availability_probe.probe(availability_probe.ProbeTarget(monitor_id, "Test", main, panel))
    return result, time.perf_counter() - started


def _records(monitor_id: str) -> list[probes.ProbeRecord]:
    now = datetime.now(UTC)
    return [r for r in probes.between(now - timedelta(minutes=5), now + timedelta(minutes=1))
            if r.monitor_id == monitor_id]


def test_both_pages_answering_is_a_success_with_both_results(monitor: str, site: str) -> None:
    result, _ = _probe(monitor, f"{site}/", f"{site}/api/health")
    assert result["ok"] is True and result["written"] == "stored"
    [record] = _records(monitor)
    assert record.ok and record.main is not None and record.panel is not None
    assert (record.main.status, record.panel.status) == (200, 200)
    assert record.kind is MonitorKind.PROBE and record.location == "Test"


def test_one_page_failing_is_not_a_failed_probe(monitor: str, site: str) -> None:
    result, _ = _probe(monitor, f"{site}/error", f"{site}/api/health")
    assert result["ok"] is True
    [record] = _records(monitor)
    assert record.main is not None and (record.main.ok, record.main.status) == (False, 500)


def test_errors_and_a_hanging_page_fail_within_the_timeout(monitor: str, site: str) -> None:
    result, took = _probe(monitor, f"{site}/hang", f"{site}/missing")
    assert result["ok"] is False
    assert took < HANG_SECONDS - 2, "the probe waited for the hanging page instead of timing out"
    [record] = _records(monitor)
    assert record.main is not None and record.panel is not None
    assert (record.main.ok, record.main.status) == (False, None)
    assert (record.panel.ok, record.panel.status) == (False, 404)


def test_a_stopped_server_fails_without_retrying(monitor: str) -> None:
    port = _closed_port()
    result, took = _probe(monitor, f"http://127.0.0.1:{port}/", f"http://127.0.0.1:{port}/api/health")
    assert result["ok"] is False and took < 2
    [record] = _records(monitor)
    assert record.main is not None and record.main.status is None


def test_an_unknown_monitor_stores_nothing(fresh_table: str, site: str, short_timeouts: None) -> None:
    result, _ = _probe("nobody", f"{site}/", f"{site}/")
    assert result == {"monitor": "nobody", "refused": "unknown or disabled monitor"}
    assert _records("nobody") == []


def test_the_function_reads_its_monitor_and_pages_from_settings(monitor: str, site: str,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    assert availability_probe.probe_configured() == {"skipped": "no probe monitor configured"}
    monkeypatch.setenv("PANEL_PROBE_MONITOR_ID", monitor)
    monkeypatch.setenv("PANEL_PROBE_LOCATION", "eu-west-2 (London)")
    monkeypatch.setenv("PANEL_SITE_URL", site)
    get_settings.cache_clear()
    target = availability_probe.configured_target()
    assert target == availability_probe.ProbeTarget(monitor, "eu-west-2 (London)", f"{site}/", f"{site}/api/health")
    assert availability_probe.probe_configured()["ok"] is True
    assert _records(monitor)[0].location == "eu-west-2 (London)"


def test_the_local_scheduler_probes_as_three_monitors_and_all_fail_when_the_gateway_stops(
        fresh_table: str, short_timeouts: None, monkeypatch: pytest.MonkeyPatch, site: str, clock) -> None:
    from devstack.seed import seed_monitors

    clock.at = datetime(2026, 11, 20, 10, 7, 5, tzinfo=UTC)
    seed_monitors()
    monkeypatch.setenv("PANEL_SITE_URL", site)
    get_settings.cache_clear()
    handler = next(h for h in scheduler.scheduled_handlers(scheduler_app()) if h.name == scheduler.PROBE_HANDLER)
    assert handler.expression == "rate(1 minute)"
    assert [r["ok"] for r in scheduler.run_once(handler)] == [True, True, True]
    monkeypatch.setenv("PANEL_SITE_URL", f"http://127.0.0.1:{_closed_port()}")   # the gateway stopped
    get_settings.cache_clear()
    clock.at += timedelta(minutes=1)   # the next minute's run
    assert [r["ok"] for r in scheduler.run_once(handler)] == [False, False, False]
    latest = {r.monitor_id: r for r in probes.between(clock.at - timedelta(seconds=5), clock.at + timedelta(minutes=1))}
    assert {(m, r.location, r.ok) for m, r in latest.items()} == {
        ("local-a", "Local A", False), ("local-b", "Local B", False), ("local-c", "Local C", False)}


def scheduler_app():  # type: ignore[no-untyped-def]
    from devstack.handlers import load_app

    return load_app()


def test_a_probe_in_another_region_writes_to_the_home_regions_table(
        monitor: str, site: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """infra/probes.py runs the probe in three regions with PANEL_TABLE_REGION naming the home
    region: the table client is built for that region, not the function's own."""
    from chalicelib.store import dynamo

    monkeypatch.setenv("AWS_DEFAULT_REGION", "ap-southeast-1")  # the probe function's own region
    monkeypatch.setenv("PANEL_TABLE_REGION", "eu-west-2")
    get_settings.cache_clear()
    dynamo.client.cache_clear()
    try:
        assert dynamo.client().meta.region_name == "eu-west-2"
        result, _ = _probe(monitor, f"{site}/", f"{site}/api/health")
        assert result["written"] == "stored"
        assert [r.monitor_id for r in _records(monitor)] == [monitor]
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
        dynamo.client.cache_clear()
