"""How entities are shown to their owners (never a hash, secret or internal key)."""

from __future__ import annotations

from typing import Any

from chalicelib.domain.accounts import User


def user_view(user: User) -> dict[str, Any]:
    return {
        "id": user.user_id,
        "username": user.username,
        "email": user.email,
        "role": user.role.value,
        "is_staff": user.is_staff,
        "created_at": user.created_at.isoformat(),
    }
