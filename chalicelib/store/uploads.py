"""Claims of ticket uploads not yet attached (docs/privacy.md, class `unattached_uploads`): one
item per upload form issued, deleted when a message takes the file; the retention purge deletes
the file of a claim still there a day later."""

from __future__ import annotations

from datetime import datetime

from botocore.exceptions import ClientError

from chalicelib.store import dynamo, keys
from chalicelib.store.keys.base import utc_stamp


def claim(object_key: str, user_id: str, at: datetime) -> None:
    dynamo.put({**keys.pending_upload(object_key), **keys.pending_upload_index(utc_stamp(at), object_key),
                "type": "pending_upload", "object_key": object_key, "user_id": user_id, "issued_at": at.isoformat()})


def take(object_key: str) -> bool:
    """A message takes the upload: its claim goes, so the purge keeps the file. False when there
    was no claim (taken before, or purged: the caller then finds the file gone)."""
    try:
        dynamo.client().delete_item(TableName=dynamo.table_name(),
                                    Key=dynamo.to_attributes(keys.pending_upload(object_key)),
                                    ConditionExpression="attribute_exists(pk)")
    except ClientError as exc:
        if dynamo.is_conditional_failure(exc):
            return False
        raise
    return True
