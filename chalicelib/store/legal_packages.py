"""Disclosure packages' records (`LEGALPKG#<id>`): what was built for which request, and the
digest of each file. Written once, with its audit record; never changed."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from chalicelib.domain.legal_package import Format, Package, StoredFile
from chalicelib.store import dynamo, keys


def _item(package: Package) -> dict[str, Any]:
    return {
        **keys.legal_package(package.package_id), "type": "legal_package", "package_id": package.package_id,
        "request_id": package.request_id, "user_id": package.user_id, "categories": list(package.categories),
        "period_start": package.period[0].isoformat(), "period_end": package.period[1].isoformat(),
        "counts": dict(package.counts), "created_by": package.created_by,
        "created_at": package.created_at.isoformat(), "emergency": package.emergency,
        "files": {fmt.value: {"key": f.key, "sha256": f.sha256, "size": f.size} for fmt, f in package.files.items()},
    }


def _package(item: dict[str, Any]) -> Package:
    return Package(
        package_id=item["package_id"], request_id=item["request_id"], user_id=item["user_id"],
        categories=tuple(item["categories"]),
        period=(date.fromisoformat(item["period_start"]), date.fromisoformat(item["period_end"])),
        counts={k: int(v) for k, v in item["counts"].items()}, created_by=item["created_by"],
        created_at=datetime.fromisoformat(item["created_at"]),
        files={Format(name): StoredFile(f["key"], f["sha256"], int(f["size"])) for name, f in item["files"].items()},
        emergency=bool(item.get("emergency", False)),
    )


def insert(package: Package, audit: dict[str, Any]) -> bool:
    """Record the package with its audit record; False (nothing written) when it exists already."""
    try:
        dynamo.transact_write([
            {"Put": {"Item": dynamo.to_attributes(_item(package)), "ConditionExpression": "attribute_not_exists(pk)"}},
            audit])
    except dynamo.TransactionCancelled as cancelled:
        if cancelled.reasons[:1] == ["ConditionalCheckFailed"]:
            return False
        raise
    return True


def get(package_id: str) -> Package | None:
    item = dynamo.get(keys.legal_package(package_id))
    return _package(item) if item else None
