"""What every key module shares: the key type and the sort keys' time format."""

from __future__ import annotations

from datetime import UTC, datetime

Key = dict[str, str]


def utc_stamp(moment: datetime) -> str:
    """A sort key's time: UTC, microseconds, fixed width, so keys sort as times do."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
