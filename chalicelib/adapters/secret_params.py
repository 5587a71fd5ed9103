"""Secrets (provider API keys): SSM Parameter Store SecureString in the cloud, or a JSON
file (ignored by git, mode 0600) for the local stack. The backend is a setting.

Named `secret_params` (SSM parameters), not `secrets`, so that it never shadows the standard
library's `secrets` module in a file that needs both."""

from __future__ import annotations

import json
import os
from functools import lru_cache
from typing import Any

import boto3

from chalicelib.settings import get_settings


@lru_cache(maxsize=1)
def _ssm() -> Any:
    return boto3.client("ssm")


def _name(name: str) -> str:
    return f"/smm-panel/{get_settings().stage}/{name}"


def put(name: str, value: str) -> None:
    path = get_settings().secrets_file
    if path is not None:
        data = json.loads(path.read_text()) if path.exists() else {}
        data[_name(name)] = value
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data))
        os.chmod(tmp, 0o600)
        tmp.replace(path)
        return
    _ssm().put_parameter(Name=_name(name), Value=value, Type="SecureString", Overwrite=True)


@lru_cache(maxsize=64)
def _cached(name: str, path: str | None) -> str:
    if path is not None:
        return str(json.loads(open(path).read())[_name(name)])
    return str(_ssm().get_parameter(Name=_name(name), WithDecryption=True)["Parameter"]["Value"])


def get(name: str) -> str:
    path = get_settings().secrets_file
    return _cached(name, str(path) if path is not None else None)


def forget() -> None:
    """Drop cached values after a change (a rotated key)."""
    _cached.cache_clear()
