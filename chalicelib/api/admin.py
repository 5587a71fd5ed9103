"""Staff console: providers, catalog, services, users and their balances (admins only).

The models (api/schemas/admin.py) are named lazily: a cold start of a customer's route does
not build them; each handler imports them on its first call.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from chalice.app import Blueprint

from chalicelib.api.contract import lazy
from chalicelib.api.http import Ctx, route
from chalicelib.api.params import path_id
from chalicelib.api.schemas.common import Page
from chalicelib.domain.accounts import Role
from chalicelib.domain.catalog import parse_markup
from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.ledger import Direction
from chalicelib.domain.money import parse_amount, show
from chalicelib.services import catalog, customers, minors, order_review, staff_tasks
from chalicelib.settings import get_settings

if TYPE_CHECKING:
    from chalicelib.api.schemas.admin import (
        AdjustAnswer,
        AdjustBody,
        AdminOrderAnswer,
        AdminServiceAnswer,
        AdminServiceList,
        ImportResultOut,
        MarkupAnswer,
        MarkupBody,
        Ok,
        OrdersNeedingStaff,
        ProviderAnswer,
        ProviderBalance,
        ProviderBody,
        ProviderChanges,
        ProviderList,
        RateBody,
        ReconcileBody,
        ServiceChanges,
        UserDetail,
        UserList,
        UserSearch,
    )
    from chalicelib.api.schemas.staff_tasks import MinorAnswer, MinorBody, ResolveBody, TaskAnswer, TaskList, TaskQuery

bp = Blueprint(__name__)
ADMIN = [Role.ADMIN]
A = lazy("chalicelib.api.schemas.admin")
T = lazy("chalicelib.api.schemas.staff_tasks")


@route(bp, "/admin/providers", roles=ADMIN, response=A.ProviderList)
def list_providers(ctx: Ctx) -> ProviderList:
    """Every provider with the balance the health job last saw."""
    from chalicelib.api.schemas import admin as s
    from chalicelib.domain.catalog_changes import low_balance_threshold

    listed = []
    for p, balance in catalog.providers_with_balances():
        threshold = low_balance_threshold(p.low_balance_usd, get_settings().provider_low_balance_usd)
        listed.append(s.ProviderListed(
            **s.ProviderOut.of(p).model_dump(), last_balance=s.LastBalance(**balance) if balance is not None else None,
            low_balance_usd=show(p.low_balance_usd) if p.low_balance_usd is not None else None,
            low_balance_threshold=show(threshold),
            low_balance=balance is not None and Decimal(balance["balance"]) < threshold))
    return s.ProviderList(providers=listed)


@route(bp, "/admin/orders", roles=ADMIN, response=A.OrdersNeedingStaff)
def orders_needing_staff(ctx: Ctx) -> OrdersNeedingStaff:
    """Orders waiting for staff: in review, and stuck."""
    from chalicelib.api.schemas import admin as s

    queues = order_review.queues()
    return s.OrdersNeedingStaff(needs_review=[s.AdminOrderOut.of(o) for o in queues.needs_review],
                                stuck=[s.AdminOrderOut.of(o) for o in queues.stuck])


@route(bp, "/admin/orders/{order_id}/reconcile", methods=["POST"], roles=ADMIN, body=A.ReconcileBody,
       response=A.AdminOrderAnswer, errors=[409])
def reconcile_order(ctx: Ctx, order_id: str, body: ReconcileBody) -> AdminOrderAnswer:
    """Settle an order by hand: mark sent, cancel (refund), retry, or settle a partial delivery."""
    from chalicelib.api.schemas import admin as s

    order = order_review.reconcile(path_id(order_id, "order"), order_review.Reconcile(body.action), ctx.me.user_id,
                                   provider_order=body.provider_order, remains=body.remains)
    return s.AdminOrderAnswer(order=s.AdminOrderOut.of(order))


@route(bp, "/admin/providers", methods=["POST"], roles=ADMIN, body=A.ProviderBody, response=A.ProviderAnswer,
       status=201)
def add_provider(ctx: Ctx, body: ProviderBody) -> ProviderAnswer:
    """Add a provider (its API key is stored sealed and never shown again)."""
    from chalicelib.api.schemas import admin as s

    return s.ProviderAnswer(provider=s.ProviderOut.of(catalog.add_provider(body.name, body.api_url, body.api_key)))


@route(bp, "/admin/providers/{provider_id}", methods=["PATCH"], roles=ADMIN, body=A.ProviderChanges,
       response=A.ProviderAnswer)
def change_provider(ctx: Ctx, provider_id: str, body: ProviderChanges) -> ProviderAnswer:
    """Change a provider's name, URL, key or whether it is used."""
    from chalicelib.api.schemas import admin as s

    threshold = (parse_amount(body.low_balance_usd, field="low_balance_usd", max_places=2, allow_zero=True)
                 if body.low_balance_usd is not None else None)
    provider = catalog.update_provider(path_id(provider_id, "provider"), name=body.name, api_url=body.api_url,
                                       api_key=body.api_key, enabled=body.enabled, low_balance_usd=threshold,
                                       clear_low_balance=body.clear_low_balance)
    return s.ProviderAnswer(provider=s.ProviderOut.of(provider))


