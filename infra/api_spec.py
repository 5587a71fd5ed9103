"""The REST API: Chalice's own swagger for app.routes, each route's integration pointed at its
route group's function, created by CDK's SpecRestApi.

Chalice stays the one source of routes: a new route reaches API Gateway through the same
generator `chalice deploy` uses; only the Lambda each integration invokes differs.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_apigateway as apigateway
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from chalice.app import Chalice, RouteEntry
from chalice.deploy.swagger import SwaggerGenerator
from constructs import Construct

from infra import layout, nag

# The stage name of .chalice/config.json (`api_gateway_stage`): URLs are /api/api/..., the
# edge's origin path hides the first one.
API_STAGE = "api"


def invocation_uri(function_arn: str) -> str:
    return (f"arn:{cdk.Aws.PARTITION}:apigateway:{cdk.Aws.REGION}:lambda:path/2015-03-31/functions/"
            f"{function_arn}/invocations")


class GroupSwaggerGenerator(SwaggerGenerator):
    """Chalice's generator, with every route integrated with its route group's function."""

    def __init__(self, function_arns: Mapping[str, str]) -> None:
        super().__init__(region="", deployed_resources={})
        self._function_arns = function_arns

    def _uri(self, lambda_arn: str | None = None) -> str:
        return ""  # replaced per route below

    def _generate_apig_integ(self, view: RouteEntry) -> dict[str, Any]:
        if view.authorizer is not None:
            raise ValueError(f"{view.method} {view.uri_pattern}: the app authenticates in code; an API "
                             "Gateway authorizer would need its own function here")
        integration: dict[str, Any] = super()._generate_apig_integ(view)
        group = layout.group_of_module(view.view_function.__module__)
        integration["uri"] = invocation_uri(self._function_arns[group.name])
        return integration


def api_definition(app: Chalice, function_arns: Mapping[str, str]) -> dict[str, Any]:
    spec: dict[str, Any] = GroupSwaggerGenerator(function_arns).generate_swagger(app)
    return spec


class PanelApi(Construct):
    """The regional REST API with its stage `api`: access logs, X-Ray, execution error logs."""

    def __init__(self, scope: Construct, construct_id: str, *, stage: str, app: Chalice,
                 group_functions: Mapping[str, lambda_.IFunction], log_retention: logs.RetentionDays) -> None:
        super().__init__(scope, construct_id)
        definition = api_definition(app, {name: fn.function_arn for name, fn in group_functions.items()})
        access_logs = logs.LogGroup(self, "AccessLogs", retention=log_retention,
                                    removal_policy=cdk.RemovalPolicy.RETAIN)
        self.rest_api = apigateway.SpecRestApi(
            self, "RestApi", rest_api_name=layout.function_name(stage, "api"),
            api_definition=apigateway.ApiDefinition.from_inline(definition),
            endpoint_types=[apigateway.EndpointType.REGIONAL],
            # The account-wide role API Gateway writes execution logs with (one per account and
            # region; CDK keeps it with this stack).
            cloud_watch_role=True, cloud_watch_role_removal_policy=cdk.RemovalPolicy.RETAIN,
            deploy_options=apigateway.StageOptions(
                stage_name=API_STAGE, tracing_enabled=True, metrics_enabled=True,
                logging_level=apigateway.MethodLoggingLevel.ERROR, data_trace_enabled=False,
                access_log_destination=apigateway.LogGroupLogDestination(access_logs),
                # No caller IP in the access log (personal data stays out of logs); the request id
                # ties a line to the function's own log.
                access_log_format=apigateway.AccessLogFormat.custom(
                    '{"requestId":"$context.requestId","method":"$context.httpMethod",'
                    '"resource":"$context.resourcePath","status":"$context.status",'
                    '"latencyMs":"$context.responseLatency","integrationMs":"$context.integration.latency",'
                    '"wafStatus":"$context.waf.status"}'),
            ),
        )
        for name, function in group_functions.items():
            function.add_permission(
                f"{name}-invoked-by-api", principal=iam.ServicePrincipal("apigateway.amazonaws.com"),
                source_arn=self.rest_api.arn_for_execute_api())
        self._acknowledge()

    def _acknowledge(self) -> None:
        reasons = {
            "APIG2": "Every body is parsed into a pydantic model in the route group's function, "
                                  "which refuses unknown fields with a clear 4xx; a second schema here would drift.",
            "APIG4": "The app authenticates in code: session cookies with CSRF tokens, reseller API "
                                  "keys, Stripe and monitor signatures; public routes are public by design.",
            "COG4": "No Cognito: accounts, sessions and staff second factors live in the app's table.",
            "APIG3": "The regional WAF web ACL is associated with this stage by the edge (infra/edge.py).",
            "IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]":
                "API Gateway's account-level CloudWatch role uses AWS's managed policy for it, "
                "the documented setup.",
        }
        for rule, reason in reasons.items():
            nag.acknowledge(self, rule, reason)
