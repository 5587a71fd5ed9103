"""Local scheduler: runs every `@app.schedule` function on its own rate or cron
expression, as EventBridge does in the cloud (AWS cron: 6 fields, UTC)."""

from __future__ import annotations

import argparse
import re
import signal
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from croniter import croniter

from devstack.handlers import ScheduledHandler, load_app, run_scheduled, scheduled_handlers
from devstack.stack import STACKS

_UNITS = {"minute": 60, "minutes": 60, "hour": 3600, "hours": 3600, "day": 86400, "days": 86400}


def next_run(expression: str, after: datetime) -> datetime:
    """Next time an EventBridge schedule expression fires strictly after `after` (UTC)."""
    rate = re.fullmatch(r"rate\((\d+)\s+(\w+)\)", expression.strip())
    if rate:
        return after + timedelta(seconds=int(rate.group(1)) * _UNITS[rate.group(2).lower()])
    cron = re.fullmatch(r"cron\((.+)\)", expression.strip())
    if not cron:
        raise ValueError(f"not a schedule expression: {expression}")
    minute, hour, dom, month, dow, _year = cron.group(1).split()
    dom, dow = ("*" if v == "?" else v for v in (dom, dow))
    if dow.isdigit():  # AWS numbers days 1-7 from Sunday; cron numbers them 0-6
        dow = str(int(dow) - 1)
    result: datetime = croniter(f"{minute} {hour} {dom} {month} {dow}", after).get_next(datetime)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stage", default="local", choices=sorted(STACKS))
    args = parser.parse_args()
    STACKS[args.stage].apply_environment()
    handlers = scheduled_handlers(load_app())
    running = True

    def stop(*_: Any) -> None:
        nonlocal running
        running = False

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    now = datetime.now(UTC)
    due: dict[str, tuple[datetime, ScheduledHandler]] = {
        h.name: (next_run(h.expression, now), h) for h in handlers
    }
    for name, (when, handler) in due.items():
        print(f"[scheduler] {name}: {handler.expression}, next at {when:%Y-%m-%d %H:%M} UTC", flush=True)
    while running:
        now = datetime.now(UTC)
        for name, (when, handler) in list(due.items()):
            if when <= now:
                try:
                    print(f"[scheduler] {name} -> {run_scheduled(handler)}", flush=True)
                except Exception as exc:
                    print(f"[scheduler] {name} failed: {exc!r}", flush=True)
                due[name] = (next_run(handler.expression, now), handler)
        time.sleep(1)


if __name__ == "__main__":
    main()
