"""The stateful stack: table, queues with their dead-letter queues, the order outbox pipe, the
ticket attachments bucket and the legal bucket with its key. Everything here outlives a deploy
(retained on delete); the functions live in the panel stack (infra/panel_stack.py).

The table comes from chalicelib/store/schema.py and the queues from app.py's
`on_sqs_message` handlers: the same sources the local stack provisions from.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_pipes as pipes
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from chalicelib import secret_names
from chalicelib.store import outbox, schema
from devstack.provision import MAX_RECEIVES, attachments_cors
from infra import layout, nag, names


def _camel(value: Any) -> Any:
    """boto3's CreateTable spelling (KeySchema) to CloudFormation's (keySchema)."""
    if isinstance(value, dict):
        return {k[0].lower() + k[1:]: _camel(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_camel(v) for v in value]
    return value


class StatefulStack(cdk.Stack):
    def __init__(self, scope: Construct, construct_id: str, *, stage: str, table_name: str,
                 queue_names: Mapping[str, str],
                 orders_queue_name: str | None = None, site_url: str | None = None,
                 attachments_bucket_name: str | None = None, **kwargs: Any) -> None:
        """`queue_names`: each SQS worker's queue by the worker's handler name."""
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
        # By worker name: the queue it consumes and that queue's dead-letter queue.
        self.queues: dict[str, sqs.Queue] = {}
        self.dead_letter_queues: dict[str, sqs.Queue] = {}
        for worker, name in queue_names.items():
            self.dead_letter_queues[worker] = sqs.Queue(
                self, f"{name}-dlq", queue_name=f"{name}-dlq", retention_period=cdk.Duration.days(14),
                encryption=sqs.QueueEncryption.SQS_MANAGED, enforce_ssl=True)
            self.queues[worker] = sqs.Queue(
                self, name, queue_name=name,
                visibility_timeout=cdk.Duration.seconds(layout.visibility_timeout_seconds(worker)),
                encryption=sqs.QueueEncryption.SQS_MANAGED, enforce_ssl=True,
                dead_letter_queue=sqs.DeadLetterQueue(max_receive_count=MAX_RECEIVES,
                                                      queue=self.dead_letter_queues[worker]),
            )
            nag.acknowledge(self.dead_letter_queues[worker], "SQS3", "A dead-letter queue needs none of its own.")
        self.pipe_name: str | None = None
        if orders_queue_name:
            worker = next(w for w, name in queue_names.items() if name == orders_queue_name)
            self.pipe_name = self._order_outbox(self.queues[worker])
        self.access_logs = self._access_log_bucket(names.bucket_name(stage, "access-logs"))
        self.attachments = self._attachments_bucket(
            attachments_bucket_name or names.bucket_name(stage, "attachments"), site_url)
        self.legal_key, self.legal_bucket = self._legal_bucket(stage)
        self.secrets = self._operator_secrets(stage)

    def _attachments_bucket(self, name: str, site_url: str | None) -> s3.Bucket:
        """Ticket attachments: private (reached only through presigned URLs the API signs),
        encrypted, TLS only, with the CORS rule browsers need to upload from the site. Named by the
        stage's PANEL_ATTACHMENTS_BUCKET, or else by infra/names.py."""
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
            server_access_logs_bucket=self.access_logs, server_access_logs_prefix="attachments/",
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
            nag.acknowledge(secret, "SMG4", "Stripe keys are rolled in Stripe's dashboard and then set here "
                                            "by the operator; no rotation function could roll them.")
            cdk.CfnOutput(self, f"Secret{label}Name", value=full_name,
                          description=f"Set with: aws secretsmanager put-secret-value --secret-id <this> "
                                      f"--secret-string ... ({name})")
            created[name] = secret
        return created

    def _access_log_bucket(self, name: str) -> s3.Bucket:
        """S3 server access logs of the attachments and legal buckets: who read which file."""
        bucket = s3.Bucket(
            self, "AccessLogs", bucket_name=name, block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            encryption=s3.BucketEncryption.S3_MANAGED, enforce_ssl=True,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            lifecycle_rules=[s3.LifecycleRule(expiration=cdk.Duration.days(400))],
            removal_policy=cdk.RemovalPolicy.RETAIN)
        nag.acknowledge(bucket, "S1", "This bucket receives the other buckets' access logs; logging its "
                                      "own access would only log the log delivery.")
        return bucket

    def _legal_bucket(self, stage: str) -> tuple[kms.Key, s3.Bucket]:
        """Preservation holds' frozen copies and disclosure packages (docs/legal.md): a bucket of
        their own under a customer-managed key, so only functions granted the key can read them
        (settings.legal_bucket, settings.legal_kms_key_id). Versioned: a legal copy is never
        silently overwritten."""
        key = kms.Key(self, "LegalKey", description="Legal files: preservation holds and disclosures",
                      enable_key_rotation=True, removal_policy=cdk.RemovalPolicy.RETAIN,
                      alias=names.legal_key_alias(stage))
        bucket = s3.Bucket(
            self, "Legal", bucket_name=names.bucket_name(stage, "legal"),
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            encryption=s3.BucketEncryption.KMS, encryption_key=key, bucket_key_enabled=True,
            enforce_ssl=True, versioned=True, object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            server_access_logs_bucket=self.access_logs, server_access_logs_prefix="legal/",
            removal_policy=cdk.RemovalPolicy.RETAIN)
        cdk.CfnOutput(self, "LegalBucketName", value=bucket.bucket_name)
        return key, bucket

    def _order_outbox(self, orders_queue: sqs.Queue) -> str:
        """Inserted pending orders go from the table's stream to the orders queue, with no
        code: placing an order is one write, and a saved order cannot miss its message."""
        role = iam.Role(self, "OrderOutboxRole", assumed_by=iam.ServicePrincipal("pipes.amazonaws.com"))
        role.add_to_policy(iam.PolicyStatement(
            actions=["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator",
                     "dynamodb:ListStreams"], resources=[self.table.attr_stream_arn]))
        orders_queue.grant_send_messages(role)
        pipe = pipes.CfnPipe(
            self, "OrderOutbox", role_arn=role.role_arn, source=self.table.attr_stream_arn,
            source_parameters=pipes.CfnPipe.PipeSourceParametersProperty(
                dynamo_db_stream_parameters=pipes.CfnPipe.PipeSourceDynamoDBStreamParametersProperty(
                    starting_position="LATEST", batch_size=10, maximum_retry_attempts=185),
                filter_criteria=pipes.CfnPipe.FilterCriteriaProperty(
                    filters=[pipes.CfnPipe.FilterProperty(pattern=json.dumps(outbox.FILTER_PATTERN))])),
            target=orders_queue.queue_arn,
            target_parameters=pipes.CfnPipe.PipeTargetParametersProperty(input_template=outbox.INPUT_TEMPLATE),
        )
        return pipe.ref  # the pipe's name
