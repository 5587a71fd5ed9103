"""The API stage's regional web ACL: only CloudFront may call the API, resellers' tools are
rate-limited per viewer IP, and AWS's managed rules screen every request.

Rules, in the order WAF evaluates them (the default action is allow):
  origin-verify   block unless `x-origin-verify` equals the origin secret CloudFront adds,
                  so nobody reaches the API around CloudFront (and its forgeable-elsewhere
                  viewer-address header, see chalicelib/api/http.py client_ip)
  reseller-rate   block a viewer IP above its limit on /api/v2, keyed on `x-viewer-ip`, which
                  CloudFront's viewer-IP function sets (WAF itself sees CloudFront's addresses)
  aws-common      the Core rule set, with its 8 KB body limit only counted (it adds a label)...
  body-size       ...and enforced here on every path but the Stripe webhook and mass orders,
                  whose bodies are legitimately larger
  aws-bad-inputs  Known bad inputs (Log4j, Java deserialisation, ...)

Not here: the Amazon IP reputation list. It only inspects the connection's source address,
which on this ACL is always a CloudFront edge, so it could never match a viewer.

Every rule publishes CloudWatch metrics (namespace AWS/WAFV2, dimensions WebACL, Region, Rule)
under the names `metric_name(stage, rule)` returns; the alarms read them from there. Blocked
requests are logged to CloudWatch Logs for 30 days, with the origin secret redacted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import aws_cdk as cdk
from aws_cdk import aws_apigateway as apigateway
from aws_cdk import aws_logs as logs
from aws_cdk import aws_wafv2 as wafv2
from constructs import Construct

from chalicelib.api.http import ORIGIN_VERIFY_HEADER

VIEWER_IP_HEADER = "x-viewer-ip"
# Routes (as app.py mounts them under /api) whose bodies may exceed the Core rule set's 8 KB:
# Stripe's signed event payloads and a mass order's lines.
LARGE_BODY_PATHS = ("/api/payments/webhook", "/api/orders/mass")
RESELLER_PATH = "/api/v2"
# The label the Core rule set's body-size rule adds when its action is overridden to count.
BODY_SIZE_LABEL = "awswaf:managed:aws:core-rule-set:SizeRestrictions_Body"
# Requests per viewer IP per five minutes on the standard panel API: a reseller's tool polling
# status in batches of 100 stays far below it; a scraper or a runaway loop does not.
DEFAULT_RESELLER_REQUESTS_PER_5_MINUTES = 3000
RATE_WINDOW_SECONDS = 300


def metric_name(stage: str, rule: str) -> str:
    """The CloudWatch metric name of one rule (or, with rule="acl", the whole web ACL)."""
    return f"smm-panel-{stage}-api-{rule}"


def _visibility(stage: str, rule: str) -> wafv2.CfnWebACL.VisibilityConfigProperty:
    return wafv2.CfnWebACL.VisibilityConfigProperty(
        cloud_watch_metrics_enabled=True, sampled_requests_enabled=True, metric_name=metric_name(stage, rule))


def path_pattern(path: str) -> str:
    """The request's URI path ends with a route's path (and an optional slash): matched on the
    end so the rule holds whether WAF sees the path with the stage in front (/api/api/v2) or not.
    A longer path ending the same way names no route, and API Gateway refuses it without a call."""
    return f"{re.escape(path)}/?$"


def _path_matches(path: str) -> wafv2.CfnWebACL.StatementProperty:
    return wafv2.CfnWebACL.StatementProperty(regex_match_statement=wafv2.CfnWebACL.RegexMatchStatementProperty(
        field_to_match=wafv2.CfnWebACL.FieldToMatchProperty(uri_path={}),
        regex_string=path_pattern(path),
        text_transformations=[wafv2.CfnWebACL.TextTransformationProperty(priority=0, type="URL_DECODE")]))


def _managed(name: str, vendor_rule_group: str, priority: int, stage: str,
             overrides: list[str] | None = None) -> wafv2.CfnWebACL.RuleProperty:
    """An AWS managed rule group; rules named in `overrides` only count (and label)."""
    return wafv2.CfnWebACL.RuleProperty(
        name=name, priority=priority, override_action=wafv2.CfnWebACL.OverrideActionProperty(none={}),
        statement=wafv2.CfnWebACL.StatementProperty(
            managed_rule_group_statement=wafv2.CfnWebACL.ManagedRuleGroupStatementProperty(
                vendor_name="AWS", name=vendor_rule_group,
                rule_action_overrides=[wafv2.CfnWebACL.RuleActionOverrideProperty(
                    name=rule, action_to_use=wafv2.CfnWebACL.RuleActionProperty(count={}))
                    for rule in overrides or []] or None)),
        visibility_config=_visibility(stage, name))


@dataclass(frozen=True)
class FirewallSettings:
    stage: str
    # The origin secret's value as a CloudFormation dynamic reference (never the clear value).
    origin_secret_value: str
    reseller_requests_per_5_minutes: int = DEFAULT_RESELLER_REQUESTS_PER_5_MINUTES


class ApiFirewall(Construct):
    """A REGIONAL web ACL associated with the API's stage."""

    def __init__(self, scope: Construct, construct_id: str, *, settings: FirewallSettings,
                 api_stage: apigateway.IStage) -> None:
        super().__init__(scope, construct_id)
        stage = settings.stage
        block = wafv2.CfnWebACL.RuleActionProperty(block={})
        secret_matches = wafv2.CfnWebACL.ByteMatchStatementProperty(
            field_to_match=wafv2.CfnWebACL.FieldToMatchProperty(single_header={"Name": ORIGIN_VERIFY_HEADER}),
            positional_constraint="EXACTLY", search_string=settings.origin_secret_value,
            text_transformations=[wafv2.CfnWebACL.TextTransformationProperty(priority=0, type="NONE")])
        origin_verified = wafv2.CfnWebACL.StatementProperty(byte_match_statement=secret_matches)
        rules = [
            wafv2.CfnWebACL.RuleProperty(
                name="origin-verify", priority=0, action=block, visibility_config=_visibility(stage, "origin-verify"),
                statement=wafv2.CfnWebACL.StatementProperty(
                    not_statement=wafv2.CfnWebACL.NotStatementProperty(statement=origin_verified))),
            wafv2.CfnWebACL.RuleProperty(
                name="reseller-rate", priority=1, action=block, visibility_config=_visibility(stage, "reseller-rate"),
                statement=wafv2.CfnWebACL.StatementProperty(rate_based_statement=wafv2.CfnWebACL.RateBasedStatementProperty(
                    limit=settings.reseller_requests_per_5_minutes, evaluation_window_sec=RATE_WINDOW_SECONDS,
                    aggregate_key_type="FORWARDED_IP",
                    # CloudFront always sets the header; a request without a valid address in it
                    # is counted as matching rather than waved through.
                    forwarded_ip_config=wafv2.CfnWebACL.ForwardedIPConfigurationProperty(
                        header_name=VIEWER_IP_HEADER, fallback_behavior="MATCH"),
                    scope_down_statement=_path_matches(RESELLER_PATH)))),
            _managed("aws-common", "AWSManagedRulesCommonRuleSet", 2, stage, overrides=["SizeRestrictions_BODY"]),
            wafv2.CfnWebACL.RuleProperty(
                name="body-size", priority=3, action=block, visibility_config=_visibility(stage, "body-size"),
                statement=wafv2.CfnWebACL.StatementProperty(and_statement=wafv2.CfnWebACL.AndStatementProperty(statements=[
                    wafv2.CfnWebACL.StatementProperty(label_match_statement=wafv2.CfnWebACL.LabelMatchStatementProperty(
                        scope="LABEL", key=BODY_SIZE_LABEL)),
                    wafv2.CfnWebACL.StatementProperty(not_statement=wafv2.CfnWebACL.NotStatementProperty(
                        statement=wafv2.CfnWebACL.StatementProperty(or_statement=wafv2.CfnWebACL.OrStatementProperty(
                            statements=[_path_matches(path) for path in LARGE_BODY_PATHS])))),
                ]))),
            _managed("aws-bad-inputs", "AWSManagedRulesKnownBadInputsRuleSet", 4, stage),
        ]
        self.web_acl = wafv2.CfnWebACL(
            self, "WebAcl", name=f"smm-panel-{stage}-api", scope="REGIONAL",
            default_action=wafv2.CfnWebACL.DefaultActionProperty(allow={}),
            visibility_config=_visibility(stage, "acl"), rules=rules)
        stack = cdk.Stack.of(self)
        stage_arn = stack.format_arn(
            service="apigateway", account="", resource="/restapis",
            resource_name=f"{api_stage.rest_api.rest_api_id}/stages/{api_stage.stage_name}",
            arn_format=cdk.ArnFormat.SLASH_RESOURCE_NAME)
        # The stage's name is a reference to the stage, so CloudFormation creates the stage first.
        wafv2.CfnWebACLAssociation(self, "StageAssociation", resource_arn=stage_arn, web_acl_arn=self.web_acl.attr_arn)
        self._log_blocked_requests(stage)

    def _log_blocked_requests(self, stage: str) -> None:
        """Blocked requests only (allowed traffic is in the API's own logs), kept 30 days: they
        hold viewer IPs, which the privacy promises keep for at most 90 business days."""
        # WAF requires the `aws-waf-logs-` prefix and the log group's ARN without the trailing `:*`.
        group = logs.LogGroup(self, "BlockedRequests", log_group_name=f"aws-waf-logs-smm-panel-{stage}-api",
                              retention=logs.RetentionDays.ONE_MONTH, removal_policy=cdk.RemovalPolicy.DESTROY)
        group_arn = cdk.Stack.of(self).format_arn(service="logs", resource="log-group",
                                                  resource_name=group.log_group_name,
                                                  arn_format=cdk.ArnFormat.COLON_RESOURCE_NAME)
        wafv2.CfnLoggingConfiguration(
            self, "Logging", resource_arn=self.web_acl.attr_arn, log_destination_configs=[group_arn],
            redacted_fields=[wafv2.CfnLoggingConfiguration.FieldToMatchProperty(
                single_header={"Name": ORIGIN_VERIFY_HEADER})],
            logging_filter={"DefaultBehavior": "DROP", "Filters": [{
                "Behavior": "KEEP", "Requirement": "MEETS_ANY",
                "Conditions": [{"ActionCondition": {"Action": "BLOCK"}}]}]})
