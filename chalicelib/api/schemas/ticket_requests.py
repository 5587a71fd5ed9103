"""Support tickets' request bodies and query strings (the answers are `schemas/tickets.py`).

A body field of the wrong type is refused by the domain rule that checks it
(`domain/tickets/checks.py`, imported on first use), in its words; the value itself (length,
known category, whose upload) is checked by the use case.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any

from pydantic import ConfigDict, Field, field_validator

from chalicelib.api import params
from chalicelib.api.contract import Body, Query


def _checks() -> ModuleType:
    from chalicelib.domain.tickets import checks

    return checks


def _typed(value: object, kind: type, refuse: Callable[[object], Any]) -> Any:
    """`value` when it has the field's type (a bool is no number); else `refuse` (a domain
    check) answers it in the rule's words."""
    if isinstance(value, kind) and not isinstance(value, bool):
        return value
    return refuse(value)


def _text(check: str, *args: object) -> Callable[[object], Any]:
    return lambda value: getattr(_checks(), check)(value, *args)


# --- request bodies and queries -------------------------------------------------------------


class TicketBody(Body):
    """A ticket body: the domain rules word every length limit (a message's is a setting, in
    bytes), so the generic text cap is off; the request's size is still capped (max_body_bytes)."""

    model_config = ConfigDict(str_max_length=None)



class UploadBody(TicketBody):
    filename: str
    content_type: str
    size: int = Field(ge=1)

    @field_validator("filename", mode="before")
    @classmethod
    def _filename(cls, value: object) -> str:
        return str(_typed(value, str, _text("check_filename")))

    @field_validator("content_type", mode="before")
    @classmethod
    def _content_type(cls, value: object) -> str:
        from chalicelib.settings import get_settings

        allowed = get_settings().attachment_content_types
        return str(_typed(value, str, _text("check_content_type", allowed)))

    @field_validator("size", mode="before")
    @classmethod
    def _size(cls, value: object) -> int:
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            return value
        return int(_checks().check_size(value, 0))


def _ids(value: object) -> list[int] | None:
    if value is None or (isinstance(value, list) and all(isinstance(i, int) and not isinstance(i, bool)
                                                          for i in value)):
        return value
    return list(_checks().check_order_ids(value))


def _keys(value: object) -> list[str] | None:
    return None if value is None else list(_checks().check_upload_keys(value))


class ReplyBody(TicketBody):
    message: str
    attachments: list[str] | None = Field(default=None, description="Upload keys from /tickets/attachments.")

    @field_validator("message", mode="before")
    @classmethod
    def _message(cls, value: object) -> str:
        return str(_typed(value, str, _text("check_message", 1)))

    @field_validator("attachments", mode="before")
    @classmethod
    def _attachments(cls, value: object) -> list[str] | None:
        return _keys(value)


class OpenBody(TicketBody):
    subject: str
    category: str
    message: str
    order_ids: list[int] | None = Field(default=None, description="Ids of the caller's orders.")
    top_up_id: int | None = None
    attachments: list[str] | None = Field(default=None, description="Upload keys from /tickets/attachments.")
    request_type: str | None = Field(default=None, description="For the category privacy_request only: what the "
                                                               "request asks for (see /tickets/config).")

    @field_validator("subject", mode="before")
    @classmethod
    def _subject(cls, value: object) -> str:
        return str(_typed(value, str, _text("check_subject")))

    @field_validator("category", mode="before")
    @classmethod
    def _category(cls, value: object) -> str:
        return str(_typed(value, str, _text("parse_category")))

    @field_validator("message", mode="before")
    @classmethod
    def _message(cls, value: object) -> str:
        return str(_typed(value, str, _text("check_message", 1)))

    @field_validator("order_ids", mode="before")
    @classmethod
    def _order_ids(cls, value: object) -> list[int] | None:
        return _ids(value)

    @field_validator("top_up_id", mode="before")
    @classmethod
    def _top_up_id(cls, value: object) -> int | None:
        if value is None:
            return None
        return int(_typed(value, int, _text("check_id", "a top-up id", "top_up_id")))

    @field_validator("request_type", mode="before")
    @classmethod
    def _request_type(cls, value: object) -> str | None:
        if value is None:
            return None
        from chalicelib.domain.privacy_requests import parse_type

        return str(_typed(value, str, parse_type))

    @field_validator("attachments", mode="before")
    @classmethod
    def _attachments(cls, value: object) -> list[str] | None:
        return _keys(value)


