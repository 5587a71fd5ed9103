"""The alarms construct on a small stack of stand-ins (two functions, two queues with their
dead-letter queues, an API): every watched thing has its alarms, every alarm notifies the
encrypted topic, the low-balance alarm reads one metric across providers, and cdk-nag's
AwsSolutions pack passes."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_apigateway as apigateway
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_sqs as sqs
from aws_cdk.assertions import Match, Template

from chalicelib.observability import NAMESPACE, PROVIDER_DIMENSION
from infra.alarms import Alarms

STAGE = "test"
FUNCTIONS = {"orders": 28, "order_dispatcher": 60}     # name: timeout in seconds
QUEUES = ("mail_worker", "order_dispatcher")
LOW_BALANCE = 50.0


def _stand_in_function(stack: cdk.Stack, name: str, timeout: int) -> lambda_.Function:
    role = iam.Role(stack, f"Role-{name}", assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"))
    return lambda_.Function(stack, f"Function-{name}", runtime=lambda_.Runtime.PYTHON_3_13, handler="index.handler",
                            code=lambda_.Code.from_inline("def handler(event, context):\n    return None\n"),
                            timeout=cdk.Duration.seconds(timeout), role=role)


def _stand_in_queue(stack: cdk.Stack, name: str) -> tuple[sqs.Queue, sqs.Queue]:
    dead_letters = sqs.Queue(stack, f"DeadLetters-{name}", enforce_ssl=True, encryption=sqs.QueueEncryption.SQS_MANAGED)
    queue = sqs.Queue(stack, f"Queue-{name}", enforce_ssl=True, encryption=sqs.QueueEncryption.SQS_MANAGED,
                      dead_letter_queue=sqs.DeadLetterQueue(max_receive_count=5, queue=dead_letters))
    return queue, dead_letters


def _stack(app: cdk.App, **options: Any) -> tuple[cdk.Stack, Alarms]:
    stack = cdk.Stack(app, "AlarmsUnderTest", env=cdk.Environment(account="111111111111", region="eu-west-2"))
    queues = {name: _stand_in_queue(stack, name) for name in QUEUES}
    api = apigateway.RestApi.from_rest_api_attributes(stack, "Api", rest_api_id="a1b2c3", root_resource_id="r00t",
                                                      rest_api_name="smm-panel-test-api")
    alarms = Alarms(
        stack, "Alarms", stage=STAGE,
        functions={name: _stand_in_function(stack, name, timeout) for name, timeout in FUNCTIONS.items()},
        queues={name: pair[0] for name, pair in queues.items()},
        dead_letter_queues={name: pair[1] for name, pair in queues.items()},
        api=api, api_stage="api", provider_low_balance=LOW_BALANCE, **options)
    return stack, alarms


@pytest.fixture(scope="module")
def template() -> Template:
    stack, _alarms = _stack(cdk.App(), pipe_name="smm-panel-test-outbox", web_acl_metric_name="smm-panel-test-api",
                            alarm_email="ops@panel.example")
    return Template.from_stack(stack)


def _alarms(template: Template) -> dict[str, dict[str, Any]]:
    """Alarms by name (the stage-prefixed name operations.md lists)."""
    return {props["Properties"]["AlarmName"]: props["Properties"]
            for props in template.find_resources("AWS::CloudWatch::Alarm").values()}


def _dimensions(alarm: dict[str, Any]) -> dict[str, Any]:
    return {d["Name"]: d["Value"] for d in alarm.get("Dimensions", [])}


def test_every_function_has_errors_throttles_and_duration_alarms(template: Template) -> None:
    alarms = _alarms(template)
    for name, timeout in FUNCTIONS.items():
        errors = alarms[f"smm-panel-{STAGE}-{name}-errors"]
        assert (errors["Namespace"], errors["MetricName"], errors["Statistic"]) == ("AWS/Lambda", "Errors", "Sum")
        assert (errors["ComparisonOperator"], errors["Threshold"]) == ("GreaterThanThreshold", 0)
        assert alarms[f"smm-panel-{STAGE}-{name}-throttles"]["MetricName"] == "Throttles"
        duration = alarms[f"smm-panel-{STAGE}-{name}-duration-p99"]
        assert (duration["MetricName"], duration["ExtendedStatistic"]) == ("Duration", "p99")
        assert duration["Threshold"] == timeout * 1000 * 0.8   # a share of this function's own timeout
        for alarm in (errors, duration):
            assert set(_dimensions(alarm)) == {"FunctionName"}


def test_every_queue_has_an_age_alarm_and_every_dead_letter_queue_a_depth_alarm(template: Template) -> None:
    alarms = _alarms(template)
    for name in QUEUES:
        age = alarms[f"smm-panel-{STAGE}-{name}-queue-oldest-message"]
        assert (age["Namespace"], age["MetricName"]) == ("AWS/SQS", "ApproximateAgeOfOldestMessage")
        depth = alarms[f"smm-panel-{STAGE}-{name}-dead-letters"]
        assert (depth["MetricName"], depth["Threshold"], depth["ComparisonOperator"]) == (
            "ApproximateNumberOfMessagesVisible", 0, "GreaterThanThreshold")
        assert depth["TreatMissingData"] == "notBreaching"  # an empty, idle dead-letter queue publishes nothing
        # The age alarm watches the queue the worker reads, the depth alarm its dead-letter queue.
        logical = name.replace("_", "")
        assert _dimensions(age)["QueueName"]["Fn::GetAtt"][0].startswith(f"Queue{logical}")
        assert _dimensions(depth)["QueueName"]["Fn::GetAtt"][0].startswith(f"DeadLetters{logical}")


def test_api_pipe_ledger_review_and_waf_alarms(template: Template) -> None:
    alarms = _alarms(template)
    five_xx = alarms[f"smm-panel-{STAGE}-api-5xx"]
    assert (five_xx["Namespace"], five_xx["MetricName"]) == ("AWS/ApiGateway", "5XXError")
    assert _dimensions(five_xx) == {"ApiName": "smm-panel-test-api", "Stage": "api"}
    assert alarms[f"smm-panel-{STAGE}-api-latency-p99"]["ExtendedStatistic"] == "p99"

    outbox = alarms[f"smm-panel-{STAGE}-order-outbox-failures"]
    watched = {q["MetricStat"]["Metric"]["MetricName"]: q["MetricStat"]["Metric"]
               for q in outbox["Metrics"] if "MetricStat" in q}
    assert set(watched) == {"ExecutionFailed", "TargetStageFailed"}
    assert all(m["Namespace"] == "AWS/EventBridge/Pipes" and m["Dimensions"] == [
        {"Name": "PipeName", "Value": "smm-panel-test-outbox"}] for m in watched.values())

    mismatches = alarms[f"smm-panel-{STAGE}-ledger-mismatches"]
    assert (mismatches["Namespace"], mismatches["MetricName"]) == (NAMESPACE, "LedgerMismatches")
    assert (mismatches["Threshold"], mismatches["ComparisonOperator"]) == (0, "GreaterThanThreshold")
    assert mismatches["TreatMissingData"] == "ignore"   # daily: the last audit's verdict stands
    review = alarms[f"smm-panel-{STAGE}-orders-needing-review"]
    assert (review["MetricName"], review["EvaluationPeriods"]) == ("OrdersNeedingReview", 12)

    for name, metric, missing in (("sla-claims-overdue", "SlaClaimsOverdue", "ignore"),
                                  ("legal-follow-ups-overdue", "LegalFollowUpsOverdue", "ignore"),
                                  ("stripe-events-unreadable", "StripeEventsUnreadable", "notBreaching"),
                                  ("privacy-register-write-failed", "PrivacyRegisterWriteFailed", "notBreaching"),
                                  ("staff-totp-lockouts", "StaffTotpLockouts", "notBreaching")):
        alarm = alarms[f"smm-panel-{STAGE}-{name}"]
        assert (alarm["Namespace"], alarm["MetricName"], alarm["TreatMissingData"]) == (NAMESPACE, metric, missing)
        assert _dimensions(alarm) == {"service": "panel"} and alarm["Threshold"] == 0

    waf = alarms[f"smm-panel-{STAGE}-waf-blocks"]
    assert (waf["Namespace"], waf["MetricName"]) == ("AWS/WAFV2", "BlockedRequests")
    assert _dimensions(waf) == {"WebACL": "smm-panel-test-api", "Rule": "ALL", "Region": "eu-west-2"}


def test_the_low_balance_alarm_reads_one_metric_across_every_provider(template: Template) -> None:
    alarm = _alarms(template)[f"smm-panel-{STAGE}-provider-balance-low"]
    [query] = alarm["Metrics"]
    # Exactly the dimension set the job writes (tests/integration/test_alarmed_metrics.py).
    assert query["Expression"] == "SELECT MIN(ProviderBalance) FROM SCHEMA(SmmPanel, provider, service)"
    assert query["ReturnData"] is True
    assert (alarm["Threshold"], alarm["ComparisonOperator"]) == (LOW_BALANCE, "LessThanThreshold")
    # No alarm names a single provider: one per provider would miss providers added later.
    assert [name for name in _alarms(template) if "balance" in name.lower()] == [
        f"smm-panel-{STAGE}-provider-balance-low"]


def test_every_alarm_notifies_the_topic_when_it_fires_and_when_it_clears(template: Template) -> None:
    [topic] = template.find_resources("AWS::SNS::Topic")
    alarms = _alarms(template)
    expected = len(FUNCTIONS) * 3 + len(QUEUES) * 2 + 2 + 1 + 9 + 1  # functions, queues, API, pipe, business, WAF
    assert len(alarms) == expected
    for name, alarm in alarms.items():
        assert alarm["AlarmActions"] == [{"Ref": topic}], name
        assert alarm["OKActions"] == [{"Ref": topic}], name
        assert alarm["AlarmDescription"].endswith("See docs/operations.md, Alarms."), name


def test_the_topic_is_encrypted_tls_only_and_mails_the_stage_address(template: Template) -> None:
    template.has_resource_properties("AWS::SNS::Topic", {
        "TopicName": f"smm-panel-{STAGE}-alarms", "KmsMasterKeyId": Match.any_value()})
    template.has_resource_properties("AWS::SNS::TopicPolicy", {"PolicyDocument": {"Statement": Match.array_with([
        Match.object_like({"Effect": "Deny", "Condition": {"Bool": {"aws:SecureTransport": "false"}}})])}})
    template.has_resource_properties("AWS::SNS::Subscription", {"Protocol": "email",
                                                                "Endpoint": "ops@panel.example"})
    template.has_resource_properties("AWS::KMS::Key", {"EnableKeyRotation": True, "KeyPolicy": {
        "Statement": Match.array_with([Match.object_like({
            "Principal": {"Service": "cloudwatch.amazonaws.com"},
            "Action": ["kms:Decrypt", "kms:GenerateDataKey*"]})])}})


def test_one_dashboard_groups_the_watched_metrics(template: Template) -> None:
    [dashboard] = template.find_resources("AWS::CloudWatch::Dashboard").values()
    assert dashboard["Properties"]["DashboardName"] == f"smm-panel-{STAGE}-panel"
    body = "".join(part if isinstance(part, str) else "<ref>"
                   for part in dashboard["Properties"]["DashboardBody"]["Fn::Join"][1])
    for section in ("## API", "## Functions", "## Queues", "## Order outbox pipe", "## Business", "## WAF"):
        assert section in body, section
    assert f"GROUP BY {PROVIDER_DIMENSION}" in body   # a line per provider under the alarm's threshold


def test_optional_parts_are_left_out_cleanly() -> None:
    stack, _alarms_construct = _stack(cdk.App())
    template = Template.from_stack(stack)
    names = set(_alarms(template))
    assert not {f"smm-panel-{STAGE}-order-outbox-failures", f"smm-panel-{STAGE}-waf-blocks"} & names
    template.resource_count_is("AWS::SNS::Subscription", 0)


def test_cdk_nag_aws_solutions_passes() -> None:
    from cdk_nag import AwsSolutionsChecks

    app = cdk.App()
    stack, _alarms_construct = _stack(app, pipe_name="outbox", web_acl_metric_name="acl", alarm_email="o@p.example")
    cdk.Validations.of(app).add_plugins(AwsSolutionsChecks(app))
    for name in FUNCTIONS:
        # The stand-in functions are not what this test checks: the panel stack's functions are
        # checked where they are built. Their inline code has no logging or tracing to speak of.
        cdk.Validations.of(stack.node.find_child(f"Function-{name}")).acknowledge(cdk.Acknowledgment(
            id="AwsSolutions-L1", reason="a test stand-in; the panel's runtime is pinned in the panel stack"))
    app.synth()  # raises on any finding not acknowledged


def test_cfn_lint_finds_no_errors(template: Template, tmp_path) -> None:
    import json
    import subprocess
    import sys
    from pathlib import Path

    path = tmp_path / "alarms.json"
    path.write_text(json.dumps(template.to_json()))
    cfn_lint = Path(sys.executable).parent / "cfn-lint"
    result = subprocess.run([str(cfn_lint), "--format", "parseable", str(path)],
                            capture_output=True, text=True, check=False)
    # cfn-lint's exit status is a bit mask: 2 errors, 4 warnings, 8 informational; anything
    # else (1) means it did not run. Warnings are about the stand-in functions' DependsOn.
    assert result.returncode & ~(4 | 8) == 0, result.stdout + result.stderr
