"""The CloudFormation template matches the one schema and the app's queues."""

from __future__ import annotations

from typing import Any

from aws_cdk.assertions import Match, Template

from chalicelib import secret_names
from chalicelib.store import schema


def test_table_and_queues_come_from_the_schema_and_the_app(dev_templates: dict[str, Any]) -> None:
    template = Template.from_json(dev_templates["stateful"])
    template.has_resource_properties("AWS::DynamoDB::Table", {
        "TableName": "panel-dev",
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        "GlobalSecondaryIndexes": [Match.object_like({"IndexName": schema.GSI1}),
                                   Match.object_like({"IndexName": schema.GSI2}),
                                   Match.object_like({"IndexName": schema.GSI3,
                                                      "Projection": {"ProjectionType": "KEYS_ONLY"}})],
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
    # With them: the legal bucket and the access log bucket both write to.
    template.resource_count_is("AWS::S3::Bucket", 3)
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


def test_the_stripe_secrets_exist_without_a_value_in_the_template(dev_templates: dict[str, Any]) -> None:
    template = Template.from_json(dev_templates["stateful"])
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


def test_legal_files_have_their_own_bucket_under_a_rotated_key(dev_templates: dict[str, Any]) -> None:
    template = Template.from_json(dev_templates["stateful"])
    template.has_resource_properties("AWS::KMS::Key", {"EnableKeyRotation": True})
    template.has_resource_properties("AWS::KMS::Alias", {"AliasName": "alias/smm-panel-dev-legal"})
    template.has_resource_properties("AWS::S3::Bucket", {
        "BucketEncryption": {"ServerSideEncryptionConfiguration": [Match.object_like({
            "BucketKeyEnabled": True,
            "ServerSideEncryptionByDefault": Match.object_like({"SSEAlgorithm": "aws:kms"})})]},
        "VersioningConfiguration": {"Status": "Enabled"},
        "LoggingConfiguration": Match.object_like({"LogFilePrefix": "legal/"}),
    })
