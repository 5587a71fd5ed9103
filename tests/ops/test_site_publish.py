"""`panel --stage dev site publish` against moto's S3, CloudFront and CloudFormation: the stage's
bucket and distribution found by their exports, every file uploaded with its content type and
cache header, index.html last, CloudFront invalidated, stale files removed."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from click.testing import CliRunner
from moto import mock_aws

from ops import site
from ops.cli import cli

REGION = "eu-west-2"


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """moto in-process: the test stack's endpoint variables would send boto3 to its moto server."""
    for name in [n for n in os.environ if n.startswith("AWS_ENDPOINT_URL")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    monkeypatch.setenv("AWS_REGION", REGION)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    with mock_aws():
        yield


def _distribution() -> str:
    config = {
        "CallerReference": "site", "Comment": "", "Enabled": True,
        "Origins": {"Quantity": 1, "Items": [{"Id": "site", "DomainName": "site.s3.amazonaws.com",
                                              "S3OriginConfig": {"OriginAccessIdentity": ""}}]},
        "DefaultCacheBehavior": {"TargetOriginId": "site", "ViewerProtocolPolicy": "redirect-to-https",
                                 "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6"},
    }
    distribution: dict[str, Any] = boto3.client("cloudfront").create_distribution(DistributionConfig=config)
    return str(distribution["Distribution"]["Id"])


def _deploy_stage(stage: str) -> tuple[str, str]:
    """A stack with the site bucket and the exports infra/edge.py gives them, as a deploy leaves it."""
    distribution_id = _distribution()
    template = {
        "Resources": {"Site": {"Type": "AWS::S3::Bucket"}},
        "Outputs": {
            "SiteBucketName": {"Value": {"Ref": "Site"}, "Export": {"Name": f"smm-panel-{stage}-site-bucket"}},
            "DistributionId": {"Value": distribution_id, "Export": {"Name": f"smm-panel-{stage}-distribution-id"}},
        },
    }
    cloudformation = boto3.client("cloudformation")
    cloudformation.create_stack(StackName=f"smm-panel-{stage}", TemplateBody=json.dumps(template))
    bucket = cloudformation.describe_stack_resource(
        StackName=f"smm-panel-{stage}", LogicalResourceId="Site")["StackResourceDetail"]["PhysicalResourceId"]
    return bucket, distribution_id


def _build(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def test_publish_uploads_the_build_invalidates_and_removes_stale_files(aws: None, tmp_path: Path) -> None:
    bucket, distribution_id = _deploy_stage("dev")
    s3 = boto3.client("s3")
    s3.put_object(Bucket=bucket, Key="old-chunk.js", Body=b"stale")
    s3.put_object(Bucket=bucket, Key="app.js", Body=b"previous build")
    dist = _build(tmp_path / "dist", {"index.html": "<!doctype html>", "app.js": "new()", "app.js.map": "{}",
                                      "app.css": "body{}", "fonts/panel.woff2": "woff"})

    result = CliRunner().invoke(cli, ["--stage", "dev", "site", "publish", "--dist", str(dist)])

    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert (report["bucket"], report["uploaded"], report["removed"]) == (bucket, 5, ["old-chunk.js"])
    keys = {item["Key"] for item in s3.list_objects_v2(Bucket=bucket)["Contents"]}
    assert keys == {"index.html", "app.js", "app.js.map", "app.css", "fonts/panel.woff2"}
    expected_types = {"index.html": "text/html; charset=utf-8", "app.js": "text/javascript; charset=utf-8",
                      "app.js.map": "application/json", "app.css": "text/css; charset=utf-8",
                      "fonts/panel.woff2": "font/woff2"}
    for key, content_type in expected_types.items():
        head = s3.head_object(Bucket=bucket, Key=key)
        assert (head["ContentType"], head["CacheControl"]) == (content_type, site.CACHE_CONTROL), key
    assert s3.get_object(Bucket=bucket, Key="app.js")["Body"].read() == b"new()"
    invalidations = boto3.client("cloudfront").list_invalidations(DistributionId=distribution_id)
    [invalidation] = invalidations["InvalidationList"]["Items"]
    assert invalidation["Id"] == report["invalidation"]
    paths = boto3.client("cloudfront").get_invalidation(DistributionId=distribution_id, Id=invalidation["Id"])
    assert paths["Invalidation"]["InvalidationBatch"]["Paths"]["Items"] == ["/*"]


def test_index_goes_up_last(tmp_path: Path) -> None:
    dist = _build(tmp_path, {"index.html": "", "app.js": "", "a/z.css": "", "zz.js": ""})
    assert [key for key, _ in site.site_files(dist)] == ["a/z.css", "app.js", "zz.js", "index.html"]


def test_an_unknown_file_kind_stops_the_publish_before_any_upload(aws: None, tmp_path: Path) -> None:
    bucket, _ = _deploy_stage("dev")
    dist = _build(tmp_path, {"index.html": "", "app.js": "", "notes.docx": ""})
    result = CliRunner().invoke(cli, ["--stage", "dev", "site", "publish", "--dist", str(dist)])
    assert result.exit_code == 2
    assert "notes.docx: no content type known for .docx" in result.output
    assert "Contents" not in boto3.client("s3").list_objects_v2(Bucket=bucket)


def test_a_build_without_index_is_refused(tmp_path: Path) -> None:
    _build(tmp_path, {"app.js": ""})
    with pytest.raises(site.PublishError, match="npm run build"):
        site.site_files(tmp_path)


def test_an_undeployed_stage_is_named(aws: None, tmp_path: Path) -> None:
    _deploy_stage("dev")
    dist = _build(tmp_path, {"index.html": ""})
    result = CliRunner().invoke(cli, ["--stage", "prod", "site", "publish", "--dist", str(dist)])
    assert result.exit_code == 2
    assert "smm-panel-prod-distribution-id, smm-panel-prod-site-bucket" in result.output


def test_the_local_stack_is_not_a_publish_target(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--stage", "local", "site", "publish", "--dist", str(tmp_path)])
    assert result.exit_code == 2
    assert "serves frontend/dist directly" in result.output
