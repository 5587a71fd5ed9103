"""The stateless panel stack: every function, the REST API and the job schedules.

Built from app.py's own routes and event sources (through devstack/handlers.py, as the local
stack is), so what deploys is exactly what runs locally.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lambda_event_sources as event_sources
from aws_cdk import aws_sqs as sqs
from chalice.app import Chalice
from constructs import Construct

from devstack.handlers import scheduled_handlers, sqs_handlers
from infra import layout, names
from infra.api_spec import PanelApi
from infra.bundle import Bundle
from infra.functions import FunctionSettings, PanelFunctions, api_specs, job_spec, worker_spec


class PanelStack(cdk.Stack):
    """`functions` (by layout name), `api` (the SpecRestApi) and `rules` (by job name) are the
    hooks the edge and the alarms attach to."""

    def __init__(self, scope: Construct, construct_id: str, *, app: Chalice, bundle: Bundle,
                 settings: FunctionSettings, queue_names: Mapping[str, str], **kwargs: Any) -> None:
        """`queue_names`: each SQS worker's queue (created by the stateful stack) by worker name."""
        super().__init__(scope, construct_id, **kwargs)
        built = PanelFunctions(self, "Functions", bundle=bundle, settings=settings)
        groups = {spec.name: built.add(spec) for spec in api_specs()}
        self.api = PanelApi(self, "Api", stage=settings.stage, app=app, group_functions=groups,
                            log_retention=settings.log_retention).rest_api
        for handler in sqs_handlers(app):
            worker = built.add(worker_spec(handler.name))
            # Workers return Powertools' partial batch response: only the failed messages return
            # to the queue (and after MAX_RECEIVES to its dead-letter queue).
            queue = sqs.Queue.from_queue_arn(self, f"{handler.name}-queue", names.queue_arn(queue_names[handler.name]))
            worker.add_event_source(event_sources.SqsEventSource(
                queue, batch_size=handler.batch_size, report_batch_item_failures=True))
        self.rules: dict[str, events.Rule] = {}
        for job in scheduled_handlers(app):
            self.rules[job.name] = events.Rule(
                self, f"{job.name}-schedule", rule_name=layout.function_name(settings.stage, job.name),
                schedule=events.Schedule.expression(job.expression),
                targets=[targets.LambdaFunction(built.add(job_spec(job.name)))])
        self.functions: dict[str, lambda_.Function] = built.functions
