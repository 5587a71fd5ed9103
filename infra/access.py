"""What each function may call, as IAM statements: `policy_statements(name, resources)`.

PROVISIONAL. This version grants every function the same broad-but-scoped set (the table's
item actions and indexes, sending to the stage's queues, reading the stage's secrets, the
buckets, the legal key, sending mail) so the panel stack synthesizes and deploys. It is to be
replaced, with the same signature, by the least-privilege version that grants each route group,
worker and job only what it calls. The panel stack calls it once per function; nothing else
depends on its contents.
"""

from __future__ import annotations

from aws_cdk import aws_iam as iam

from infra.resources import PanelResources

TABLE_ITEM_ACTIONS = [
    "dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:PutItem",
    "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem",
    "dynamodb:ConditionCheckItem",
]


def policy_statements(name: str, resources: PanelResources) -> list[iam.PolicyStatement]:
    """The statements of function `name` (a route group, worker or job name of infra/layout.py)."""
    del name  # provisional: every function gets the same grants
    return [
        iam.PolicyStatement(actions=TABLE_ITEM_ACTIONS,
                            resources=[resources.table_arn, f"{resources.table_arn}/index/*"]),
        iam.PolicyStatement(actions=["sqs:SendMessage", "sqs:GetQueueUrl"],
                            resources=list(resources.queue_arns.values())),
        iam.PolicyStatement(actions=["secretsmanager:GetSecretValue"],
                            resources=[resources.secret_arn("*")]),
        iam.PolicyStatement(actions=["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
                            resources=[f"{resources.attachments_bucket_arn}/*", f"{resources.legal_bucket_arn}/*"]),
        iam.PolicyStatement(actions=["kms:Decrypt", "kms:GenerateDataKey"], resources=[resources.legal_key_arn]),
        iam.PolicyStatement(actions=["ses:SendEmail"], resources=[resources.mail_identity_arn]),
    ]
