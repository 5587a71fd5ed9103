"""`make run` keeps the local stage's secrets across restarts of moto (which forgets them)."""

from __future__ import annotations

import json
import secrets
import stat
from pathlib import Path

import boto3

from devstack import local_secrets


def test_secrets_saved_owner_only_come_back_after_moto_forgot_them(backing_services: None, tmp_path: Path) -> None:
    client = boto3.client("secretsmanager")
    name = f"smm-panel/test/provider/{secrets.token_hex(4)}/api-key"
    client.create_secret(Name=name, SecretString="kept-value")
    saved = tmp_path / "secrets.json"

    local_secrets.save(saved, "test")
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    assert json.loads(saved.read_text())[name] == "kept-value"
    client.delete_secret(SecretId=name, ForceDeleteWithoutRecovery=True)

    local_secrets.restore(saved, "test")
    assert client.get_secret_value(SecretId=name)["SecretString"] == "kept-value"


def test_a_file_of_the_parameter_store_days_is_restored(backing_services: None, tmp_path: Path) -> None:
    name = f"smm-panel/test/totp/{secrets.token_hex(4)}"
    old = tmp_path / "secrets.json"
    old.write_text(json.dumps({f"/{name}": "sealing-key", "/smm-panel/other-stage/x": "not ours"}))
    assert local_secrets.restore(old, "test") == 1
    assert boto3.client("secretsmanager").get_secret_value(SecretId=name)["SecretString"] == "sealing-key"
