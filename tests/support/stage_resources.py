"""A deployed stage's resources by ARN, as the panel stack hands them to infra/access.py: what the
permission tests evaluate statements against."""

from __future__ import annotations

from infra.resources import PanelResources

ACCOUNT = "123456789012"
RESOURCES = PanelResources(
    stage="dev", region="eu-west-2", account=ACCOUNT,
    table_arn=f"arn:aws:dynamodb:eu-west-2:{ACCOUNT}:table/smm-panel-dev",
    queue_arns={"mail_worker": f"arn:aws:sqs:eu-west-2:{ACCOUNT}:smm-panel-dev-mail",
                "order_dispatcher": f"arn:aws:sqs:eu-west-2:{ACCOUNT}:smm-panel-dev-orders"},
    attachments_bucket_arn="arn:aws:s3:::smm-panel-dev-attachments",
    legal_bucket_arn="arn:aws:s3:::smm-panel-dev-legal",
    legal_key_arn=f"arn:aws:kms:eu-west-2:{ACCOUNT}:key/1111-2222",
    mail_identity_arn=f"arn:aws:ses:eu-west-2:{ACCOUNT}:identity/panel.example",
    secrets_prefix="smm-panel/dev/",
)


def secret_arn(name: str) -> str:
    """A secret's real ARN on the stage: its name and the six random characters Secrets Manager
    appends to every secret's ARN."""
    return f"arn:aws:secretsmanager:eu-west-2:{ACCOUNT}:secret:{RESOURCES.secrets_prefix}{name}-Ab12Cd"
