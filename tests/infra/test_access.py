"""The rules of infra/access.py's translator, one test each, checked by evaluating the statements
it produces (tests/support/iam_policy.py), plus the properties every function's grants share."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from aws_cdk import aws_iam as iam

from devstack.handlers import load_app, scheduled_handlers, sqs_handlers
from infra import layout
from infra.access import policy_statements
from infra.access_needs import NEEDS, Needs, ObjectAccess
from infra.resources import PanelResources
from tests.support.iam_policy import allows
from tests.support.stage_resources import RESOURCES
from tests.support.stage_resources import secret_arn as secret

Translate = Callable[[Needs, PanelResources], list[iam.PolicyStatement]]
TABLE = RESOURCES.table_arn
ATTACHMENTS = RESOURCES.attachments_bucket_arn
LEGAL = RESOURCES.legal_bucket_arn


@pytest.fixture
def translate(monkeypatch: pytest.MonkeyPatch) -> Callable[[Needs, PanelResources], list[iam.PolicyStatement]]:
    """The statements of a function declared with these needs (for one test only)."""
    def statements(needs: Needs, resources: PanelResources) -> list[iam.PolicyStatement]:
        monkeypatch.setitem(NEEDS, "under_test", needs)
        return policy_statements("under_test", resources)

    return statements


def test_table_actions_are_granted_on_the_table_only(translate: Translate) -> None:
    statements = translate(Needs(table=("dynamodb:GetItem",)), RESOURCES)
    assert allows(statements, "dynamodb:GetItem", TABLE)
    assert not allows(statements, "dynamodb:PutItem", TABLE)
    assert not allows(statements, "dynamodb:GetItem", TABLE + "-other")
    assert not allows(statements, "dynamodb:Query", f"{TABLE}/index/gsi1")


def test_queries_reach_only_the_indexes_named(translate: Translate) -> None:
    statements = translate(Needs(table=("dynamodb:Query",), indexes=("gsi1",)), RESOURCES)
    assert allows(statements, "dynamodb:Query", f"{TABLE}/index/gsi1")
    assert not allows(statements, "dynamodb:Query", f"{TABLE}/index/gsi2")
    assert not allows(statements, "dynamodb:Scan", f"{TABLE}/index/gsi1")


def test_one_secret_is_granted_by_name_with_its_random_suffix_only(translate: Translate) -> None:
    statements = translate(Needs(reads_secrets=("stripe/secret_key",)), RESOURCES)
    assert allows(statements, "secretsmanager:GetSecretValue", secret("stripe/secret_key"))
    assert not allows(statements, "secretsmanager:GetSecretValue", secret("stripe/secret_key_old"))
    assert not allows(statements, "secretsmanager:PutSecretValue", secret("stripe/secret_key"))
    other_stage = secret("stripe/secret_key").replace("smm-panel/dev/", "smm-panel/prod/")
    assert not allows(statements, "secretsmanager:GetSecretValue", other_stage)


def test_a_secret_family_covers_its_members_and_nothing_beside_it(translate: Translate) -> None:
    statements = translate(Needs(reads_secrets=("provider/*",), writes_secrets=("provider/*",)), RESOURCES)
    for action in ("secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue", "secretsmanager:CreateSecret"):
        assert allows(statements, action, secret("provider/7/api-key"))
    assert not allows(statements, "secretsmanager:GetSecretValue", secret("stripe/secret_key"))
    assert not allows(statements, "secretsmanager:DeleteSecret", secret("provider/7/api-key"))


def test_bucket_grants_stop_at_their_prefix(translate: Translate) -> None:
    statements = translate(Needs(attachments=(ObjectAccess("attachments/", ("read", "write")),)), RESOURCES)
    assert allows(statements, "s3:GetObject", f"{ATTACHMENTS}/attachments/u1/abc")
    assert allows(statements, "s3:PutObject", f"{ATTACHMENTS}/attachments/u1/abc")
    assert not allows(statements, "s3:DeleteObject", f"{ATTACHMENTS}/attachments/u1/abc")
    assert not allows(statements, "s3:GetObject", f"{ATTACHMENTS}/legal/abc.pdf")
    assert not allows(statements, "s3:GetObject", f"{LEGAL}/attachments/u1/abc")


def test_listing_is_granted_on_the_bucket_for_the_prefix_only(translate: Translate) -> None:
    statements = translate(Needs(attachments=(ObjectAccess("attachments/", ("list",)),)), RESOURCES)
    assert allows(statements, "s3:ListBucket", ATTACHMENTS, {"s3:prefix": "attachments/u1/"})
    assert not allows(statements, "s3:ListBucket", ATTACHMENTS, {"s3:prefix": "legal/"})
    assert not allows(statements, "s3:ListBucket", ATTACHMENTS, {})
    assert not allows(statements, "s3:GetObject", f"{ATTACHMENTS}/attachments/u1/abc")


def test_legal_files_bring_the_legal_key_for_what_they_do(translate: Translate) -> None:
    writes = translate(Needs(legal_files=(ObjectAccess("legal/holds/", ("write",)),)), RESOURCES)
    assert allows(writes, "s3:PutObject", f"{LEGAL}/legal/holds/h1/copy")
    assert allows(writes, "kms:GenerateDataKey", RESOURCES.legal_key_arn)
    assert not allows(writes, "kms:Decrypt", RESOURCES.legal_key_arn)
    deletes = translate(Needs(legal_files=(ObjectAccess("legal/holds/", ("delete",)),)), RESOURCES)
    assert not any(allows(deletes, a, RESOURCES.legal_key_arn) for a in ("kms:Decrypt", "kms:GenerateDataKey"))
    reads = translate(Needs(legal_files=(ObjectAccess("legal/packages/", ("read",)),)), RESOURCES)
    assert allows(reads, "kms:Decrypt", RESOURCES.legal_key_arn)


def test_queues_are_granted_sending_to_the_named_worker_only(translate: Translate) -> None:
    statements = translate(Needs(sends_to=("mail_worker",)), RESOURCES)
    assert allows(statements, "sqs:SendMessage", RESOURCES.queue_arns["mail_worker"])
    assert not allows(statements, "sqs:SendMessage", RESOURCES.queue_arns["order_dispatcher"])
    assert not allows(statements, "sqs:ReceiveMessage", RESOURCES.queue_arns["mail_worker"])


def test_mail_is_sent_from_the_stage_identity_only(translate: Translate) -> None:
    statements = translate(Needs(sends_mail=True), RESOURCES)
    assert allows(statements, "ses:SendEmail", RESOURCES.mail_identity_arn)
    assert not allows(translate(Needs(), RESOURCES), "ses:SendEmail", RESOURCES.mail_identity_arn)


def test_an_unknown_function_is_refused_by_name() -> None:
    with pytest.raises(KeyError, match="'brand_new'"):
        policy_statements("brand_new", RESOURCES)


def test_every_function_of_the_layout_has_access_declared_and_no_other() -> None:
    app = load_app()
    functions = {*layout.group_names(), *(h.name for h in sqs_handlers(app)),
                 *(h.name for h in scheduled_handlers(app))}
    assert set(NEEDS) == functions


@pytest.mark.parametrize("name", sorted(NEEDS))
def test_no_statement_names_a_wildcard_action_or_every_resource(name: str) -> None:
    for statement in policy_statements(name, RESOURCES):
        document = statement.to_statement_json()
        actions = [document["Action"]] if isinstance(document["Action"], str) else document["Action"]
        resources = [document["Resource"]] if isinstance(document["Resource"], str) else document["Resource"]
        assert not any("*" in action for action in actions), document
        assert "*" not in resources, document
