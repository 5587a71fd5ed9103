"""The CloudFormation template matches the one schema and the app's queues."""

from __future__ import annotations

import os

from chalicelib.store import schema

os.environ.setdefault("JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION", "1")


def test_table_and_queues_come_from_the_schema_and_the_app() -> None:
    from aws_cdk.assertions import Match, Template

    from infra.app import build

    app = build("dev")
    stack = app.node.find_child("smm-panel-dev-stateful")
    template = Template.from_stack(stack)
    template.has_resource_properties("AWS::DynamoDB::Table", {
        "TableName": "panel-dev",
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        "GlobalSecondaryIndexes": [Match.object_like({"IndexName": schema.GSI1})],
        "TimeToLiveSpecification": {"AttributeName": schema.TTL_ATTRIBUTE, "Enabled": True},
        "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True},
        "DeletionProtectionEnabled": True,
    })
    template.has_resource_properties("AWS::SQS::Queue", {
        "QueueName": "panel-dev-mail",
        "RedrivePolicy": {"deadLetterTargetArn": Match.any_value(), "maxReceiveCount": 5},
    })
    template.resource_count_is("AWS::SQS::Queue", 2)
