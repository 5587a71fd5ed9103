"""What each Lambda function may do: one declaration of needs per function, one translator into
IAM statements.

The needs are written in the app's own terms (table actions, the GSIs a function queries, the
queues it sends to by the worker that consumes them, secret names as chalicelib names them, the
bucket prefixes it reads, writes, deletes or signs) and only this module knows ARNs and IAM.
tests/infra/test_recorded_calls.py proves the declarations against the calls the app really makes
in the tests (devstack/aws_calls.py records them); tests/infra/test_access.py checks each rule of
the translator. The receive/delete permissions of a worker's own queue come with its event
source mapping (CDK grants them), not from here.
"""

from __future__ import annotations

from aws_cdk import aws_iam as iam

from infra.access_needs import NEEDS, LegalFiles, Needs, ObjectAccess
from infra.resources import PanelResources

# Secrets Manager: reading a secret, and writing one (a first value creates it).
_SECRET_READ = ("secretsmanager:GetSecretValue",)
_SECRET_WRITE = ("secretsmanager:PutSecretValue", "secretsmanager:CreateSecret")

# What each verb on a bucket prefix needs. A presigned URL or POST is signed with the function's
# own credentials, so signing an upload needs PutObject and signing a download GetObject.
_OBJECT_ACTIONS = {
    "read": "s3:GetObject",      # GetObject, HeadObject and presigned GETs
    "write": "s3:PutObject",     # PutObject and presigned POSTs
    "delete": "s3:DeleteObject",  # DeleteObject and each key of DeleteObjects
}


def policy_statements(name: str, resources: PanelResources) -> list[iam.PolicyStatement]:
    """The IAM statements of the function with this short name (route group, worker or job)."""
    needs = NEEDS.get(name)
    if needs is None:
        raise KeyError(f"no access declared for function {name!r} in infra/access_needs.py; "
                       f"known: {', '.join(sorted(NEEDS))}")
    return _translate(needs, resources)


def _translate(needs: Needs, resources: PanelResources) -> list[iam.PolicyStatement]:
    statements: list[iam.PolicyStatement] = []
    if needs.table:
        statements.append(_allow(needs.table, [resources.table_arn]))
    if needs.indexes:
        statements.append(_allow(("dynamodb:Query",),
                                 [f"{resources.table_arn}/index/{index}" for index in needs.indexes]))
    for worker in needs.sends_to:
        statements.append(_allow(("sqs:GetQueueUrl", "sqs:SendMessage"), [resources.queue_arns[worker]]))
    for worker in needs.watches_queues:
        statements.append(_allow(("sqs:GetQueueUrl", "sqs:GetQueueAttributes"), [resources.queue_arns[worker]]))
    if needs.reads_secrets:
        statements.append(_allow(_SECRET_READ, [resources.secret_arn(s) for s in needs.reads_secrets]))
    if needs.writes_secrets:
        statements.append(_allow(_SECRET_WRITE, [resources.secret_arn(s) for s in needs.writes_secrets]))
    statements += _objects(resources.attachments_bucket_arn, needs.attachments)
    if needs.legal_files:
        statements += _legal(needs.legal_files, resources)
    if needs.sends_mail:
        statements.append(_allow(("ses:SendEmail",), [resources.mail_identity_arn]))
    return statements


def _objects(bucket_arn: str, grants: tuple[ObjectAccess, ...]) -> list[iam.PolicyStatement]:
    statements = []
    for grant in grants:
        actions = tuple(_OBJECT_ACTIONS[verb] for verb in grant.verbs if verb != "list")
        if actions:
            statements.append(_allow(actions, [f"{bucket_arn}/{grant.prefix}*"]))
        if "list" in grant.verbs:
            # Listing is granted on the bucket, narrowed to the prefix by a condition.
            statements.append(iam.PolicyStatement(
                actions=["s3:ListBucket"], resources=[bucket_arn],
                conditions={"StringLike": {"s3:prefix": [f"{grant.prefix}*"]}}))
    return statements


def _legal(files: LegalFiles, resources: PanelResources) -> list[iam.PolicyStatement]:
    """The legal bucket's objects, and its KMS key as S3 uses it on the function's behalf:
    GenerateDataKey to encrypt what it writes, Decrypt to read."""
    statements = _objects(resources.legal_bucket_arn, files)
    verbs = {verb for grant in files for verb in grant.verbs}
    key_actions = (("kms:GenerateDataKey",) if "write" in verbs else ()) + (("kms:Decrypt",) if "read" in verbs else ())
    if key_actions:
        statements.append(_allow(key_actions, [resources.legal_key_arn]))
    return statements


def _allow(actions: tuple[str, ...], arns: list[str]) -> iam.PolicyStatement:
    return iam.PolicyStatement(actions=sorted(actions), resources=arns)
