"""Disclosure packages (promises L4, L8; docs/legal.md, "The disclosure package").

`build` is called by the legal request register when a disclosure (or an emergency) request is
accepted. It reads the account's records for the period (paged store reads), keeps exactly what
`domain/legal_disclosure.select` allows, writes the package as JSON and as a readable HTML report,
both encrypted under `legal/packages/`, and records the package (categories, period, counts and
the sha256 of each file) with its audit record. One package per request: a repeat returns it.

`download` hands a file to legal staff through the API itself (not a presigned link), after
checking its digest and writing a `legal_package.downloaded` audit record.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date

from chalicelib.adapters import legal_files
from chalicelib.domain import legal_disclosure as selection
from chalicelib.domain import legal_package as rules
from chalicelib.domain.audit_log import Action, SubjectKind
from chalicelib.domain.errors import Conflict, InvalidInput, NotFound
from chalicelib.domain.legal_holds import check_request_id
from chalicelib.domain.legal_package import Format, Package, StoredFile
from chalicelib.observability import logger
from chalicelib.services import audit_log, clock
from chalicelib.services.legal_holds import bucket
from chalicelib.settings import get_settings
from chalicelib.store import legal_packages, legal_records

__all__ = ["Download", "Format", "Package", "build", "download", "get"]

PACKAGE_PREFIX = "legal/packages/"


@dataclass(frozen=True)
class Download:
    filename: str
    content_type: str
    body: bytes


def build(request_id: str, user_id: str, categories: list[str], period: tuple[date, date], staff_id: str,
          *, emergency: bool = False) -> Package:
    """Build, store and record the request's package. `emergency=True` (an emergency request,
    Section 9) allows only basic subscriber data and login IPs: anything more is refused, even
    though the decision step already limits it."""
    check_request_id(request_id)
    chosen = [c.value for c in selection.categories_of(categories, emergency=emergency)]
    period = selection.check_period(period)
    package_id = rules.package_id_for(request_id)
    existing = legal_packages.get(package_id)
    if existing is not None:
        return _same(existing, user_id, chosen, period)
    records = legal_records.account(user_id, period)
    if records is None:
        raise NotFound("No account with this id.")
    data = selection.select(records, chosen, period, emergency=emergency)
    now = clock.now()
    content = rules.document(package_id, request_id, period, now, data, emergency=emergency)
    folder = f"{PACKAGE_PREFIX}{package_id}/{secrets.token_hex(8)}/"
    files: dict[Format, StoredFile] = {}
    bodies = {Format.JSON: rules.to_json(content), Format.HTML: rules.to_html(content)}
    try:
        for fmt, body in bodies.items():
            key = f"{folder}package.{fmt.value}"
            legal_files.put(bucket(), key, body, rules.CONTENT_TYPES[fmt], get_settings().legal_kms_key_id)
            files[fmt] = StoredFile(key, hashlib.sha256(body).hexdigest(), len(body))
        package = Package(package_id, request_id, user_id, tuple(chosen), period, selection.counts(data), staff_id,
                          now, files, emergency)
        audit = audit_log.action(audit_log.build(
            Action.LEGAL_PACKAGE_BUILT, SubjectKind.LEGAL_PACKAGE, package_id, actor=staff_id,
            after={"request_id": request_id, "user_id": user_id, "categories": chosen,
                   "period": [period[0].isoformat(), period[1].isoformat()], "counts": package.counts,
                   "emergency": emergency, "sha256": {fmt.value: f.sha256 for fmt, f in files.items()}}))
        built = legal_packages.insert(package, audit)
    except Exception:
        _delete(files)
        raise
    if not built:   # built by a concurrent call: keep that one
        _delete(files)
        winner = legal_packages.get(package_id)
        if winner is None:
            raise Conflict("The package changed while it was being built; try again.")
        return _same(winner, user_id, chosen, period)
    logger.info("disclosure package built", extra={"package_id": package_id, "counts": package.counts})
    return package


def _delete(files: dict[Format, StoredFile]) -> None:
    for stored in files.values():
        legal_files.delete(bucket(), stored.key)


def _same(package: Package, user_id: str, categories: list[str], period: tuple[date, date]) -> Package:
    if (package.user_id, list(package.categories), package.period) != (user_id, categories, period):
        raise Conflict("A package with other contents was already built for this request.",
                       fields={"request_id": "taken"})
    return package


def get(package_id: str) -> Package:
    found = legal_packages.get(package_id) if package_id.startswith("PKG-") else None
    if found is None:
        raise NotFound("No disclosure package with this id.")
    return found


def download(package_id: str, file_format: str, staff_id: str) -> Download:
    """One of the package's files, its digest checked, the download audited."""
    try:
        fmt = Format(file_format)
    except ValueError:
        raise InvalidInput("format must be json or html.", fields={"format": "unknown"}) from None
    package = get(package_id)
    stored = package.files[fmt]
    body = legal_files.get(bucket(), stored.key)
    if body is None or hashlib.sha256(body).hexdigest() != stored.sha256:
        logger.error("disclosure package file missing or altered", extra={"package_id": package_id,
                                                                         "format": fmt.value})
        raise Conflict("This package's file is missing or does not match its recorded digest; rebuild it.")
    audit_log.record(Action.LEGAL_PACKAGE_DOWNLOADED, SubjectKind.LEGAL_PACKAGE, package_id, actor=staff_id,
                     after={"format": fmt.value, "sha256": stored.sha256, "request_id": package.request_id})
    return Download(f"{package_id}.{fmt.value}", rules.CONTENT_TYPES[fmt], body)
