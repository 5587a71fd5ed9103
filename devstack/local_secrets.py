"""The local stack's secrets outlive a restart. moto keeps its Secrets Manager in memory, so
`make run` restores the stage's secrets from `.local/secrets.json` (mode 0600, ignored by git)
when it starts and writes them back after provisioning and when it stops. The app never reads
this file: it always talks to Secrets Manager (moto's), as in the cloud.

Without it a restart would lose the TOTP sealing key, and with it every staff sign-in kept in
DynamoDB Local's persistent data. Files written before secrets moved to Secrets Manager
(`/smm-panel/<stage>/<name>` keys, the Parameter Store spelling) are read as well.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import boto3
from botocore.exceptions import ClientError

from chalicelib import secret_names


def _stage_secrets(stage: str) -> dict[str, str]:
    client = boto3.client("secretsmanager")
    prefix = secret_names.prefix(stage)
    found: dict[str, str] = {}
    for page in client.get_paginator("list_secrets").paginate(Filters=[{"Key": "name", "Values": [prefix]}]):
        for entry in page["SecretList"]:
            if entry["Name"].startswith(prefix):
                found[entry["Name"]] = client.get_secret_value(SecretId=entry["ARN"])["SecretString"]
    return found


def save(path: Path, stage: str) -> int:
    """Write the stage's secrets to `path` (owner-only); the number written."""
    found = _stage_secrets(stage)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.touch(mode=0o600)
    os.chmod(tmp, 0o600)
    tmp.write_text(json.dumps(found, indent=1, sort_keys=True))
    tmp.replace(path)
    return len(found)


def restore(path: Path, stage: str) -> int:
    """Put the stage's secrets saved in `path` back into Secrets Manager; the number restored."""
    if not path.exists():
        return 0
    client = boto3.client("secretsmanager")
    prefix = secret_names.prefix(stage)
    restored = 0
    for name, value in json.loads(path.read_text()).items():
        name = name.removeprefix("/")
        if not name.startswith(prefix):
            continue
        try:
            client.create_secret(Name=name, SecretString=value)
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") != "ResourceExistsException":
                raise
            client.put_secret_value(SecretId=name, SecretString=value)
        restored += 1
    return restored
