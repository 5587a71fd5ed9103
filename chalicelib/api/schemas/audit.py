"""The staff audit log (read-only)."""

from __future__ import annotations

from typing import Any

from pydantic import Field, field_validator, model_validator

from chalicelib.api import params
from chalicelib.api.schemas.common import Cursor, Out, Page, Timestamp
from chalicelib.domain.audit_log import Action, AuditRecord, SubjectKind
from chalicelib.domain.errors import InvalidInput


class AuditQuery(Page):
    """`?month=YYYY-MM` (default: this month) or `?subject=user:<id>`, with `limit` and `cursor`."""

    month: str | None = Field(default=None, examples=["2026-11"])
    subject: str | None = Field(default=None, examples=["user:1f2e3d"])

    @field_validator("month", mode="before")
    @classmethod
    def _month(cls, value: object) -> str | None:
        return None if value is None else params.month(str(value))

    @model_validator(mode="before")
    @classmethod
    def _one_of(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("subject") and data.get("month"):
            raise InvalidInput("Ask for a month or a subject, not both.")
        return data


class AuditRecordOut(Out):
    id: str
    actor: str
    at: Timestamp
    action: Action
    subject: str
    subject_kind: SubjectKind
    subject_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    @classmethod
    def of(cls, record: AuditRecord) -> AuditRecordOut:
        return cls.model_validate(record.view())


class AuditPage(Out):
    records: list[AuditRecordOut]
    next_cursor: Cursor
