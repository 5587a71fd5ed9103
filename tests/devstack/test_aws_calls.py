"""The AWS call recorder's rules: which IAM action and resource each operation needs, the names of
secrets from either store, and calls counted only inside a function."""

from __future__ import annotations

from pathlib import Path

import boto3
from botocore.config import Config

from devstack import aws_calls
from devstack.aws_calls import Recorder, serving


def describe(service: str, operation: str, **params: object) -> list[tuple[str, dict[str, str]]]:
    return list(Recorder(Path("unused"), "dev").describe(service, operation, params))


def test_a_transaction_is_checked_item_by_item_under_each_items_action() -> None:
    calls = describe("dynamodb", "TransactWriteItems", TransactItems=[
        {"Put": {"TableName": "t"}}, {"Update": {"TableName": "t"}}, {"ConditionCheck": {"TableName": "t"}}])
    assert [action for action, _ in calls] == ["dynamodb:PutItem", "dynamodb:UpdateItem",
                                               "dynamodb:ConditionCheckItem"]


def test_a_query_names_its_index() -> None:
    assert describe("dynamodb", "Query", TableName="t", IndexName="gsi2") == [
        ("dynamodb:Query", {"type": "table", "name": "t", "index": "gsi2"})]
    assert describe("dynamodb", "GetItem", TableName="t") == [("dynamodb:GetItem", {"type": "table", "name": "t"})]


def test_s3_operations_are_recorded_under_their_iam_actions() -> None:
    assert describe("s3", "HeadObject", Bucket="b", Key="k") == [
        ("s3:GetObject", {"type": "object", "bucket": "b", "key": "k"})]
    assert describe("s3", "DeleteObjects", Bucket="b", Delete={"Objects": [{"Key": "a"}, {"Key": "c"}]}) == [
        ("s3:DeleteObject", {"type": "object", "bucket": "b", "key": "a"}),
        ("s3:DeleteObject", {"type": "object", "bucket": "b", "key": "c"})]
    assert describe("s3", "ListObjectsV2", Bucket="b", Prefix="p/") == [
        ("s3:ListBucket", {"type": "bucket", "bucket": "b", "prefix": "p/"})]


def test_a_secret_is_named_as_the_app_names_it() -> None:
    assert describe("secrets-manager", "GetSecretValue", SecretId="smm-panel/dev/provider/3/api-key") == [
        ("secretsmanager:GetSecretValue", {"type": "secret", "name": "provider/3/api-key"})]
    assert describe("secrets-manager", "CreateSecret", Name="smm-panel/dev/totp/key") == [
        ("secretsmanager:CreateSecret", {"type": "secret", "name": "totp/key"})]


def test_only_calls_inside_a_function_are_written_once_each(tmp_path: Path) -> None:
    recorder = Recorder(tmp_path / "calls.jsonl", "dev")
    recorder.record("sqs:SendMessage", {"type": "queue", "name": "q"})  # set-up: no function
    with serving("orders"):
        recorder.record("sqs:SendMessage", {"type": "queue", "name": "q"})
        recorder.record("sqs:SendMessage", {"type": "queue", "name": "q"})
    assert aws_calls.read(recorder.path) == [
        {"function": "orders", "action": "sqs:SendMessage", "resource": {"type": "queue", "name": "q"}}]


def test_presigned_urls_and_posts_are_recorded_with_their_keys(tmp_path: Path) -> None:
    """Signing needs the permission the browser later uses; no request leaves the process."""
    session = boto3.Session(aws_access_key_id="k", aws_secret_access_key="s", region_name="eu-west-2")
    recorder = Recorder(tmp_path / "calls.jsonl", "dev")
    aws_calls.hook(session.events, recorder)
    s3 = session.client("s3", config=Config(signature_version="s3v4"))
    with serving("tickets"):
        s3.generate_presigned_url("get_object", Params={"Bucket": "b", "Key": "attachments/u1/x"})
        s3.generate_presigned_post("b", "attachments/u1/y")
    assert [(r["action"], r["resource"]["key"]) for r in aws_calls.read(recorder.path)] == [
        ("s3:GetObject", "attachments/u1/x"), ("s3:PutObject", "attachments/u1/y")]
