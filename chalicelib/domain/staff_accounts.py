"""Rules for admins managing staff accounts in the console (pure: no I/O, no clock).

Disabling is refused for the acting admin's own account and for the last enabled admin,
so the console can never lock every admin out. `check_disable` words the refusal; the
store's disable also holds the acting admin's account to "enabled admin" in the same
transaction (store/users.disable), which keeps the second rule true under races.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from chalicelib.domain.accounts import Role, User, is_staff
from chalicelib.domain.errors import Conflict, InvalidInput, NotFound

NOT_STAFF = "No such staff account."
SELF_DISABLE = "You cannot disable your own account."
LAST_ADMIN = "This is the last enabled admin account: create or enable another admin first."
ALREADY_DISABLED = "This account is already disabled."
ALREADY_ENABLED = "This account is already enabled."
STAFF_ROLES_WORDING = "Role must be support, legal or admin."


def parse_role(raw: str) -> Role:
    """The role a new staff account is given; a customer role or anything else is a 400."""
    try:
        role = Role(raw)
    except ValueError:
        role = Role.CUSTOMER
    if not is_staff(role):
        raise InvalidInput(STAFF_ROLES_WORDING, fields={"role": "invalid"})
    return role


_USER_ID = re.compile(r"u[0-9a-f]{16}")


def user_id(text: str) -> str:
    """An account id from a URL; anything not shaped like one is a 404, like an unknown id."""
    if not _USER_ID.fullmatch(text):
        raise NotFound(NOT_STAFF)
    return text


def staff_only(user: User | None) -> User:
    """The account, if it is a staff account; customers are not managed here (404)."""
    if user is None or not user.is_staff:
        raise NotFound(NOT_STAFF)
    return user


def enabled_admins(staff: Iterable[User]) -> int:
    return sum(1 for u in staff if u.role is Role.ADMIN and not u.disabled)


def check_disable(actor_id: str, target: User, enabled_admin_count: int) -> None:
    """Refuse disabling oneself, an account already disabled, or the last enabled admin."""
    if target.user_id == actor_id:
        raise InvalidInput(SELF_DISABLE)
    if target.disabled:
        raise Conflict(ALREADY_DISABLED)
    if target.role is Role.ADMIN and enabled_admin_count <= 1:
        raise Conflict(LAST_ADMIN)


def check_enable(target: User) -> None:
    if not target.disabled:
        raise Conflict(ALREADY_ENABLED)
