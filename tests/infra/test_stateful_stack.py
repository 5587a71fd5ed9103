"""The CloudFormation template matches the one schema and the app's queues."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from functools import lru_cache
from typing import Any

from chalicelib import secret_names
from chalicelib.store import schema
from devstack.stack import ROOT

# app.py names its queues from the stage's settings at import, so the stack is built in a
# fresh interpreter with the dev stage's environment, as `cdk synth` would.
SYNTH = """
import json
from aws_cdk.assertions import Template
from infra.app import build
stack = build("dev").node.find_child("smm-panel-dev-stateful")
print(json.dumps(Template.from_stack(stack).to_json()))
"""


@lru_cache(maxsize=1)
def _dev_template() -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PANEL_")}
    env["JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION"] = "1"
    out = subprocess.run([sys.executable, "-c", SYNTH], cwd=ROOT, env=env, check=True,
                         capture_output=True, text=True).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


def test_table_and_queues_come_from_the_schema_and_the_app() -> None:
    from aws_cdk.assertions import Match, Template

    template = Template.from_json(_dev_template())
    template.has_resource_properties("AWS::DynamoDB::Table", {
        "TableName": "panel-dev",
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        "GlobalSecondaryIndexes": [Match.object_like({"IndexName": schema.GSI1}),
                                   Match.object_like({"IndexName": schema.GSI2})],
        "TimeToLiveSpecification": {"AttributeName": schema.TTL_ATTRIBUTE, "Enabled": True},
        "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True},
        "DeletionProtectionEnabled": True,
    })
    template.has_resource_properties("AWS::SQS::Queue", {
        "QueueName": "panel-dev-mail",
        "RedrivePolicy": {"deadLetterTargetArn": Match.any_value(), "maxReceiveCount": 5},
    })
    template.has_resource_properties("AWS::SQS::Queue", {
        "QueueName": "panel-dev-orders",
        "RedrivePolicy": {"deadLetterTargetArn": Match.any_value(), "maxReceiveCount": 5},
    })
    template.resource_count_is("AWS::SQS::Queue", 4)  # two queues, each with its dead-letter queue
    template.has_resource_properties("AWS::DynamoDB::Table", {
        "StreamSpecification": {"StreamViewType": "NEW_IMAGE"}})
    # Ticket attachments: private, encrypted, reachable only by TLS and through presigned URLs.
    template.resource_count_is("AWS::S3::Bucket", 1)
    template.has_resource_properties("AWS::S3::Bucket", {
        "PublicAccessBlockConfiguration": {"BlockPublicAcls": True, "BlockPublicPolicy": True,
                                           "IgnorePublicAcls": True, "RestrictPublicBuckets": True},
        "BucketEncryption": {"ServerSideEncryptionConfiguration": [
            {"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]},
        "CorsConfiguration": {"CorsRules": [Match.object_like({
            "AllowedOrigins": ["https://dev.panel.example"], "AllowedMethods": Match.array_with(["POST", "PUT"])})]},
    })
    template.has_resource("AWS::S3::Bucket", {"DeletionPolicy": "Retain"})
    template.has_resource_properties("AWS::S3::BucketPolicy", {"PolicyDocument": {"Statement": Match.array_with([
        Match.object_like({"Effect": "Deny", "Condition": {"Bool": {"aws:SecureTransport": "false"}}})])}})
    template.has_resource_properties("AWS::Pipes::Pipe", {
        "SourceParameters": Match.object_like({"FilterCriteria": {"Filters": [{"Pattern": Match.any_value()}]}}),
        "TargetParameters": {"InputTemplate": '{"order_id": <$.dynamodb.NewImage.order_id.N>}'},
    })


def test_the_stripe_secrets_exist_without_a_value_in_the_template() -> None:
    from aws_cdk.assertions import Match, Template

    template = Template.from_json(_dev_template())
    template.resource_count_is("AWS::SecretsManager::Secret", len(secret_names.OPERATOR_SET))
    for name in secret_names.OPERATOR_SET:
        template.has_resource("AWS::SecretsManager::Secret", {
            "DeletionPolicy": "Retain",
            "Properties": {"Name": f"smm-panel/dev/{name}", "Description": Match.any_value(),
                           "GenerateSecretString": {}},  # a random placeholder: no SecretString
        })
    secrets_in_template = template.find_resources("AWS::SecretsManager::Secret")
    assert all("SecretString" not in r["Properties"] for r in secrets_in_template.values())
    outputs = template.to_json()["Outputs"]
    named = {o["Value"] for k, o in outputs.items() if k.startswith("Secret") and k.endswith("Name")}
    assert named == {r["Properties"]["Name"] for r in secrets_in_template.values()}  # for the operator
