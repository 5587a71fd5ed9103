"""The per-region probe settings (infra/monitoring_regions.json) are valid settings of distinct
monitors in distinct places: the SLA wants confirmation from several locations."""

from __future__ import annotations

import json
from pathlib import Path

from chalicelib.domain.monitoring import check_location, check_monitor_id
from chalicelib.settings import Settings

REGIONS = Path(__file__).resolve().parents[2] / "infra" / "monitoring_regions.json"


def test_each_region_is_its_own_monitor_and_location() -> None:
    data = json.loads(REGIONS.read_text())
    regions = data["regions"]
    assert len(regions) >= 3
    ids, locations, names = set(), set(), set()
    for entry in regions:
        env = entry["environment"]
        settings = Settings(**{k.removeprefix("PANEL_").lower(): v for k, v in env.items()})
        ids.add(check_monitor_id(settings.probe_monitor_id))
        locations.add(check_location(settings.probe_location))
        names.add(entry["region"])
    assert len(ids) == len(locations) == len(names) == len(regions)
