"""The availability probe stacks (infra/probes.py): one per region of monitoring_regions.json,
each with its function, its every-minute rule, its monitor's environment and a role that can
only write probe records to the home region's table; cdk-nag's AwsSolutions pack passes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.timeout(300)

HOME_REGION = "eu-west-2"
ACCOUNT = "123456789012"
INLINE = "def handler(event, context):\n    return {}\n"


def _app_with_probes(extra_grant: bool = False) -> tuple[Any, dict[str, Any]]:
    import aws_cdk as cdk
    from aws_cdk import aws_iam as iam
    from aws_cdk import aws_lambda as lambda_
    from cdk_nag import AwsSolutionsChecks

    from infra.probes import ProbeReport, add_probe_stacks

    app = cdk.App()
    stacks = add_probe_stacks(app, stage="dev", code=lambda: lambda_.Code.from_inline(INLINE), handler="index.handler",
                              site_url="https://dev.panel.example", report=ProbeReport("panel-dev", HOME_REGION),
                              account=ACCOUNT)
    if extra_grant:
        stacks["us-east-1"].function.add_to_role_policy(iam.PolicyStatement(actions=["s3:*"], resources=["*"]))
    cdk.Validations.of(app).add_plugins(AwsSolutionsChecks(app))
    return app, stacks


@pytest.fixture(scope="module")
def synthesized() -> tuple[dict[str, Any], Path]:
    from aws_cdk.assertions import Template

    app, stacks = _app_with_probes()
    assembly = app.synth()  # raises ValidationFailed on any cdk-nag finding that is not acknowledged
    return {region: Template.from_stack(stack) for region, stack in stacks.items()}, Path(assembly.directory)


@pytest.fixture(scope="module")
def templates(synthesized: tuple[dict[str, Any], Path]) -> dict[str, Any]:
    return synthesized[0]


def test_the_plan_has_three_regions_each_its_own_monitor() -> None:
    from infra.probes import load_plan

    plan = load_plan()
    assert plan.schedule == "rate(1 minute)"
    assert [r.region for r in plan.regions] == ["us-east-1", "eu-central-1", "ap-southeast-1"]
    assert len({r.environment["PANEL_PROBE_MONITOR_ID"] for r in plan.regions}) == 3


def test_each_region_runs_the_probe_every_minute_as_its_own_monitor(templates: dict[str, Any]) -> None:
    from aws_cdk.assertions import Match

    from infra.probes import load_plan

    for entry in load_plan().regions:
        template = templates[entry.region]
        assert template.to_json()["Description"] == f"Availability probe of the dev panel from {entry.region}"
        template.resource_count_is("AWS::Lambda::Function", 1)
        template.has_resource_properties("AWS::Lambda::Function", {
            "FunctionName": "smm-panel-dev-availability-probe", "Handler": "index.handler",
            "Runtime": "python3.11", "Timeout": 40, "MemorySize": 256, "TracingConfig": {"Mode": "Active"},
            "Environment": {"Variables": {
                "PANEL_STAGE": "dev", "PANEL_TABLE_NAME": "panel-dev", "PANEL_TABLE_REGION": HOME_REGION,
                "PANEL_PROBE_MAIN_URL": "https://dev.panel.example/",
                "PANEL_PROBE_PANEL_URL": "https://dev.panel.example/api/health",
                "PANEL_PROBE_MONITOR_ID": entry.environment["PANEL_PROBE_MONITOR_ID"],
                "PANEL_PROBE_LOCATION": entry.environment["PANEL_PROBE_LOCATION"],
                "POWERTOOLS_SERVICE_NAME": "panel-probe", "POWERTOOLS_METRICS_NAMESPACE": "SmmPanel"}},
        })
        function_id = next(iter(template.find_resources("AWS::Lambda::Function")))
        template.resource_count_is("AWS::Events::Rule", 1)
        template.has_resource_properties("AWS::Events::Rule", {
            "ScheduleExpression": "rate(1 minute)", "State": "ENABLED",
            "Targets": [Match.object_like({"Arn": {"Fn::GetAtt": [function_id, "Arn"]},
                                           "RetryPolicy": {"MaximumRetryAttempts": 0,
                                                           "MaximumEventAgeInSeconds": 60}})],
        })
        # A late or repeated run would measure another minute: Lambda never retries it either.
        template.has_resource_properties("AWS::Lambda::EventInvokeConfig", {
            "MaximumRetryAttempts": 0, "MaximumEventAgeInSeconds": 60})
        template.has_resource_properties("AWS::Logs::LogGroup", {
            "LogGroupName": "/aws/lambda/smm-panel-dev-availability-probe", "RetentionInDays": 90})


def _statements(template: Any) -> list[dict[str, Any]]:
    policies = template.find_resources("AWS::IAM::Policy")
    return [s for p in policies.values() for s in p["Properties"]["PolicyDocument"]["Statement"]]


def test_the_role_may_only_write_probe_records_to_the_home_table(templates: dict[str, Any]) -> None:
    for template in templates.values():
        roles = template.find_resources("AWS::IAM::Role")
        assert len(roles) == 1
        assert all("ManagedPolicyArns" not in r["Properties"] for r in roles.values())
        statements = _statements(template)
        actions = {a for s in statements for a in ([s["Action"]] if isinstance(s["Action"], str) else s["Action"])}
        assert actions == {"logs:CreateLogStream", "logs:PutLogEvents", "dynamodb:ConditionCheckItem",
                           "dynamodb:PutItem", "xray:PutTraceSegments", "xray:PutTelemetryRecords"}
        assert all(s["Effect"] == "Allow" for s in statements)
        wildcard_resources = [s for s in statements if s["Resource"] == "*"]
        assert {a for s in wildcard_resources for a in s["Action"]} == {"xray:PutTraceSegments",
                                                                       "xray:PutTelemetryRecords"}
        (table,) = [s for s in statements if "dynamodb:PutItem" in s["Action"]]
        assert json.dumps(table["Resource"]).count(f":dynamodb:{HOME_REGION}:{ACCOUNT}:table/panel-dev") == 1
        assert table["Condition"] == {"ForAllValues:StringLike": {"dynamodb:LeadingKeys": ["MONITORS", "PROBES#*"]}}


def test_cdk_nag_refuses_a_probe_stack_with_a_wildcard_grant() -> None:
    """The check above is live: the same stacks with one wildcard grant fail synthesis."""
    app, _ = _app_with_probes(extra_grant=True)
    with pytest.raises(RuntimeError, match="ValidationFailed"):
        app.synth()


def test_cfn_lint_finds_no_error_in_the_probe_templates(synthesized: tuple[dict[str, Any], Path]) -> None:
    files = sorted(str(f) for f in synthesized[1].glob("*.template.json"))
    assert len(files) == 3
    lint = subprocess.run([str(Path(sys.executable).parent / "cfn-lint"), "--format", "json", *files],
                          capture_output=True, text=True, check=False)
    # cfn-lint's exit code is a bit mask: 2 errors, 4 warnings, 8 informational; 1 is a crash.
    assert lint.returncode & ~(4 | 8) == 0, lint.stderr or lint.stdout
    assert [f for f in json.loads(lint.stdout) if f["Level"] == "Error"] == []
