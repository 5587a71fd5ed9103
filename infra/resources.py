"""What a function may be granted access to: the stage's resources by ARN.

The stateful stack creates them, the panel stack passes them to infra/access.py, which turns
each function's needs into IAM statements. ARNs (plain strings or CloudFormation tokens) keep
access.py independent of how each resource is built.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class PanelResources:
    stage: str
    region: str
    account: str
    table_arn: str
    # Queues by the app's handler that consumes them ("mail_worker", "order_dispatcher").
    queue_arns: Mapping[str, str]
    attachments_bucket_arn: str
    # The legal bucket and its KMS key (disclosure packages and legal-channel files).
    legal_bucket_arn: str
    legal_key_arn: str
    # The SES identity mail is sent from (a domain or an address).
    mail_identity_arn: str
    # Secrets Manager: every secret of the stage lives under this name prefix
    # ("smm-panel/<stage>/"), so a grant can name one secret or a family (provider keys).
    secrets_prefix: str = field(default="")

    def secret_arn(self, name: str) -> str:
        """The ARN pattern of one secret (or, with a trailing `*`, a family of them). Secrets
        Manager appends six random characters to every secret's ARN, hence the `-??????`."""
        suffix = "" if name.endswith("*") else "-??????"
        return (f"arn:aws:secretsmanager:{self.region}:{self.account}:secret:"
                f"{self.secrets_prefix}{name}{suffix}")
