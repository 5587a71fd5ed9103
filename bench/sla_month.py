"""The availability arithmetic on a full month: 3 monitors in 3 locations probing every minute of
a 30-day month (129,600 probes) with outages of every kind and a few maintenance windows.

Measures `month_report` (best of several runs) and, as the baseline in the same run, the least any
implementation must do: read every probe's time into its minute and sort the failed minutes. The
ratio shows the arithmetic's overhead on top of that; the seconds show it stays well under one.
Pure computation: needs no stack. Last line: {"sla_month_seconds": ..., "sla_month_ratio": ...}.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from chalicelib.domain.sla_availability import MaintenanceWindow, Month, Probe, minute_of, month_report

RUNS = 5
MONTH = Month(2026, 11)
LOCATIONS = ("eu-west", "us-east", "ap-south")


def month_of_probes() -> tuple[list[Probe], list[MaintenanceWindow]]:
    """Every minute from each location; one minute in 97 fails everywhere, one in 89 in one place,
    and each day has a 20-minute outage, half of them inside maintenance windows."""
    start, end = MONTH.span()
    probes = []
    minutes = (end - start) // timedelta(minutes=1)
    for n in range(minutes):
        at = start + timedelta(minutes=n, seconds=17)
        day_minute = n % 1440
        outage = 600 <= day_minute < 620 or n % 97 == 0
        for index, location in enumerate(LOCATIONS):
            single = n % 89 == 0 and index == 0
            probes.append(Probe(f"m-{location}", location, at + timedelta(seconds=index), not (outage or single)))
    day = MONTH.start
    windows = [MaintenanceWindow(day + timedelta(days=d, minutes=605), day + timedelta(days=d, minutes=625))
               for d in range(0, MONTH.days, 2)]
    return probes, windows


def best_of(work: object) -> float:
    assert callable(work)
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def baseline(probes: list[Probe]) -> list[int]:
    minutes = [(minute_of(p.at), p.ok) for p in probes]
    return sorted(minute for minute, ok in minutes if not ok)


def main() -> None:
    probes, windows = month_of_probes()
    report = month_report(MONTH, probes, windows)
    measured = best_of(lambda: month_report(MONTH, probes, windows))
    floor = best_of(lambda: baseline(probes))
    print(f"{len(probes)} probes, {len(windows)} windows: {report.downtime_minutes} downtime minutes in "
          f"{len(report.runs)} runs, availability {report.availability_percent}%")
    print(f"month_report {measured * 1000:.1f} ms, baseline {floor * 1000:.1f} ms")
    print(json.dumps({"sla_month_seconds": round(measured, 4), "sla_month_ratio": round(measured / floor, 2)}))


if __name__ == "__main__":
    main()