class StaffReplyBody(ReplyBody):
    attachments: list[str] | None = Field(default=None, description="Upload keys from "
                                          "/staff/tickets/{number}/attachments (this ticket's uploads only).")
    status: str | None = None

    @field_validator("status", mode="before")
    @classmethod
    def _status(cls, value: object) -> str | None:
        return None if value is None else str(_typed(value, str, _text("parse_status")))


class NoteBody(TicketBody):
    message: str

    @field_validator("message", mode="before")
    @classmethod
    def _message(cls, value: object) -> str:
        return str(_typed(value, str, _text("check_message", 1)))


class StatusBody(TicketBody):
    status: str
    version: int | None = None

    @field_validator("status", mode="before")
    @classmethod
    def _status(cls, value: object) -> str:
        return str(_typed(value, str, _text("parse_status")))


class AssignBody(TicketBody):
    assignee: str | None = Field(description='A staff user id, "me", or null to unassign.')
    version: int | None = None


class ClassifyBody(TicketBody):
    category: str | None = None
    priority: str | None = None
    reason: str | None = None
    version: int | None = None

    @field_validator("category", "priority", mode="before")
    @classmethod
    def _choice(cls, value: object, info: Any) -> str | None:
        return None if value is None else str(_typed(value, str, _text(f"parse_{info.field_name}")))

    @field_validator("reason", mode="before")
    @classmethod
    def _reason(cls, value: object) -> str | None:
        return None if value is None else str(_typed(value, str, _text("check_reason")))


class MergeBody(TicketBody):
    into: int = Field(description="The number of the ticket to merge into.")

    @field_validator("into", mode="before")
    @classmethod
    def _into(cls, value: object) -> int:
        return int(_checks().check_into(value))


class QueueQuery(Query):
    status: str | None = None
    priority: str | None = None
    category: str | None = None
    breached: bool | None = Field(default=None, description="true or false (any case).")
    assigned: str | None = Field(default=None, description='A staff user id, "me" or "none".')
    limit: int = Field(default=50, ge=1, le=100, description="With status=closed: tickets a page (1-100).")
    cursor: str | None = Field(default=None, description="With status=closed: next_cursor of the previous page.")

    @field_validator("limit", mode="before")
    @classmethod
    def _limit(cls, value: object) -> int:
        return params.page_size(None if value is None else str(value), 50)


    @field_validator("breached", mode="before")
    @classmethod
    def _breached(cls, value: object) -> bool | None:
        return params.flag(None if value is None else str(value), "breached")


class MonthQuery(Query):
    month: str | None = Field(default=None, examples=["2026-11"], description="Required: the month, YYYY-MM.",
                              validate_default=True)

    @field_validator("month", mode="before")
    @classmethod
    def _month(cls, value: object) -> str:
        return params.month(None if value is None else str(value))


class CannedReplyBody(Body):
    """A canned reply's title and text (a reply naming a provider is refused)."""

    model_config = ConfigDict(str_max_length=None)
    title: str
    text: str

    @field_validator("title", mode="before")
    @classmethod
    def _title(cls, value: object) -> str:
        from chalicelib.domain.tickets.canned import check_title

        return str(_typed(value, str, check_title))

    @field_validator("text", mode="before")
    @classmethod
    def _text_field(cls, value: object) -> str:
        from chalicelib.domain.tickets.canned import check_text

        return str(_typed(value, str, check_text))
