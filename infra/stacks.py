"""CDK stacks. The stateful stack (table, queues, ticket attachments bucket) is real; the
stateless stack (the Chalice package split into one Lambda per route group, CloudFront,
schedules) comes with the deployment issue.

The table comes from chalicelib/store/schema.py and the queues from app.py's
`on_sqs_message` handlers: the same sources the local stack provisions from.
"""

from __future__ import annotations

import json
from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_pipes as pipes
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from chalicelib import secret_names
from chalicelib.store import outbox, schema
from devstack.provision import MAX_RECEIVES, attachments_cors


def _camel(value: Any) -> Any:
    """boto3's CreateTable spelling (KeySchema) to CloudFormation's (keySchema)."""
    if isinstance(value, dict):
        return {k[0].lower() + k[1:]: _camel(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_camel(v) for v in value]
    return value


class StatefulStack(cdk.Stack):
    def __init__(self, scope: Construct, construct_id: str, *, stage: str, table_name: str, queue_names: list[str],
                 orders_queue_name: str | None = None, site_url: str | None = None,
                 attachments_bucket_name: str | None = None, **kwargs: Any) -> None:
        super().__init__(scope, construct_id, **kwargs)
        definition = _camel(schema.table_definition(table_name))
        self.table = dynamodb.CfnTable(
            self, "Table",
            table_name=definition["tableName"],
            billing_mode=definition["billingMode"],
            attribute_definitions=definition["attributeDefinitions"],
            key_schema=definition["keySchema"],
            global_secondary_indexes=definition["globalSecondaryIndexes"],
            time_to_live_specification={"attributeName": schema.TTL_ATTRIBUTE, "enabled": True},
            point_in_time_recovery_specification={"pointInTimeRecoveryEnabled": True},
            stream_specification=definition["streamSpecification"],
            sse_specification={"sseEnabled": True},
            deletion_protection_enabled=True,
        )
        self.table.apply_removal_policy(cdk.RemovalPolicy.RETAIN)
        self.queues: dict[str, sqs.Queue] = {}
        for name in queue_names:
            dead_letters = sqs.Queue(self, f"{name}-dlq", queue_name=f"{name}-dlq",
                                     retention_period=cdk.Duration.days(14),
                                     encryption=sqs.QueueEncryption.SQS_MANAGED)
            self.queues[name] = sqs.Queue(
                self, name, queue_name=name, visibility_timeout=cdk.Duration.seconds(30),
                encryption=sqs.QueueEncryption.SQS_MANAGED,
                dead_letter_queue=sqs.DeadLetterQueue(max_receive_count=MAX_RECEIVES, queue=dead_letters),
            )
        if orders_queue_name:
            self._order_outbox(self.queues[orders_queue_name])
        self.attachments = self._attachments_bucket(attachments_bucket_name, site_url)
        self.secrets = self._operator_secrets(stage)

    def _attachments_bucket(self, name: str | None, site_url: str | None) -> s3.Bucket:
        """Ticket attachments: private (reached only through presigned URLs the API signs),
        encrypted, TLS only, with the CORS rule browsers need to upload from the site. Without a
        name in the stage's PANEL_ATTACHMENTS_BUCKET, CloudFormation picks one (see the output)."""
        cors = [s3.CorsRule(allowed_origins=rule["AllowedOrigins"], allowed_headers=rule["AllowedHeaders"],
                            exposed_headers=rule["ExposeHeaders"], max_age=rule["MaxAgeSeconds"],
                            allowed_methods=[s3.HttpMethods(m) for m in rule["AllowedMethods"]])
                for rule in attachments_cors(site_url)] if site_url else None
        bucket = s3.Bucket(
            self, "Attachments", bucket_name=name, block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            encryption=s3.BucketEncryption.S3_MANAGED, enforce_ssl=True, versioned=False,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED, cors=cors,
            lifecycle_rules=[s3.LifecycleRule(abort_incomplete_multipart_upload_after=cdk.Duration.days(1))],
            removal_policy=cdk.RemovalPolicy.RETAIN,
        )
        cdk.CfnOutput(self, "AttachmentsBucketName", value=bucket.bucket_name)
        return bucket

    def _operator_secrets(self, stage: str) -> dict[str, secretsmanager.Secret]:
        """The secrets only an operator can fill (the Stripe keys), created with a random
        placeholder so that no value is ever in the template; the app makes its own random keys
        and staff write provider keys through the admin API (chalicelib/secret_names.py)."""
        created = {}
        for name in secret_names.OPERATOR_SET:
            label = "".join(part.title() for part in name.replace("/", "_").split("_"))
            full_name = secret_names.prefix(stage) + name
            secret = secretsmanager.Secret(
                self, f"Secret{label}", secret_name=full_name,
                description=f"{name}: set by the operator (docs/operations.md, \"Secrets\")",
                removal_policy=cdk.RemovalPolicy.RETAIN)
            cdk.Validations.of(secret).acknowledge(cdk.Acknowledgment(
                id="AwsSolutions-SMG4",
                reason="Stripe keys are rolled in Stripe's dashboard and then set here by the operator; "
                       "Secrets Manager has no rotation function that could roll them."))
            cdk.CfnOutput(self, f"Secret{label}Name", value=full_name,
                          description=f"Set with: aws secretsmanager put-secret-value --secret-id <this> "
                                      f"--secret-string ... ({name})")
            created[name] = secret
        return created

    def _order_outbox(self, orders_queue: sqs.Queue) -> None:
        """Inserted pending orders go from the table's stream to the orders queue, with no
        code: placing an order is one write, and a saved order cannot miss its message."""
        role = iam.Role(self, "OrderOutboxRole", assumed_by=iam.ServicePrincipal("pipes.amazonaws.com"))
        role.add_to_policy(iam.PolicyStatement(
            actions=["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator",
                     "dynamodb:ListStreams"], resources=[self.table.attr_stream_arn]))
        orders_queue.grant_send_messages(role)
        pipes.CfnPipe(
            self, "OrderOutbox", role_arn=role.role_arn, source=self.table.attr_stream_arn,
            source_parameters=pipes.CfnPipe.PipeSourceParametersProperty(
                dynamo_db_stream_parameters=pipes.CfnPipe.PipeSourceDynamoDBStreamParametersProperty(
                    starting_position="LATEST", batch_size=10, maximum_retry_attempts=185),
                filter_criteria=pipes.CfnPipe.FilterCriteriaProperty(
                    filters=[pipes.CfnPipe.FilterProperty(pattern=json.dumps(outbox.FILTER_PATTERN))])),
            target=orders_queue.queue_arn,
            target_parameters=pipes.CfnPipe.PipeTargetParametersProperty(input_template=outbox.INPUT_TEMPLATE),
        )
