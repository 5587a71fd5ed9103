"""The legal team's files in S3: preservation holds' frozen copies (`legal/holds/`) and
disclosure packages (`legal/packages/`), always written encrypted at rest.

Every object is written with server-side encryption: SSE-KMS with `PANEL_LEGAL_KMS_KEY_ID`
when set (a key whose policy only the legal functions may use), else SSE-S3 (AES-256). A
write whose answer does not confirm the encryption is an error. boto3 takes the endpoint from
AWS_ENDPOINT_URL_S3 (moto's S3 locally), as the attachments adapter does.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from chalicelib.adapters.attachments import is_missing


@lru_cache(maxsize=1)
def _s3() -> Any:
    return boto3.client("s3", config=Config(signature_version="s3v4", connect_timeout=2, read_timeout=10,
                                            retries={"max_attempts": 3, "mode": "standard"}))


def put(bucket: str, key: str, body: bytes, content_type: str, kms_key_id: str = "") -> None:
    """Store `body` encrypted; raises if S3 does not confirm the encryption."""
    extra: dict[str, Any] = ({"ServerSideEncryption": "aws:kms", "SSEKMSKeyId": kms_key_id} if kms_key_id
                             else {"ServerSideEncryption": "AES256"})
    answer = _s3().put_object(Bucket=bucket, Key=key, Body=body, ContentType=content_type, **extra)
    if answer.get("ServerSideEncryption") != extra["ServerSideEncryption"]:
        raise RuntimeError("S3 did not confirm server-side encryption of a legal file")


def get(bucket: str, key: str) -> bytes | None:
    """The object's bytes, or None when there is none."""
    try:
        found = _s3().get_object(Bucket=bucket, Key=key)
    except ClientError as exc:
        if is_missing(exc):
            return None
        raise
    return bytes(found["Body"].read())


def encryption_of(bucket: str, key: str) -> str | None:
    """How the object is encrypted at rest (`AES256`, `aws:kms`), or None without an object."""
    try:
        found = _s3().head_object(Bucket=bucket, Key=key)
    except ClientError as exc:
        if is_missing(exc):
            return None
        raise
    encryption = found.get("ServerSideEncryption")
    return str(encryption) if encryption else None


def delete(bucket: str, key: str) -> None:
    """Delete the object (nothing happens when it is gone already)."""
    _s3().delete_object(Bucket=bucket, Key=key)
