"""The panel stack's template: a function per route group, worker and job, each with its own
role; the API's every route integrated with its group's function; queues, schedules, sizes."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_s3 as s3

from devstack.handlers import load_app, scheduled_handlers, sqs_handlers
from devstack.stack import stage_environment
from infra import layout, nag

Template = dict[str, Any]


def dev_queue_names() -> dict[str, str]:
    """Each worker's queue on the dev stage (the in-process app was loaded with the test stage's)."""
    env = stage_environment("dev")
    return {"mail_worker": env["PANEL_MAIL_QUEUE_NAME"], "order_dispatcher": env["PANEL_ORDER_QUEUE_NAME"]}


def resources(template: Template, kind: str) -> dict[str, dict[str, Any]]:
    return {name: r for name, r in template["Resources"].items() if r["Type"] == kind}


def functions_by_name(template: Template) -> dict[str, tuple[str, dict[str, Any]]]:
    """Function name -> (logical id, properties)."""
    return {r["Properties"]["FunctionName"]: (logical_id, r["Properties"])
            for logical_id, r in resources(template, "AWS::Lambda::Function").items()}


def expected_names() -> dict[str, str]:
    """Layout name -> the handler Chalice names it by."""
    app = load_app()
    names = {group: "app.app" for group in layout.group_names()}
    names.update({h.name: f"app.{h.name}" for h in [*sqs_handlers(app), *scheduled_handlers(app)]})
    return names


def test_a_function_per_group_worker_and_job_sized_from_the_layout(dev_templates: dict[str, Template]) -> None:
    functions = functions_by_name(dev_templates["panel"])
    expected = expected_names()
    assert set(functions) == {layout.function_name("dev", name) for name in expected}
    groups = {group.name: group for group in layout.ROUTE_GROUPS}
    for name, handler in expected.items():
        _, props = functions[layout.function_name("dev", name)]
        assert props["Handler"] == handler
        assert props["Runtime"] == "python3.11"
        assert props["TracingConfig"] == {"Mode": "Active"}
        assert len(props["Layers"]) == 1
        env = props["Environment"]["Variables"]
        assert env["PANEL_STAGE"] == "dev" and env["PANEL_TABLE_NAME"] == "panel-dev"
        assert env["POWERTOOLS_SERVICE_NAME"] == "panel"  # the config's global variables too
        assert env["PANEL_LEGAL_KMS_KEY_ID"] == "alias/smm-panel-dev-legal"
        if name in groups:
            assert props["MemorySize"] == groups[name].memory_mb
            assert props["Timeout"] == groups[name].timeout_seconds < 29  # API Gateway's limit
        elif name in layout.WORKER_TIMEOUT_SECONDS:
            assert props["Timeout"] == layout.WORKER_TIMEOUT_SECONDS[name]
        else:
            assert props["Timeout"] == layout.JOB_TIMEOUT_SECONDS
    assert functions["smm-panel-dev-accounts"][1]["MemorySize"] == layout.BCRYPT_MEMORY_MB


def test_every_function_has_its_own_role_and_log_group(dev_templates: dict[str, Template]) -> None:
    template = dev_templates["panel"]
    functions = functions_by_name(template)
    roles = [props["Role"]["Fn::GetAtt"][0] for _, props in functions.values()]
    assert len(set(roles)) == len(roles) == len(functions)
    lambda_roles = {name for name, role in resources(template, "AWS::IAM::Role").items()
                    if "lambda.amazonaws.com" in str(role["Properties"]["AssumeRolePolicyDocument"])}
    assert lambda_roles == set(roles)
    for role in roles:
        assert "ManagedPolicyArns" not in template["Resources"][role]["Properties"]
    log_groups = {r["Properties"]["LogGroupName"]: r["Properties"]
                  for r in resources(template, "AWS::Logs::LogGroup").values() if "LogGroupName" in r["Properties"]}
    for name in functions:
        assert log_groups[f"/aws/lambda/{name}"]["RetentionInDays"] == 30


def policy_statements(template: Template) -> list[dict[str, Any]]:
    statements = []
    for resource in template["Resources"].values():
        if resource["Type"] == "AWS::IAM::Policy":
            statements += resource["Properties"]["PolicyDocument"]["Statement"]
        if resource["Type"] == "AWS::IAM::Role":
            for policy in resource["Properties"].get("Policies", []):
                statements += policy["PolicyDocument"]["Statement"]
    return statements


@pytest.mark.parametrize("stack", ["stateful", "panel"])
def test_no_statement_allows_a_wildcard_action(dev_templates: dict[str, Template], stack: str) -> None:
    statements = policy_statements(dev_templates[stack])
    assert statements
    for statement in statements:
        actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
        assert not [a for a in actions if "*" in a], statement


def test_each_worker_reads_its_queue_reporting_partial_batch_failures(dev_templates: dict[str, Template]) -> None:
    template = dev_templates["panel"]
    by_id = {logical_id: name for name, (logical_id, _) in functions_by_name(template).items()}
    mappings = resources(template, "AWS::Lambda::EventSourceMapping").values()
    seen = {}
    for mapping in mappings:
        props = mapping["Properties"]
        assert props["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
        seen[by_id[props["FunctionName"]["Ref"]]] = "".join(
            p if isinstance(p, str) else "" for p in props["EventSourceArn"]["Fn::Join"][1])
    assert {name: arn.rsplit(":", 1)[-1] for name, arn in seen.items()} == {
        layout.function_name("dev", worker): queue for worker, queue in dev_queue_names().items()}


def test_every_queue_has_a_dead_letter_queue_and_six_times_its_worker_timeout(
        dev_templates: dict[str, Template]) -> None:
    queues = {q["Properties"]["QueueName"]: q["Properties"]
              for q in resources(dev_templates["stateful"], "AWS::SQS::Queue").values()}
    workers = dev_queue_names()
    assert set(workers) == {h.name for h in sqs_handlers(load_app())}
    for worker, queue in workers.items():
        props = queues[queue]
        assert props["VisibilityTimeout"] == layout.visibility_timeout_seconds(worker) == \
            6 * layout.WORKER_TIMEOUT_SECONDS[worker]
        assert props["RedrivePolicy"]["maxReceiveCount"] == 5
        assert f"{queue}-dlq" in queues
    assert len(queues) == 2 * len(workers)


def test_every_job_has_its_schedule_rule(dev_templates: dict[str, Template]) -> None:
    template = dev_templates["panel"]
    by_id = {logical_id: name for name, (logical_id, _) in functions_by_name(template).items()}
    rules = {r["Properties"]["Name"]: r["Properties"] for r in resources(template, "AWS::Events::Rule").values()}
    jobs = scheduled_handlers(load_app())
    assert len(rules) == len(jobs)
    for job in jobs:
        rule = rules[layout.function_name("dev", job.name)]
        assert rule["ScheduleExpression"] == job.expression
        [target] = rule["Targets"]
        assert by_id[target["Arn"]["Fn::GetAtt"][0]] == layout.function_name("dev", job.name)


def test_every_route_is_integrated_with_its_groups_function(dev_templates: dict[str, Template]) -> None:
    template = dev_templates["panel"]
    by_id = {logical_id: name for name, (logical_id, _) in functions_by_name(template).items()}
    [api] = resources(template, "AWS::ApiGateway::RestApi").values()
    assert api["Properties"]["EndpointConfiguration"] == {"Types": ["REGIONAL"]}
    paths = api["Properties"]["Body"]["paths"]
    routes = load_app().routes
    assert set(paths) == set(routes)
    for path, methods in routes.items():
        for method, entry in methods.items():
            integration = paths[path][method.lower()]["x-amazon-apigateway-integration"]
            assert integration["type"] == "aws_proxy"
            [arn] = [p["Fn::GetAtt"][0] for p in integration["uri"]["Fn::Join"][1] if isinstance(p, dict)
                     and "Fn::GetAtt" in p]
            group = layout.group_of_module(entry.view_function.__module__)
            assert by_id[arn] == layout.function_name("dev", group.name), f"{method} {path}"
    [stage] = resources(template, "AWS::ApiGateway::Stage").values()
    assert stage["Properties"]["StageName"] == "api"
    assert stage["Properties"]["TracingEnabled"] is True
    assert "AccessLogSetting" in stage["Properties"]
    permitted = {by_id[p["Properties"]["FunctionName"]["Fn::GetAtt"][0]]
                 for p in resources(template, "AWS::Lambda::Permission").values()
                 if p["Properties"]["Principal"] == "apigateway.amazonaws.com"}
    assert permitted == {layout.function_name("dev", group) for group in layout.group_names()}


def test_reseller_concurrency_is_a_stage_setting(dev_templates: dict[str, Template],
                                                 prod_templates: dict[str, Template]) -> None:
    dev = functions_by_name(dev_templates["panel"])
    prod = functions_by_name(prod_templates["panel"])
    assert not any("ReservedConcurrentExecutions" in props for _, props in dev.values())
    assert prod["smm-panel-prod-reseller"][1]["ReservedConcurrentExecutions"] == 50
    assert [name for name, (_, props) in prod.items() if "ReservedConcurrentExecutions" in props] == [
        "smm-panel-prod-reseller"]


def test_an_unacknowledged_nag_finding_fails_synth(tmp_path: Any) -> None:
    app = cdk.App(outdir=str(tmp_path))
    nag.check_during_synth(app)
    stack = cdk.Stack(app, "Unchecked")
    s3.Bucket(stack, "NoAccessLogs", enforce_ssl=True)  # AwsSolutions-S1: no server access logs
    with pytest.raises(RuntimeError, match="AwsSolutions-S1"):
        app.synth()
