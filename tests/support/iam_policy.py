"""Does a list of IAM statements allow an action on a resource? The subset of IAM's evaluation the
panel's identity policies use: Allow statements, `*` and `?` wildcards in actions (case-insensitive)
and resources, and `StringLike` conditions on request values such as `s3:prefix`. Any other
condition operator is treated as unmet, so an unknown policy shape fails a test instead of passing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from aws_cdk import aws_iam as iam


def _pattern(glob: str, flags: int = 0) -> re.Pattern[str]:
    return re.compile("".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in glob) + r"\Z", flags)


def matches(glob: str, value: str, *, ignore_case: bool = False) -> bool:
    return _pattern(glob, re.IGNORECASE if ignore_case else 0).match(value) is not None


def _as_list(value: Any) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def _conditions_met(conditions: Mapping[str, Any], context: Mapping[str, str]) -> bool:
    for operator, tests in conditions.items():
        if operator != "StringLike":
            return False
        for key, globs in tests.items():
            if key not in context or not any(matches(g, context[key]) for g in _as_list(globs)):
                return False
    return True


def allows(statements: Iterable[iam.PolicyStatement], action: str, resource: str,
           context: Mapping[str, str] | None = None) -> bool:
    """True if some Allow statement covers the action on the resource (with the request's
    condition keys in `context`). The panel's policies have no Deny statements."""
    for statement in statements:
        document = statement.to_statement_json()
        if document.get("Effect") != "Allow":
            continue
        if not any(matches(a, action, ignore_case=True) for a in _as_list(document.get("Action", []))):
            continue
        if not any(matches(r, resource) for r in _as_list(document.get("Resource", []))):
            continue
        if _conditions_met(document.get("Condition", {}), context or {}):
            return True
    return False
