"""Change reports of catalog imports and syncs (domain/catalog_changes), until staff acknowledge them."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

from chalicelib.domain.catalog_changes import ChangeLine
from chalicelib.store import dynamo, keys, schema


def put_report(report_id: int, provider_id: int, run: str, at: datetime, lines: list[ChangeLine]) -> None:
    dynamo.put({**keys.catalog_change(report_id), **keys.open_catalog_change_index(at.isoformat(), report_id),
                "type": "catalog_change", "report_id": report_id, "provider_id": provider_id, "run": run,
                "at": at.isoformat(), "lines": [asdict(line) for line in lines]})


def open_reports() -> list[dict[str, Any]]:
    """Unacknowledged reports, oldest first."""
    return [_report(i) for i in dynamo.query_index(schema.GSI1, keys.OPEN_CATALOG_CHANGES)]


def get_report(report_id: int) -> dict[str, Any] | None:
    item = dynamo.get(keys.catalog_change(report_id))
    return _report(item) if item else None


def acknowledge(report_id: int, staff_id: str, at: datetime) -> bool:
    """Mark a report acknowledged (it leaves the open list); False if it was already, or is not there."""
    done = dynamo.update(keys.catalog_change(report_id),
                         "SET acked_by = :by, acked_at = :at REMOVE gsi1pk, gsi1sk",
                         condition="attribute_exists(pk) AND attribute_not_exists(acked_at)", by=staff_id,
                         at=at.isoformat())
    return done is not None


def _report(item: dict[str, Any]) -> dict[str, Any]:
    return {"id": int(item["report_id"]), "provider_id": int(item["provider_id"]), "run": item["run"],
            "at": item["at"], "acked_by": item.get("acked_by"), "acked_at": item.get("acked_at"),
            "lines": [_line(line) for line in item.get("lines", [])]}


def _line(item: dict[str, Any]) -> ChangeLine:
    service_id = item.get("service_id")
    return ChangeLine(kind=item["kind"], provider_service=item["provider_service"], name=item["name"],
                      service_id=int(service_id) if service_id is not None else None, old=item.get("old"),
                      new=item.get("new"))