@route(bp, "/admin/providers/{provider_id}/balance", methods=["POST"], roles=ADMIN, response=A.ProviderBalance)
def provider_balance(ctx: Ctx, provider_id: str) -> ProviderBalance:
    """Ask the provider for its balance now."""
    from chalicelib.api.schemas import admin as s

    return s.ProviderBalance(**catalog.provider_balance(path_id(provider_id, "provider")))


@route(bp, "/admin/providers/{provider_id}/import", methods=["POST"], roles=ADMIN, body=A.ImportBody,
       raw_body=True, response=A.ImportResultOut)
def import_services(ctx: Ctx, provider_id: str) -> ImportResultOut:
    """Import the provider's services (all, or those named); the body may be left out."""
    from chalicelib.api.schemas import admin as s

    body = ctx.body(s.ImportBody) if ctx.request.raw_body else s.ImportBody()
    result = catalog.import_services(path_id(provider_id, "provider"), body.services)
    return s.ImportResultOut(imported=result.imported, already_imported=result.already, skipped=result.skipped)


@route(bp, "/admin/services", roles=ADMIN, response=A.AdminServiceList)
def list_services(ctx: Ctx) -> AdminServiceList:
    """The whole catalog with provider rates, markups and list prices."""
    from chalicelib.api.schemas import admin as s

    markup, listed = catalog.staff_price_list()
    return s.AdminServiceList(markup_percent=str(markup), services=[
        s.AdminServiceOut.of_listed(service, list_rate) for service, list_rate in listed])


@route(bp, "/admin/services/{service_id}", methods=["PATCH"], roles=ADMIN, body=A.ServiceChanges,
       response=A.AdminServiceAnswer)
def change_service(ctx: Ctx, service_id: str, body: ServiceChanges) -> AdminServiceAnswer:
    """Edit a service: absent fields stay, `clear_*` empties theirs."""
    from chalicelib.api.schemas import admin as s

    updated, list_rate = catalog.edit_service(path_id(service_id, "service"), _service_changes(body))
    return s.AdminServiceAnswer(service=s.AdminServiceOut.of_listed(updated, list_rate))


def _service_changes(body: ServiceChanges) -> dict[str, Any]:
    """The fields to change, from the body: absent fields stay, `clear_*` empties theirs."""
    changes = body.model_dump(exclude_none=True, exclude={"markup_percent", "clear_markup", "clear_backup"})
    if body.clear_backup:
        changes.update(backup_provider_id=None, backup_provider_service=None)
    if body.markup_percent is not None:
        changes["markup_percent"] = parse_markup(body.markup_percent)
    if body.clear_markup:
        changes["markup_percent"] = None
    return changes


@route(bp, "/admin/catalog/markup", methods=["PUT"], roles=ADMIN, body=A.MarkupBody, response=A.MarkupAnswer)
def set_markup(ctx: Ctx, body: MarkupBody) -> MarkupAnswer:
    """Set the global markup on provider rates."""
    from chalicelib.api.schemas import admin as s

    percent = parse_markup(body.markup_percent)
    catalog.set_global_markup(percent)
    return s.MarkupAnswer(markup_percent=str(percent))


