"""Flagging a minor's account (P7) and the staff task list. Named lazily by api/admin.py."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from chalicelib.api.contract import Body
from chalicelib.api.schemas.common import Cursor, Money, Out, Page
from chalicelib.domain.money import show
from chalicelib.domain.staff_tasks import MAX_NOTE
from chalicelib.services.minors import MinorFlagged
from chalicelib.services.staff_tasks import Listed


class MinorBody(Body):
    reason: str = Field(min_length=1, max_length=MAX_NOTE,
                        description="Why the account is believed to belong to someone under 18 (no personal details).")


class MinorAnswer(Out):
    user_id: str
    newly_flagged: bool = Field(description="False when the account had been flagged before (nothing new recorded).")
    balance: Money = Field(description="The balance left on the account.")
    refund_task: str | None = Field(description="The staff task to refund the balance; null when none remains.")
    orders_still_open: int

    @classmethod
    def of(cls, flagged: MinorFlagged) -> MinorAnswer:
        return cls(user_id=flagged.user_id, newly_flagged=flagged.newly_flagged, balance=show(flagged.balance),
                   refund_task=flagged.task_id, orders_still_open=flagged.orders_still_open)


class TaskQuery(Page):
    status: Literal["open", "resolved"] = "open"


class ResolveBody(Body):
    note: str = Field(min_length=1, max_length=MAX_NOTE, description="What was done, or why not.")


class TaskOut(Out):
    id: str
    kind: str
    user_id: str
    amount: Money
    text: str
    created_at: str
    created_by: str
    status: str
    resolved_at: str | None
    resolved_by: str | None
    note: str | None
    balance_now: Money | None = Field(default=None, description="The account's balance now; null if unknown.")
    withdrawable_now: Money | None = Field(
        default=None, description="What of the balance may be refunded now (never service credit or bonus).")

    @classmethod
    def of(cls, listed: Listed) -> TaskOut:
        t = listed.task
        return cls(id=t.task_id, kind=t.kind.value, user_id=t.user_id, amount=show(t.amount), text=t.text,
                   created_at=t.created_at.isoformat(), created_by=t.created_by, status=t.status.value,
                   resolved_at=t.resolved_at.isoformat() if t.resolved_at else None, resolved_by=t.resolved_by,
                   note=t.note, balance_now=show(listed.balance_now) if listed.balance_now is not None else None,
                   withdrawable_now=show(listed.withdrawable_now) if listed.withdrawable_now is not None else None)


class TaskList(Out):
    tasks: list[TaskOut]
    next_cursor: Cursor


class TaskAnswer(Out):
    task: TaskOut

