"""Staff accounts in the console (admins only): list, create, disable, enable, and reset the
second factor. Each change is audited with the acting admin (services/staff_accounts.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice.app import Blueprint

from chalicelib.api.contract import Reply, lazy
from chalicelib.api.http import Ctx, route
from chalicelib.domain.accounts import Role
from chalicelib.services import staff_accounts

if TYPE_CHECKING:
    from chalicelib.api.schemas.staff_accounts import StaffAnswer, StaffBody, StaffCreated, StaffFactor, StaffList

bp = Blueprint(__name__)
ADMIN = [Role.ADMIN]
S = lazy("chalicelib.api.schemas.staff_accounts")


@route(bp, "/admin/staff", roles=ADMIN, response=S.StaffList)
def list_staff(ctx: Ctx) -> StaffList:
    """Every staff account (support, legal, admin), oldest first, with whether it is disabled."""
    from chalicelib.api.schemas import staff_accounts as s

    return s.StaffList(staff=[s.StaffOut.of(u) for u in staff_accounts.list_staff()])


@route(bp, "/admin/staff", methods=["POST"], roles=ADMIN, body=S.StaffBody, response=S.StaffCreated, status=201,
       errors=[409])
def create_staff(ctx: Ctx, body: StaffBody) -> Reply[StaffCreated]:
    """Create a staff account. The generated password and TOTP secret are answered once, never again."""
    from chalicelib.api.schemas import staff_accounts as s

    made = staff_accounts.create(body.email, body.role, body.username)
    return Reply(s.StaffCreated(staff=s.StaffOut.of(made.user), password=made.password,
                                totp_secret=made.totp_secret, totp_uri=made.totp_uri), status=201)


@route(bp, "/admin/staff/{user_id}/disable", methods=["POST"], roles=ADMIN, response=S.StaffAnswer,
       errors=[404, 409])
def disable_staff(ctx: Ctx, user_id: str) -> StaffAnswer:
    """Disable a staff account: it cannot sign in and its sessions end. Not your own, nor the last enabled admin."""
    from chalicelib.api.schemas import staff_accounts as s

    return s.StaffAnswer(staff=s.StaffOut.of(staff_accounts.disable(user_id, ctx.me.user_id)))


@route(bp, "/admin/staff/{user_id}/enable", methods=["POST"], roles=ADMIN, response=S.StaffAnswer,
       errors=[404, 409])
def enable_staff(ctx: Ctx, user_id: str) -> StaffAnswer:
    """Enable a disabled staff account again (it signs in with its password and second factor)."""
    from chalicelib.api.schemas import staff_accounts as s

    return s.StaffAnswer(staff=s.StaffOut.of(staff_accounts.enable(user_id, ctx.me.user_id)))


@route(bp, "/admin/staff/{user_id}/second-factor", methods=["POST"], roles=ADMIN, response=S.StaffFactor,
       errors=[404, 409])
def reset_second_factor(ctx: Ctx, user_id: str) -> StaffFactor:
    """A new TOTP secret for the account, answered once; the old one stops working and its sessions end."""
    from chalicelib.api.schemas import staff_accounts as s

    new = staff_accounts.reset_second_factor(user_id, ctx.me.user_id)
    return s.StaffFactor(staff=s.StaffOut.of(new.user), totp_secret=new.totp_secret, totp_uri=new.totp_uri)
