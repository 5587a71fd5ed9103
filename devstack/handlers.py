"""The app's SQS and scheduled handlers, found the way Chalice's deployer finds them.

Used by the local worker, the local scheduler, `panel jobs` and the tests, so the queues
and schedules that run locally are exactly the ones `app.py` deploys.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from chalice.app import Chalice, ScheduledEventConfig, SQSEventConfig


@dataclass(frozen=True)
class SqsHandler:
    name: str
    queue: str
    batch_size: int
    function: Any


@dataclass(frozen=True)
class ScheduledHandler:
    name: str
    expression: str
    function: Any


def load_app() -> Chalice:
    import app as app_module  # imported late: the environment must be set first

    return app_module.app


def _function(app: Chalice, name: str) -> Any:
    import app as app_module

    function = getattr(app_module, name, None)
    if function is None:
        raise LookupError(f"app.py must name the function of handler {name!r} after the handler")
    return function


def sqs_handlers(app: Chalice) -> list[SqsHandler]:
    return [
        SqsHandler(source.name, str(source.queue), min(source.batch_size, 10), _function(app, source.name))
        for source in app.event_sources
        if isinstance(source, SQSEventConfig)
    ]


def scheduled_handlers(app: Chalice) -> list[ScheduledHandler]:
    result = []
    for source in app.event_sources:
        if isinstance(source, ScheduledEventConfig):
            expression = source.schedule_expression
            text = expression if isinstance(expression, str) else expression.to_string()
            result.append(ScheduledHandler(source.name, text, _function(app, source.name)))
    return result


class LocalContext:
    """The parts of a Lambda context that our handlers and Powertools read."""

    def __init__(self, function_name: str) -> None:
        self.function_name = function_name
        self.function_version = "$LATEST"
        self.invoked_function_arn = f"arn:aws:lambda:local:000000000000:function:{function_name}"
        self.memory_limit_in_mb = 512
        self.aws_request_id = str(uuid.uuid4())
        self.log_group_name = f"/aws/lambda/{function_name}"
        self.log_stream_name = "local"

    def get_remaining_time_in_millis(self) -> int:
        return 60_000


def scheduled_event(name: str) -> dict[str, Any]:
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": "Scheduled Event",
        "source": "aws.events",
        "account": "000000000000",
        "time": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "region": "local",
        "resources": [f"arn:aws:events:local:000000000000:rule/{name}"],
        "detail": {},
    }


def run_scheduled(handler: ScheduledHandler) -> Any:
    return handler.function(scheduled_event(handler.name), LocalContext(handler.name))


def serve(description: str, loop: Callable[[Chalice, Callable[[], bool]], None]) -> None:
    """Entry point of a local runner process: `--stage`, its environment, the app, and a
    `running()` check that turns false on SIGTERM or SIGINT."""
    import argparse
    import signal

    from devstack.aws_calls import install as install_recorder
    from devstack.stack import STACKS

    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--stage", default="local", choices=sorted(STACKS))
    STACKS[parser.parse_args().stage].apply_environment()
    stopped = False

    def stop(*_: Any) -> None:
        nonlocal stopped
        stopped = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    app = load_app()
    install_recorder(app)  # with PANEL_RECORD_AWS_CALLS set, the workers' and jobs' calls are recorded
    loop(app, lambda: not stopped)
