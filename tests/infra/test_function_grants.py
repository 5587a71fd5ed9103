"""A grant on every resource cannot hide behind the X-Ray acknowledgement: building the
function refuses it (no synth needed)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import aws_cdk as cdk
import pytest
from aws_cdk import aws_iam as iam
from aws_cdk import aws_logs as logs

from infra import access
from infra.bundle import Bundle
from infra.functions import FunctionSettings, PanelFunctions, job_spec
from infra.resources import PanelResources


def test_a_grant_on_every_resource_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    archive = tmp_path / "code.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("app.py", "app = None\n")
    monkeypatch.setattr(access, "policy_statements", lambda name, resources: [
        iam.PolicyStatement(actions=["ses:SendEmail"], resources=["*"])])
    resources = PanelResources(stage="dev", region="eu-west-2", account="123456789012", table_arn="t",
                               queue_arns={}, attachments_bucket_arn="a", legal_bucket_arn="l",
                               legal_key_arn="k", mail_identity_arn="m")
    stack = cdk.Stack(cdk.App(outdir=str(tmp_path / "out")), "Grants")
    functions = PanelFunctions(stack, "Functions", bundle=Bundle(archive, archive), settings=FunctionSettings(
        stage="dev", environment={}, resources=resources, log_retention=logs.RetentionDays.ONE_DAY,
        reserved_concurrency={}))
    with pytest.raises(ValueError, match="grants 'sync_catalog' an action on every resource"):
        functions.add(job_spec("sync_catalog"))
