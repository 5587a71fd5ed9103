"""The probe function: once a minute, load the main page and the control panel and store the
result as this monitor's record for the minute (docs/sla.md, "Monitoring").

The same code runs in several AWS regions; each region's settings name its monitor and
location (infra/monitoring_regions.json). Both pages are loaded at the same time, each with
bounded timeouts and no retry, so a run ends within a few seconds even when the site hangs.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from chalicelib.adapters import page_probe
from chalicelib.domain.errors import NotFound
from chalicelib.domain.monitoring import MonitorKind, PageResult, ProbeRecord, minute_of, probe_ok
from chalicelib.observability import logger
from chalicelib.services import clock, monitoring
from chalicelib.settings import get_settings

PANEL_PATH = "/api/health"
"""The control panel is a single-page app: its HTML is the site's own page, and what makes it
usable is the API behind it, so the panel is probed at the API's liveness route."""


@dataclass(frozen=True)
class ProbeTarget:
    monitor_id: str
    location: str
    main_url: str
    panel_url: str


def target_for(monitor_id: str, location: str) -> ProbeTarget:
    """A monitor probing the pages the settings name (by default the site's main page and
    control panel)."""
    settings = get_settings()
    site = settings.site_url.rstrip("/")
    return ProbeTarget(monitor_id, location, settings.probe_main_url or f"{site}/",
                       settings.probe_panel_url or f"{site}{PANEL_PATH}")


def configured_target() -> ProbeTarget | None:
    """This function's monitor from settings; None when none is configured (nothing to do)."""
    settings = get_settings()
    if not settings.probe_monitor_id:
        return None
    return target_for(settings.probe_monitor_id, settings.probe_location or settings.probe_monitor_id)


def load_pages(target: ProbeTarget) -> tuple[PageResult, PageResult]:
    settings = get_settings()
    timeouts = (settings.probe_connect_timeout_seconds, settings.probe_read_timeout_seconds)
    with ThreadPoolExecutor(max_workers=2) as pool:
        main = pool.submit(page_probe.load, target.main_url, *timeouts)
        panel = pool.submit(page_probe.load, target.panel_url, *timeouts)
        return main.result(), panel.result()


def probe(target: ProbeTarget, now: datetime | None = None) -> dict[str, Any]:
    """Load both pages and record the minute; a refused monitor is reported, not raised (the
    schedule must not fail every minute because staff disabled a monitor)."""
    started = now or clock.now()
    main, panel = load_pages(target)
    record = ProbeRecord(target.monitor_id, target.location, MonitorKind.PROBE, minute_of(started), started,
                         probe_ok(main, panel), main, panel)
    try:
        written = monitoring.record(record)
    except NotFound:
        return {"monitor": target.monitor_id, "refused": "unknown or disabled monitor"}
    if not record.ok:
        logger.warning("availability probe failed", extra={
            "monitor_id": target.monitor_id, "main_status": main.status, "panel_status": panel.status})
    return {"monitor": target.monitor_id, "ok": record.ok, "written": written.value,
            "main": main.status, "panel": panel.status}


def probe_configured() -> dict[str, Any]:
    target = configured_target()
    if target is None:
        return {"skipped": "no probe monitor configured"}
    return probe(target)
