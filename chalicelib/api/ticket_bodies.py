"""Request bodies of the ticket routes (api/tickets.py), in their own module so that building
them is paid on the first ticket request, not by every cold start (bench/cold_start.py).

Most fields are `Any`: the domain rules check them and say what is wrong in words; unknown
fields are refused as for every body.
"""

from __future__ import annotations

from typing import Any

from chalicelib.api.http import Body


class UploadBody(Body):
    filename: Any
    content_type: Any
    size: Any


class OpenBody(Body):
    subject: Any
    category: Any
    message: Any
    order_ids: Any = None
    top_up_id: Any = None
    attachments: Any = None


class ReplyBody(Body):
    message: Any
    attachments: Any = None


class StaffReplyBody(ReplyBody):
    status: Any = None


class NoteBody(Body):
    message: Any


class StatusBody(Body):
    status: Any
    version: int | None = None


class AssignBody(Body):
    assignee: str | None    # a staff user id, "me", or null to unassign
    version: int | None = None


class ClassifyBody(Body):
    category: Any = None
    priority: Any = None
    reason: Any = None
    version: int | None = None


class MergeBody(Body):
    into: Any
