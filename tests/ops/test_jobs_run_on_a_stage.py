"""`panel jobs run NAME --stage dev` invokes the deployed job function `smm-panel-dev-NAME`
(botocore's Stubber checks the exact Lambda call; nothing is deployed in tests)."""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.response import StreamingBody
from botocore.stub import ANY, Stubber
from click.testing import CliRunner

from ops.cli import cli


@pytest.fixture
def lambda_stub(monkeypatch: pytest.MonkeyPatch) -> Iterator[Stubber]:
    saved = dict(os.environ)  # `--stage dev` loads the dev stage's settings into the environment
    client = boto3.client("lambda", region_name="eu-west-2", aws_access_key_id="test", aws_secret_access_key="test")
    monkeypatch.setattr(boto3, "client", lambda service, *a, **k: client if service == "lambda" else None)
    with Stubber(client) as stubber:
        yield stubber
        stubber.assert_no_pending_responses()
    os.environ.clear()
    os.environ.update(saved)
    from chalicelib.settings import get_settings

    get_settings.cache_clear()


def payload(body: dict[str, Any]) -> StreamingBody:
    raw = json.dumps(body).encode()
    return StreamingBody(io.BytesIO(raw), len(raw))


def test_a_job_runs_as_the_stages_deployed_function(lambda_stub: Stubber) -> None:
    lambda_stub.add_response("invoke", {"StatusCode": 200, "Payload": payload({"synced": 3})},
                             {"FunctionName": "smm-panel-dev-sync_catalog", "Payload": ANY})
    result = CliRunner().invoke(cli, ["--stage", "dev", "jobs", "run", "sync_catalog"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {"synced": 3}


def test_a_job_that_raised_fails_the_command(lambda_stub: Stubber) -> None:
    lambda_stub.add_response("invoke", {"StatusCode": 200, "FunctionError": "Unhandled",
                                        "Payload": payload({"errorMessage": "boom"})},
                             {"FunctionName": "smm-panel-prod-audit_ledgers", "Payload": ANY})
    result = CliRunner().invoke(cli, ["--stage", "prod", "jobs", "run", "audit_ledgers"])
    assert result.exit_code == 2
    assert "smm-panel-prod-audit_ledgers failed (Unhandled)" in result.output
