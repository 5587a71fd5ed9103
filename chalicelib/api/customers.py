"""The customers console (admins only): list and search customers, and one customer's orders,
sessions, API keys, custom rates and staff lock. Each change is audited with the acting admin
(services/customer_console.py); the balance tools stay in api/admin.py and api/payments.py."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice.app import Blueprint

from chalicelib.api.contract import lazy
from chalicelib.api.http import Ctx, route
from chalicelib.api.schemas.common import Page
from chalicelib.domain.accounts import Role
from chalicelib.domain.orders import OrderFilter
from chalicelib.services import customer_console as console
from chalicelib.services import orders

if TYPE_CHECKING:
    from chalicelib.api.schemas.customers import (
        CustomerKeys,
        CustomerList,
        CustomerOrders,
        CustomerSearch,
        Done,
        LockBody,
        RateTarget,
        Revoked,
        SessionList,
        StaffLockAnswer,
        UnlockNoteBody,
    )

bp = Blueprint(__name__)
ADMIN = [Role.ADMIN]
C = lazy("chalicelib.api.schemas.customers")


@route(bp, "/admin/customers", roles=ADMIN, query=C.CustomerSearch, response=C.CustomerList)
def list_customers(ctx: Ctx, query: CustomerSearch) -> CustomerList:
    """Customers newest first, paged; `?q=` finds one by exact user id, e-mail or username."""
    from chalicelib.api.schemas import customers as s
    from chalicelib.api.schemas.accounts import UserOut

    found = console.list_customers(query.q, query.limit, query.cursor)
    return s.CustomerList(customers=[UserOut.of(u) for u in found.users], next_cursor=found.next_cursor)


@route(bp, "/admin/users/{user_id}/orders", roles=ADMIN, query=Page, response=C.CustomerOrders, errors=[404])
def customer_orders(ctx: Ctx, user_id: str, query: Page) -> CustomerOrders:
    """A customer's orders, newest first, paged."""
    from chalicelib.api.schemas import customers as s
    from chalicelib.api.schemas.orders import OrderOut

    console.existing(user_id)
    found, next_cursor = orders.list_for_user(user_id, OrderFilter(), min(query.limit, 100), query.cursor)
    return s.CustomerOrders(orders=[OrderOut.of(o) for o in found], next_cursor=next_cursor)


@route(bp, "/admin/users/{user_id}/sessions", roles=ADMIN, response=C.SessionList, errors=[404])
def customer_sessions(ctx: Ctx, user_id: str) -> SessionList:
    """A customer's live sign-in sessions, newest first."""
    from chalicelib.api.schemas import customers as s

    return s.SessionList(sessions=[s.SessionOut.of(r, console.session_id(r)) for r in console.sessions(user_id)])


@route(bp, "/admin/users/{user_id}/sessions/{session_id}", methods=["DELETE"], roles=ADMIN, response=C.Done,
       errors=[404])
def revoke_session(ctx: Ctx, user_id: str, session_id: str) -> Done:
    """Sign out one session of a customer: its next request is refused (audited)."""
    from chalicelib.api.schemas import customers as s

    console.revoke_session(user_id, session_id, ctx.me.user_id)
    return s.Done(ok=True)


@route(bp, "/admin/users/{user_id}/sessions", methods=["DELETE"], roles=ADMIN, response=C.Revoked, errors=[404])
def revoke_all_sessions(ctx: Ctx, user_id: str) -> Revoked:
    """Sign a customer out everywhere (audited)."""
    from chalicelib.api.schemas import customers as s

    return s.Revoked(revoked=console.revoke_all_sessions(user_id, ctx.me.user_id))


@route(bp, "/admin/users/{user_id}/api-keys", roles=ADMIN, response=C.CustomerKeys, errors=[404])
def customer_api_keys(ctx: Ctx, user_id: str) -> CustomerKeys:
    """A customer's API keys (never the keys themselves), newest first."""
    from chalicelib.api.schemas import customers as s
    from chalicelib.api.schemas.accounts import ApiKeyOut
    from chalicelib.settings import get_settings

    settings = get_settings()
    return s.CustomerKeys(keys=[ApiKeyOut.of(k) for k in console.keys_of(user_id)],
                      max_rps_limit=settings.api_default_rps, max_daily_limit=settings.api_default_daily)


@route(bp, "/admin/users/{user_id}/api-keys/{key_id}", methods=["DELETE"], roles=ADMIN, response=C.Done,
       errors=[404])
def revoke_api_key(ctx: Ctx, user_id: str, key_id: str) -> Done:
    """Revoke one of a customer's API keys: its next call is refused (audited)."""
    from chalicelib.api.schemas import customers as s

    console.revoke_api_key(user_id, key_id, ctx.me.user_id)
    return s.Done(ok=True)


@route(bp, "/admin/users/{user_id}/rates", methods=["DELETE"], roles=ADMIN, query=C.RateTarget, response=C.Done,
       errors=[404])
def delete_rate(ctx: Ctx, user_id: str, query: RateTarget) -> Done:
    """Delete a customer's custom rate for `?service=` (absent: their discount on every service); audited."""
    from chalicelib.api.schemas import customers as s

    console.delete_custom_rate(user_id, query.service, ctx.me.user_id)
    return s.Done(ok=True)


@route(bp, "/admin/users/{user_id}/lock", roles=ADMIN, response=C.StaffLockAnswer, errors=[404])
def staff_lock(ctx: Ctx, user_id: str) -> StaffLockAnswer:
    """The staff lock on a customer's account, if any."""
    return _lock_answer(user_id)


@route(bp, "/admin/users/{user_id}/lock", methods=["POST"], roles=ADMIN, body=C.LockBody,
       response=C.StaffLockAnswer, errors=[404, 409])
def lock(ctx: Ctx, user_id: str, body: LockBody) -> StaffLockAnswer:
    """Lock a customer's account with a reason: no ordering (web or API), no API use, until lifted (audited)."""
    console.lock(user_id, body.reason, ctx.me.user_id)
    return _lock_answer(user_id)


@route(bp, "/admin/users/{user_id}/lock/lift", methods=["POST"], roles=ADMIN, body=C.UnlockNoteBody,
       response=C.StaffLockAnswer, errors=[404, 409])
def lift_lock(ctx: Ctx, user_id: str, body: UnlockNoteBody) -> StaffLockAnswer:
    """Lift the staff lock, with a note saying why (audited)."""
    console.unlock(user_id, body.note, ctx.me.user_id)
    return _lock_answer(user_id)


def _lock_answer(user_id: str) -> StaffLockAnswer:
    from chalicelib.api.schemas import customers as s

    console.existing(user_id)
    found = console.staff_lock(user_id)
    return s.StaffLockAnswer(staff_lock=s.StaffLockOut(**found) if found else None)
