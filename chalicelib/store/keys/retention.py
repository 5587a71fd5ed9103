"""The retention purge's own state: where each data class's sweep resumes."""

from __future__ import annotations

from chalicelib.store.keys.base import Key


def retention_cursor(data_class: str) -> Key:
    """Where the next run of one data class's sweep starts (its watermark or scan position)."""
    return {"pk": f"RETENTION#{data_class}", "sk": "CURSOR"}


def idempotency_owner(partition: str) -> str | None:
    """The user id in an idempotency record's partition key (`IDEMPOTENCY#<user>#<hash>`)."""
    if not partition.startswith("IDEMPOTENCY#"):
        return None
    owner, _, _ = partition.removeprefix("IDEMPOTENCY#").rpartition("#")
    return owner or None


PENDING_UPLOADS = "UPLOADS#pending"   # GSI2: uploads not yet named by a message, by when issued


def pending_upload(object_key: str) -> Key:
    """The claim of an upload form issued and not yet attached: the purge deletes the file if
    no message names it within a day; attaching it deletes this item."""
    return {"pk": f"UPLOAD#{object_key}", "sk": "PENDING"}


def pending_upload_index(issued_stamp: str, object_key: str) -> Key:
    return {"gsi2pk": PENDING_UPLOADS, "gsi2sk": f"{issued_stamp}#{object_key}"}
