"""Admins managing staff accounts: which roles can be given, who can be disabled (never
oneself, never the last enabled admin) and what an account id in a URL may look like."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from chalicelib.domain import staff_accounts as rules
from chalicelib.domain.accounts import Role, User
from chalicelib.domain.errors import Conflict, InvalidInput, NotFound


def _user(n: int, role: Role = Role.SUPPORT, *, disabled: bool = False) -> User:
    return User(user_id=f"u{n:016x}", email=f"s{n}@example.com", username=f"staff{n}", password_hash="x",
                role=role, created_at=datetime(2026, 1, 1, tzinfo=UTC), totp_secret="sealed", disabled=disabled)


@pytest.mark.parametrize("role", ["support", "legal", "admin"])
def test_the_three_staff_roles_can_be_given(role: str) -> None:
    assert rules.parse_role(role) is Role(role)


@pytest.mark.parametrize("role", ["customer", "Admin", "", "root", " admin"])
def test_any_other_role_is_refused_with_the_field_named(role: str) -> None:
    with pytest.raises(InvalidInput, match="support, legal or admin") as refused:
        rules.parse_role(role)
    assert refused.value.fields == {"role": "invalid"}


def test_an_admin_cannot_disable_themselves() -> None:
    me = _user(1, Role.ADMIN)
    with pytest.raises(InvalidInput, match="your own account"):
        rules.check_disable(me.user_id, me, enabled_admin_count=5)


def test_the_last_enabled_admin_cannot_be_disabled() -> None:
    other = _user(2, Role.ADMIN)
    with pytest.raises(Conflict, match="last enabled admin"):
        rules.check_disable("u" + "0" * 15 + "1", other, enabled_admin_count=1)
    rules.check_disable("u" + "0" * 15 + "1", other, enabled_admin_count=2)


def test_support_and_legal_can_be_disabled_whatever_the_admins() -> None:
    rules.check_disable(_user(1).user_id, _user(3, Role.SUPPORT), enabled_admin_count=1)
    rules.check_disable(_user(1).user_id, _user(4, Role.LEGAL), enabled_admin_count=1)


def test_disabling_twice_or_enabling_an_enabled_account_is_a_conflict() -> None:
    with pytest.raises(Conflict, match="already disabled"):
        rules.check_disable(_user(1).user_id, _user(3, disabled=True), enabled_admin_count=3)
    with pytest.raises(Conflict, match="already enabled"):
        rules.check_enable(_user(3))
    rules.check_enable(_user(3, disabled=True))


def test_enabled_admins_counts_only_admins_not_disabled() -> None:
    staff = [_user(1, Role.ADMIN), _user(2, Role.ADMIN, disabled=True), _user(3), _user(4, Role.LEGAL)]
    assert rules.enabled_admins(staff) == 1
    assert rules.enabled_admins([]) == 0


@pytest.mark.parametrize("text", ["", "u123", "U" + "a" * 16, "u" + "g" * 16, "u" + "a" * 17, "../u" + "a" * 16])
def test_an_id_not_shaped_like_an_account_is_not_found(text: str) -> None:
    with pytest.raises(NotFound, match="No such staff account"):
        rules.user_id(text)
    assert rules.user_id("u" + "0a" * 8) == "u" + "0a" * 8


def test_customers_are_not_staff_accounts() -> None:
    with pytest.raises(NotFound):
        rules.staff_only(_user(5, Role.CUSTOMER))
    with pytest.raises(NotFound):
        rules.staff_only(None)
    assert rules.staff_only(_user(6)).user_id == _user(6).user_id