@route(bp, "/admin/users", roles=ADMIN, query=A.UserSearch, response=A.UserList)
def find_user(ctx: Ctx, query: UserSearch) -> UserList:
    """Find a customer by e-mail."""
    from chalicelib.api.schemas import admin as s
    from chalicelib.api.schemas.accounts import UserOut

    if not query.email:
        raise InvalidInput("Search by e-mail: ?email=...")
    user = customers.find_by_email(query.email)
    return s.UserList(users=[UserOut.of(user)] if user else [])


@route(bp, "/admin/users/{user_id}", roles=ADMIN, query=Page, response=A.UserDetail)
def user_detail(ctx: Ctx, user_id: str, query: Page) -> UserDetail:
    """A customer's file: balance, lock, ledger page and custom rates."""
    from chalicelib.api.schemas import admin as s
    from chalicelib.api.schemas.accounts import UserOut
    from chalicelib.api.schemas.orders import EntryOut

    found = customers.customer_file(user_id, query.limit, query.cursor)
    return s.UserDetail(user=UserOut.of(found.user), balance=show(found.account.balance),
                        withdrawable=show(customers.withdrawable(found.account)),
                        locked=found.account.locked, staff_lock=found.account.staff_lock,
                        ledger=[EntryOut.of(e) for e in found.ledger],
                        ledger_next_cursor=found.ledger_next_cursor,
                        custom_rates=[s.CustomRateOut.of(sid, rate) for sid, rate in found.custom_rates.items()])


@route(bp, "/admin/users/{user_id}/adjust", methods=["POST"], roles=ADMIN, body=A.AdjustBody,
       response=A.AdjustAnswer, status=201, errors=[402, 409])
def adjust_balance(ctx: Ctx, user_id: str, body: AdjustBody) -> AdjustAnswer:
    """Credit or debit a balance by hand, with a reason (audited)."""
    from chalicelib.api.schemas import admin as s
    from chalicelib.api.schemas.orders import EntryOut

    entry = customers.adjust_balance(user_id, parse_amount(body.amount), Direction(body.direction), body.reason,
                                     ctx.me.user_id)
    return s.AdjustAnswer(entry=EntryOut.of(entry), balance=show(entry.balance_after))


@route(bp, "/admin/users/{user_id}/rates", methods=["PUT"], roles=ADMIN, body=A.RateBody, response=A.Ok)
def set_rate(ctx: Ctx, user_id: str, body: RateBody) -> Ok:
    """Give a customer a fixed rate for a service, or a discount."""
    from chalicelib.api.schemas import admin as s

    customers.set_custom_rate(user_id, body.service, body.fixed_rate, body.discount_percent)
    return s.Ok(ok=True)


@route(bp, "/admin/users/{user_id}/minor", methods=["POST"], roles=ADMIN, body=T.MinorBody, response=T.MinorAnswer,
       errors=[409])
def flag_minor(ctx: Ctx, user_id: str, body: MinorBody) -> MinorAnswer:
    """Flag an account as belonging to someone under 18: close it and erase its personal data."""
    from chalicelib.api.schemas import staff_tasks as s

    return s.MinorAnswer.of(minors.flag_minor(user_id, body.reason, ctx.me.user_id))


@route(bp, "/admin/tasks", roles=ADMIN, query=T.TaskQuery, response=T.TaskList)
def list_tasks(ctx: Ctx, query: TaskQuery) -> TaskList:
    """Staff tasks: open ones oldest first, or resolved ones latest first."""
    from chalicelib.api.schemas import staff_tasks as s

    found, next_cursor = staff_tasks.tasks(query.status, query.limit, query.cursor)
    return s.TaskList(tasks=[s.TaskOut.of(t) for t in found], next_cursor=next_cursor)


@route(bp, "/admin/tasks/{task_id}/resolve", methods=["POST"], roles=ADMIN, body=T.ResolveBody,
       response=T.TaskAnswer, errors=[409])
def resolve_task(ctx: Ctx, task_id: str, body: ResolveBody) -> TaskAnswer:
    """Resolve a staff task with a note saying what was done, or why not."""
    from chalicelib.api.schemas import staff_tasks as s

    task = staff_tasks.resolve(task_id, body.note, ctx.me.user_id)
    return s.TaskAnswer(task=s.TaskOut.of(staff_tasks.Listed(task, None, None)))
