"""One Lambda function per route group, SQS worker and scheduled job, all running the one
Chalice package (infra/bundle.py), each with its own role, log group and grants.

Sizes and names come from infra/layout.py, grants from infra/access.py, the environment from
the stage in .chalice/config.json plus the names of what the stateful stack created.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import aws_cdk as cdk
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from constructs import Construct

from infra import access, layout, nag
from infra.bundle import Bundle
from infra.resources import PanelResources

# Chalice's handler names: the API is the app object itself, every other function is the
# decorated handler of app.py, named after it.
API_HANDLER = "app.app"


@dataclass(frozen=True)
class FunctionSpec:
    name: str  # the layout name: a route group, a worker or a job
    handler: str
    memory_mb: int
    timeout_seconds: int


def api_specs() -> list[FunctionSpec]:
    return [FunctionSpec(g.name, API_HANDLER, g.memory_mb, g.timeout_seconds) for g in layout.ROUTE_GROUPS]


def worker_spec(name: str) -> FunctionSpec:
    return FunctionSpec(name, f"app.{name}", layout.WORKER_MEMORY_MB[name], layout.WORKER_TIMEOUT_SECONDS[name])


def job_spec(name: str) -> FunctionSpec:
    return FunctionSpec(name, f"app.{name}", layout.JOB_MEMORY_MB, layout.JOB_TIMEOUT_SECONDS)


@dataclass(frozen=True)
class FunctionSettings:
    """What every function of a stage shares."""

    stage: str
    environment: Mapping[str, str]
    resources: PanelResources
    log_retention: logs.RetentionDays
    # Reserved concurrency by function name (infra/stages.json); absent: the account's pool.
    reserved_concurrency: Mapping[str, int]


class PanelFunctions(Construct):
    """Builds the functions; `functions` maps each layout name to its function."""

    def __init__(self, scope: Construct, construct_id: str, *, bundle: Bundle, settings: FunctionSettings) -> None:
        super().__init__(scope, construct_id)
        self._settings = settings
        self._code = lambda_.Code.from_asset(str(bundle.app_zip))
        self._layer = lambda_.LayerVersion(
            self, "Dependencies", code=lambda_.Code.from_asset(str(bundle.layer_zip)),
            compatible_runtimes=[lambda_.Runtime.PYTHON_3_11],
            description="requirements.txt, built by Chalice's packager for Python 3.11")
        self.functions: dict[str, lambda_.Function] = {}

    def add(self, spec: FunctionSpec) -> lambda_.Function:
        settings = self._settings
        name = layout.function_name(settings.stage, spec.name)
        log_group = logs.LogGroup(self, f"{spec.name}-logs", log_group_name=f"/aws/lambda/{name}",
                                  retention=settings.log_retention, removal_policy=cdk.RemovalPolicy.RETAIN)
        role = iam.Role(self, f"{spec.name}-role", assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
                        description=f"{name}: its own log group and what infra/access.py grants it")
        # Inline, not the AWSLambdaBasicExecutionRole managed policy: that one may write to
        # every log group of the account.
        role.add_to_policy(iam.PolicyStatement(actions=["logs:CreateLogStream", "logs:PutLogEvents"],
                                               resources=[log_group.log_group_arn]))
        statements = access.policy_statements(spec.name, settings.resources)
        if "*" in nag.wildcard_resources(role, statements):
            # The one `Resource: *` acknowledged below is X-Ray's; a grant on everything would
            # hide behind it.
            raise ValueError(f"infra/access.py grants {spec.name!r} an action on every resource ('*'); "
                             "name the resources it needs")
        for statement in statements:
            role.add_to_policy(statement)
        nag.acknowledge_wildcard_resources(
            role, statements, "granted by infra/access.py for sub-resources the function cannot name ahead "
                              "(a table's indexes, a bucket's objects, a family of the stage's secrets)")
        nag.acknowledge(role, "IAM5[Resource::*]",
                        "Only X-Ray's PutTraceSegments and PutTelemetryRecords (active tracing), which "
                        "support no resource-level permissions.")
        function = lambda_.Function(
            self, spec.name, function_name=name, runtime=lambda_.Runtime.PYTHON_3_11, handler=spec.handler,
            code=self._code, layers=[self._layer], memory_size=spec.memory_mb,
            timeout=cdk.Duration.seconds(spec.timeout_seconds), role=role, log_group=log_group,
            tracing=lambda_.Tracing.ACTIVE, environment=dict(settings.environment),
            reserved_concurrent_executions=settings.reserved_concurrency.get(spec.name),
        )
        nag.acknowledge(function, "L1", "Python 3.11 on purpose: the runtime the code, its tests and the "
                                         "packaged wheels are built for; moving runtimes is its own change.")
        self.functions[spec.name] = function
        return function
