"""The staff audit log: who changed what, when (not to be confused with
services/ledger_audit.py, the job that checks balances against ledgers).

Who acts: a use case that already knows its staff member passes `actor`; otherwise the
actor of the current request or command is used (`acting`): the signed-in staff member's
id for the API, `cli:<os user>` for the command line, `system` for jobs.

How records are written (docs/operations.md):
* where the change is itself one DynamoDB transaction (ledger movements, manual top-ups,
  refunds of reconciled orders, unlocks) the record's Put joins that transaction
  (`action`), so the change cannot happen without its record;
* elsewhere `record` writes it right after the change succeeded: a crash between the two
  can lose a record (never invent one), which we accept for catalog and provider edits.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from chalicelib.domain.audit_log import (
    CHANGED,
    SYSTEM,
    Action,
    AuditRecord,
    Subject,
    SubjectKind,
    changed_fields,
    parse_subject,
    provider_action,
    snapshot,
)
from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.numbers import checked_month
from chalicelib.observability import logger
from chalicelib.services import clock
from chalicelib.store import audit_log as store

_actor: ContextVar[str] = ContextVar("audit_actor", default=SYSTEM)


@contextmanager
def acting(actor: str) -> Iterator[None]:
    """Changes made inside are recorded as `actor`'s."""
    token = _actor.set(actor)
    try:
        yield
    finally:
        _actor.reset(token)


def current_actor() -> str:
    return _actor.get()


def build(action: Action, kind: SubjectKind, subject_id: object, *, before: dict[str, Any] | None = None,
          after: dict[str, Any] | None = None, actor: str | None = None, record_id: str | None = None) -> AuditRecord:
    """A record of a change made now. `record_id`: a deterministic id (e.g. from a ledger entry id)
    so a retried change cannot be recorded twice; random otherwise."""
    return AuditRecord(record_id=record_id or uuid.uuid4().hex, actor=actor or current_actor(), at=clock.now(),
                       action=action, subject=Subject(kind, str(subject_id)), before=snapshot(before),
                       after=snapshot(after))


def action(record: AuditRecord) -> dict[str, Any]:
    """The record's conditional Put, for the change's own transaction."""
    return store.put_action(record)


def record(action_name: Action, kind: SubjectKind, subject_id: object, *, before: dict[str, Any] | None = None,
           after: dict[str, Any] | None = None, actor: str | None = None) -> AuditRecord:
    """Record a change that has just succeeded (outside any transaction)."""
    made = build(action_name, kind, subject_id, before=before, after=after, actor=actor)
    store.insert(made)
    logger.info("staff action recorded", extra={"action": made.action.value, "subject": str(made.subject),
                                                "record_id": made.record_id})
    return made


def month_page(month: str, limit: int, cursor: str | None) -> tuple[list[AuditRecord], str | None]:
    return store.in_month(checked_month(month), limit, cursor)


def subject_page(subject: str, limit: int, cursor: str | None) -> tuple[list[AuditRecord], str | None]:
    parsed = parse_subject(subject)
    if parsed is None:
        raise InvalidInput("'subject' must look like user:<id>, order:<id>, provider:<id>, service:<id> or "
                           "catalog:markup.", fields={"subject": "invalid"})
    return store.of_subject(str(parsed), limit, cursor)


# --- one-line calls for the use cases (their modules stay small and easy to merge) ---------

PROVIDER_FIELDS = ("name", "api_url", "enabled", "low_balance_usd")


def provider_added(provider: Any) -> None:
    record(Action.PROVIDER_ADDED, SubjectKind.PROVIDER, provider.provider_id,
           after={**{f: getattr(provider, f) for f in PROVIDER_FIELDS}, "api_key": CHANGED})


def provider_changed(before: Any, after: Any, *, key_changed: bool) -> None:
    """A provider edit; the API key only ever as "changed"."""
    old, new = changed_fields({f: getattr(before, f) for f in PROVIDER_FIELDS},
                              {f: getattr(after, f) for f in PROVIDER_FIELDS})
    if key_changed:
        new["api_key"] = CHANGED
    if new:
        record(provider_action(new), SubjectKind.PROVIDER, after.provider_id, before=old, after=new)


def service_changed(before: Any, after: Any, names: Iterable[str]) -> None:
    old, new = changed_fields({n: getattr(before, n) for n in names}, {n: getattr(after, n) for n in names})
    if new:
        record(Action.SERVICE_CHANGED, SubjectKind.SERVICE, after.service_id, before=old, after=new)


def rate_set(user_id: str, service_id: int | None, before: Any, after: Any) -> None:
    def fields(rate: Any) -> dict[str, Any] | None:
        return None if rate is None else {"fixed_rate": rate.fixed_rate, "discount_percent": rate.discount_percent}

    record(Action.CUSTOM_RATE_SET, SubjectKind.USER, user_id,
           before={"service": service_id, "rate": fields(before)}, after={"service": service_id, "rate": fields(after)})


def markup_set(before: Any, after: Any) -> None:
    record(Action.GLOBAL_MARKUP_SET, SubjectKind.CATALOG, "markup", before={"markup_percent": before},
           after={"markup_percent": after})


def services_imported(provider_id: int, service_ids: list[int]) -> None:
    if service_ids:
        record(Action.CATALOG_IMPORTED, SubjectKind.PROVIDER, provider_id,
               after={"services": service_ids, "count": len(service_ids)})


def catalog_synced(provider_id: int, changes: list[dict[str, Any]]) -> None:
    """One record per provider and sync that changed prices, limits or availability."""
    if changes:
        record(Action.CATALOG_SYNCED, SubjectKind.PROVIDER, provider_id,
               after={"changes": changes, "count": len(changes)})


def catalog_changes_acked(report_id: int, provider_id: int, lines: int) -> None:
    record(Action.CATALOG_CHANGES_ACKED, SubjectKind.CATALOG, f"changes:{report_id}",
           after={"provider_id": provider_id, "lines": lines})


def staff_role_given(user_id: str, before: Any, after: Any, *, new_account: bool) -> None:
    """A staff account created, or an existing account promoted: the role only (no e-mail,
    password or TOTP secret)."""
    record(Action.STAFF_CREATED if new_account else Action.STAFF_PROMOTED, SubjectKind.USER, user_id,
           before=None if new_account else {"role": before}, after={"role": after})
