"""A fix for DynamoDB Local's writes slowing down as stream records pile up.

DynamoDB Local keeps every stream record of every table in one SQLite table (`us`, keyed by
sequence number) for 24 hours, and before each write to a table with a stream it looks for the
oldest record of that table's stream (`SELECT MIN(SequenceNumber) FROM us WHERE StreamID = ?`).
Without an index on the stream id SQLite walks the records in sequence order until it meets one
of that stream, so a table created late (each test's fresh table) pays for every record written
before it: over a full test run each write grew from milliseconds to hundreds of milliseconds.
An index on (StreamID, SequenceNumber), and one on the shard for GetRecords, makes both lookups
a seek. It is added through a second SQLite connection once DynamoDB Local has created its
schema; SQLite re-plans DynamoDB Local's statements when the schema changes.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from pathlib import Path

import boto3

SHARED_DB_FILE = "shared-local-instance.db"  # the file -sharedDb writes under -dbPath
INDEXES = (
    "CREATE INDEX IF NOT EXISTS panel_us_by_stream ON us (StreamID, SequenceNumber)",
    "CREATE INDEX IF NOT EXISTS panel_us_by_shard ON us (ShardID, SequenceNumber)",
)


def index_stream_records(port: int, database: Path, seconds: float = 30) -> None:
    """Make DynamoDB Local create its schema (its first request does), then add the indexes."""
    client = boto3.client("dynamodb", endpoint_url=f"http://127.0.0.1:{port}", region_name="us-east-1",
                          aws_access_key_id="local", aws_secret_access_key="local")  # noqa: S106 (any key works)
    client.list_tables(Limit=1)
    deadline = time.monotonic() + seconds
    while True:
        try:
            with contextlib.closing(sqlite3.connect(database, timeout=5)) as db:
                for statement in INDEXES:
                    db.execute(statement)
                db.commit()
            return
        except sqlite3.OperationalError as exc:  # schema not there yet, or the database busy
            if time.monotonic() > deadline:
                raise RuntimeError(f"could not index DynamoDB Local's stream records in {database}: {exc}") from exc
            time.sleep(0.2)
