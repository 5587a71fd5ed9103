"""The availability probe stacks: one per region of infra/monitoring_regions.json, each running
app.py's `probe_availability` once a minute as that region's monitor (docs/sla.md,
"Monitoring"; docs/operations.md, "Availability probes").

A probe reports by writing its minute's record to the home region's table, as the probe
service does (services/availability_probe.py -> store/probes.py: one TransactWriteItems of a
ConditionCheck on the monitor's item and a Put of the record). So its role may do exactly that:
`ConditionCheckItem` and `PutItem` on the home table, and only on items whose partition is the
monitors' or a day of probe records. It reads no secret and sends to no queue.

The code asset is the panel's Chalice package, built once by the panel stack; this stack takes
it as an `aws_lambda.Code` so that tests can pass an inline one.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from constructs import Construct

from chalicelib import secret_names
from chalicelib.store.keys.monitoring import MONITORS_PARTITION, PROBES_PARTITION_PREFIX

REGIONS_FILE = Path(__file__).with_name("monitoring_regions.json")
# Two pages loaded at once, each within its connect and read timeouts (3 s + 5 s by default,
# at most 10 s + 20 s by settings), then one write to the home region's table.
TIMEOUT = cdk.Duration.seconds(40)
MEMORY_MB = 256
LOG_RETENTION = logs.RetentionDays.THREE_MONTHS


@dataclass(frozen=True)
class ProbeRegion:
    """One entry of monitoring_regions.json: where the probe runs and the environment that
    names its monitor and location."""

    region: str
    environment: Mapping[str, str]


@dataclass(frozen=True)
class ProbePlan:
    schedule: str
    regions: tuple[ProbeRegion, ...]


def load_plan(path: Path = REGIONS_FILE) -> ProbePlan:
    data = json.loads(path.read_text())
    return ProbePlan(data["schedule"], tuple(ProbeRegion(r["region"], dict(r["environment"]))
                                             for r in data["regions"]))


@dataclass(frozen=True)
class ProbeTargets:
    """The two pages a probe loads: the site's main page and the control panel's API liveness."""

    main_url: str
    panel_url: str

    @classmethod
    def of_site(cls, site_url: str) -> ProbeTargets:
        from chalicelib.services.availability_probe import PANEL_PATH

        site = site_url.rstrip("/")
        return cls(f"{site}/", f"{site}{PANEL_PATH}")


@dataclass(frozen=True)
class ProbeReport:
    """Where results go: the panel's table in the home region."""

    table_name: str
    table_region: str


def function_name(stage: str) -> str:
    return f"{secret_names.APP_NAME}-{stage}-availability-probe"


class ProbeStack(cdk.Stack):
    def __init__(self, scope: Construct, construct_id: str, *, stage: str, probe_region: ProbeRegion,
                 code: lambda_.Code, handler: str, probe_targets: ProbeTargets, report: ProbeReport,
                 schedule: str, dependencies: lambda_.Code | None = None, account: str | None = None,
                 **kwargs: Any) -> None:
        """`dependencies`: the app's dependency layer (infra/bundle.py), published in this region:
        a layer version is regional, so each probe stack has its own."""
        super().__init__(scope, construct_id, env=cdk.Environment(account=account, region=probe_region.region),
                         description=f"Availability probe of the {stage} panel from {probe_region.region}",
                         **kwargs)
        name = function_name(stage)
        log_group = logs.LogGroup(self, "Logs", log_group_name=f"/aws/lambda/{name}", retention=LOG_RETENTION,
                                  removal_policy=cdk.RemovalPolicy.DESTROY)
        role = iam.Role(self, "Role", assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
                        description="The availability probe: its logs, traces and its records in the home table")
        log_group.grant_write(role)
        role.add_to_policy(self._record_writes(report))
        self.function = lambda_.Function(
            self, "Probe", function_name=name, code=code, handler=handler, runtime=lambda_.Runtime.PYTHON_3_11,
            memory_size=MEMORY_MB, timeout=TIMEOUT, role=role,
            layers=[lambda_.LayerVersion(self, "Dependencies", code=dependencies,
                                         compatible_runtimes=[lambda_.Runtime.PYTHON_3_11])] if dependencies else None,
            log_group=log_group, tracing=lambda_.Tracing.ACTIVE,
            # A probe that runs late or twice measures another minute than its own: never retried.
            retry_attempts=0, max_event_age=cdk.Duration.seconds(60),
            environment={
                "PANEL_STAGE": stage, "PANEL_TABLE_NAME": report.table_name,
                "PANEL_TABLE_REGION": report.table_region,
                "PANEL_PROBE_MAIN_URL": probe_targets.main_url, "PANEL_PROBE_PANEL_URL": probe_targets.panel_url,
                "POWERTOOLS_SERVICE_NAME": "panel-probe", "POWERTOOLS_METRICS_NAMESPACE": "SmmPanel",
                **probe_region.environment,
            })
        events.Rule(self, "Schedule", schedule=events.Schedule.expression(schedule),
                    description=f"Runs {name} ({probe_region.region})",
                    targets=[targets.LambdaFunction(self.function, retry_attempts=0,
                                                    max_event_age=cdk.Duration.seconds(60))])
        self._acknowledge(role)

    def _record_writes(self, report: ProbeReport) -> iam.PolicyStatement:
        table_arn = self.format_arn(service="dynamodb", region=report.table_region, resource="table",
                                    resource_name=report.table_name)
        return iam.PolicyStatement(
            actions=["dynamodb:ConditionCheckItem", "dynamodb:PutItem"], resources=[table_arn],
            conditions={"ForAllValues:StringLike": {
                "dynamodb:LeadingKeys": [MONITORS_PARTITION, f"{PROBES_PARTITION_PREFIX}*"]}})

    def _acknowledge(self, role: iam.Role) -> None:
        cdk.Validations.of(self.function).acknowledge(cdk.Acknowledgment(
            id="AwsSolutions-L1",
            reason="The probe runs the panel's package, built and tested on Python 3.11 (pyproject.toml); "
                   "the runtime moves with the whole app."))
        cdk.Validations.of(role).acknowledge(cdk.Acknowledgment(
            id="AwsSolutions-IAM5[Resource::*]",
            reason="X-Ray's PutTraceSegments and PutTelemetryRecords have no resource-level permissions."))


def add_probe_stacks(scope: Construct, *, stage: str, code: Callable[[], lambda_.Code], handler: str, site_url: str,
                     report: ProbeReport, dependencies: Callable[[], lambda_.Code] | None = None,
                     account: str | None = None,
                     plan: ProbePlan | None = None) -> dict[str, ProbeStack]:
    """Every region's probe stack of `plan` (monitoring_regions.json), by region, probing the
    stage's site: what infra/app.py adds for a stage. `code` and `dependencies` make a new Code
    each call: an asset belongs to one stack, and each region's stack needs its own copy."""
    plan = plan or load_plan()
    return {entry.region: ProbeStack(scope, f"{secret_names.APP_NAME}-{stage}-probe-{entry.region}", stage=stage,
                                     probe_region=entry, code=code(), handler=handler,
                                     probe_targets=ProbeTargets.of_site(site_url), report=report,
                                     schedule=plan.schedule, dependencies=dependencies() if dependencies else None,
                                     account=account)
            for entry in plan.regions}
