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
