"""Creates what the cloud stack (CDK) creates, on the local endpoints: the table from the
one schema definition, each queue the app consumes with its dead-letter queue, the ticket
attachments bucket (on moto's S3), and the Stripe keys (in moto's Secrets Manager) and webhook
endpoint (on localstripe)."""

from __future__ import annotations

import json
import secrets as random_secrets
from typing import Any

import boto3
import requests
from botocore.exceptions import ClientError
from chalice.app import Chalice

from chalicelib import secret_names
from chalicelib.adapters import secret_store
from chalicelib.settings import get_settings
from chalicelib.store import dynamo
from devstack.handlers import sqs_handlers
from infra.layout import visibility_timeout_seconds

MAX_RECEIVES = 5  # as in infra/: a message failing 5 times goes to the dead-letter queue


def ensure_queues(app: Chalice) -> list[str]:
    sqs = boto3.client("sqs")
    names = []
    for handler in sqs_handlers(app):
        dlq_url = sqs.create_queue(QueueName=f"{handler.queue}-dlq")["QueueUrl"]
        dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        # Created bare, then set: a queue left by an earlier run with other attributes is updated
        # instead of refused. Visibility as in the cloud: six times the worker's timeout.
        url = sqs.create_queue(QueueName=handler.queue)["QueueUrl"]
        sqs.set_queue_attributes(QueueUrl=url, Attributes={
            "VisibilityTimeout": str(visibility_timeout_seconds(handler.name)),
            "RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": str(MAX_RECEIVES)}),
        })
        names.append(handler.queue)
    return names


def attachments_cors(site_url: str) -> list[dict[str, Any]]:
    """Browsers upload straight to the bucket (presigned POST or PUT) from the site, and fetch
    downloads from it; the same rule as infra/'s bucket."""
    return [{"AllowedOrigins": [site_url], "AllowedMethods": ["POST", "PUT", "GET"], "AllowedHeaders": ["*"],
             "ExposeHeaders": ["ETag"], "MaxAgeSeconds": 3000}]


def ensure_attachments_bucket() -> str:
    """The private ticket-attachments bucket with its CORS rule (idempotent)."""
    settings = get_settings()
    s3 = boto3.client("s3")
    name = settings.attachments_bucket
    region = s3.meta.region_name
    try:
        if region == "us-east-1":
            s3.create_bucket(Bucket=name)
        else:
            s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": region})
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") not in ("BucketAlreadyOwnedByYou", "BucketAlreadyExists"):
            raise
    s3.put_public_access_block(Bucket=name, PublicAccessBlockConfiguration={
        "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True})
    s3.put_bucket_cors(Bucket=name, CORSConfiguration={"CORSRules": attachments_cors(settings.site_url)})
    return name


def ensure_legal_bucket() -> str | None:
    """The stage's own legal bucket, when it names one (PANEL_LEGAL_BUCKET); private, as in the
    cloud. Without one the legal files go to the attachments bucket under `legal/`."""
    name = get_settings().legal_bucket
    if not name:
        return None
    s3 = boto3.client("s3")
    try:
        s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": s3.meta.region_name})
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") not in ("BucketAlreadyOwnedByYou", "BucketAlreadyExists"):
            raise
    s3.put_public_access_block(Bucket=name, PublicAccessBlockConfiguration={
        "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True})
    return name


def _ensure_secret(name: str, prefix: str) -> str:
    return secret_store.get_or_create(name, lambda: prefix + random_secrets.token_hex(16))


def ensure_stripe() -> None:
    """Local Stripe keys in (moto's) Secrets Manager, as an operator sets them in a stage, and
    localstripe told where to send webhooks (the gateway, as Stripe would call CloudFront) and
    with which signing secret.
    localstripe keeps webhooks in memory only, so this runs at every start."""
    settings = get_settings()
    if not settings.stripe_api_base:
        return
    _ensure_secret(secret_names.STRIPE_SECRET_KEY, "sk_test_local_")
    webhook_secret = _ensure_secret(secret_names.STRIPE_WEBHOOK_SECRET, "whsec_local_")
    response = requests.post(f"{settings.stripe_api_base}/_config/webhooks/panel", timeout=10, json={
        "url": f"{settings.site_url}/api/payments/webhook", "secret": webhook_secret,
    })
    response.raise_for_status()


def ensure_all(app: Chalice) -> None:
    dynamo.ensure_table(get_settings().table_name)
    ensure_queues(app)
    ensure_attachments_bucket()
    ensure_legal_bucket()
    ensure_stripe()
