"""Staff tasks: the items staff must resolve, and the two lists they appear in."""

from __future__ import annotations

from chalicelib.store.keys.base import Key

OPEN_TASKS = "WORK#tasks"        # GSI2 (the work index): open tasks, oldest first
RESOLVED_TASKS = "TASKS#resolved"  # GSI1: resolved tasks, by when they were resolved


def staff_task(task_id: str) -> Key:
    return {"pk": f"TASK#{task_id}", "sk": "TASK"}


def open_task_index(created_iso: str, task_id: str) -> Key:
    """GSI2 entry of an open task; removed when the task is resolved."""
    return {"gsi2pk": OPEN_TASKS, "gsi2sk": f"{created_iso}#{task_id}"}


def resolved_task_index(resolved_iso: str, task_id: str) -> Key:
    return {"gsi1pk": RESOLVED_TASKS, "gsi1sk": f"{resolved_iso}#{task_id}"}
