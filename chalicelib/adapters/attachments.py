"""Ticket attachments in S3: presigned uploads and downloads, and what an uploaded object is.

Browsers upload straight to the bucket with a presigned POST (the API never carries the
bytes) and download through short-lived presigned GETs. boto3 takes the endpoint from
AWS_ENDPOINT_URL_S3 (moto's S3 on the local stack), so no code path knows which; with an IP
address as endpoint botocore addresses buckets by path, as moto needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import quote, unquote

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

FILENAME_METADATA = "filename"


@lru_cache(maxsize=1)
def _s3() -> Any:
    return boto3.client("s3", config=Config(signature_version="s3v4", connect_timeout=2, read_timeout=5,
                                            retries={"max_attempts": 3, "mode": "standard"}))


@dataclass(frozen=True)
class StoredObject:
    size: int
    content_type: str
    filename: str | None


def presigned_post(bucket: str, key: str, content_type: str, filename: str, max_bytes: int,
                   expires_seconds: int) -> dict[str, Any]:
    """A form the browser posts the file with: exactly this key, this Content-Type and at most
    `max_bytes` (S3 enforces the policy; the server checks the object again before use)."""
    filename_meta = quote(filename, safe="")
    fields = {"Content-Type": content_type, f"x-amz-meta-{FILENAME_METADATA}": filename_meta}
    conditions: list[Any] = [{"Content-Type": content_type}, ["content-length-range", 1, max_bytes],
                             {f"x-amz-meta-{FILENAME_METADATA}": filename_meta}]
    post = _s3().generate_presigned_post(bucket, key, Fields=fields, Conditions=conditions,
                                         ExpiresIn=expires_seconds)
    return {"url": post["url"], "fields": post["fields"]}


def is_missing(exc: ClientError) -> bool:
    """True when S3 answered that there is no such object."""
    return exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound")


def head(bucket: str, key: str) -> StoredObject | None:
    """The object's size, type and original file name, or None if nothing was uploaded there."""
    try:
        found = _s3().head_object(Bucket=bucket, Key=key)
    except ClientError as exc:
        if is_missing(exc):
            return None
        raise
    name = (found.get("Metadata") or {}).get(FILENAME_METADATA)
    return StoredObject(int(found["ContentLength"]), str(found.get("ContentType", "")),
                        unquote(name) if name else None)


def read_start(bucket: str, key: str, count: int) -> bytes:
    """The object's first `count` bytes (a ranged GET): enough to check a file's magic number."""
    found = _s3().get_object(Bucket=bucket, Key=key, Range=f"bytes=0-{count - 1}")
    return bytes(found["Body"].read(count))


def delete(bucket: str, key: str) -> None:
    _s3().delete_object(Bucket=bucket, Key=key)


def presigned_get(bucket: str, key: str, filename: str, content_type: str, expires_seconds: int) -> str:
    """A download link: always served as an attachment (never rendered on the bucket's origin)."""
    disposition = f"attachment; filename*=UTF-8''{quote(filename, safe='')}"
    return str(_s3().generate_presigned_url("get_object", ExpiresIn=expires_seconds, Params={
        "Bucket": bucket, "Key": key, "ResponseContentDisposition": disposition,
        "ResponseContentType": content_type,
    }))


def delete_under(bucket: str, prefix: str) -> int:
    """Delete every object whose key starts with `prefix` (a page of 1,000 at a time);
    returns how many were deleted. Erasure uses it for a user's own upload prefix."""
    deleted = 0
    while True:
        listed = _s3().list_objects_v2(Bucket=bucket, Prefix=prefix, MaxKeys=1000)
        names = [{"Key": item["Key"]} for item in listed.get("Contents", [])]
        if not names:
            return deleted
        _s3().delete_objects(Bucket=bucket, Delete={"Objects": names, "Quiet": True})
        deleted += len(names)
