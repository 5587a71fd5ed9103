"""Names and ARNs of the stateful stack's resources, built from the stage alone.

The panel stack refers to them by these names instead of by cross-stack exports: an exported
value can never change while another stack imports it, which would pin the stateful stack, and
ARNs made of names and pseudo-parameters let synth name every IAM finding exactly.
"""

from __future__ import annotations

import aws_cdk as cdk


def bucket_name(stage: str, purpose: str) -> str:
    """Globally unique without a random suffix: the account and region are in the name."""
    return f"smm-panel-{stage}-{purpose}-{cdk.Aws.ACCOUNT_ID}-{cdk.Aws.REGION}"


def bucket_arn(name: str) -> str:
    return f"arn:{cdk.Aws.PARTITION}:s3:::{name}"


def table_arn(table_name: str) -> str:
    return f"arn:{cdk.Aws.PARTITION}:dynamodb:{cdk.Aws.REGION}:{cdk.Aws.ACCOUNT_ID}:table/{table_name}"


def queue_arn(queue_name: str) -> str:
    return f"arn:{cdk.Aws.PARTITION}:sqs:{cdk.Aws.REGION}:{cdk.Aws.ACCOUNT_ID}:{queue_name}"


def legal_key_alias(stage: str) -> str:
    return f"alias/smm-panel-{stage}-legal"
