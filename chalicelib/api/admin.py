"""Staff console: providers, catalog, services, users and their balances (admins only)."""

from __future__ import annotations

from typing import Any

from chalice.app import Blueprint, Response
from pydantic import Field

from chalicelib.api.http import Body, Ctx, route
from chalicelib.api.params import path_id
from chalicelib.api.views import admin_order_view, admin_service_view, entry_view, provider_view, user_view
from chalicelib.domain.accounts import Role
from chalicelib.domain.catalog import parse_markup
from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.ledger import Direction
from chalicelib.domain.money import parse_amount, show
from chalicelib.services import catalog, customers, order_review

bp = Blueprint(__name__)
ADMIN = [Role.ADMIN]


class ProviderBody(Body):
    name: str = Field(max_length=100)
    api_url: str = Field(max_length=500)
    api_key: str = Field(max_length=500)


class ProviderChanges(Body):
    name: str | None = Field(default=None, max_length=100)
    api_url: str | None = Field(default=None, max_length=500)
    api_key: str | None = Field(default=None, max_length=500)
    enabled: bool | None = None


class ImportBody(Body):
    services: list[str] | None = Field(default=None, max_length=5000)


class ServiceChanges(Body):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=5000)
    category: str | None = Field(default=None, min_length=1, max_length=100)
    sort: int | None = Field(default=None, ge=0, le=1_000_000)
    enabled: bool | None = None
    markup_percent: str | None = Field(default=None, max_length=20)
    clear_markup: bool = False
    one_active_order_per_link: bool | None = None
    refill_window_days: int | None = Field(default=None, ge=0, le=365)
    backup_provider_id: int | None = Field(default=None, ge=1)
    backup_provider_service: str | None = Field(default=None, min_length=1, max_length=50)
    clear_backup: bool = False


class MarkupBody(Body):
    markup_percent: str = Field(max_length=20)


class AdjustBody(Body):
    amount: str = Field(max_length=30)
    direction: str = Field(pattern="^(credit|debit)$")
    reason: str = Field(min_length=1, max_length=500)


class RateBody(Body):
    service: int | None = None
    fixed_rate: str | None = Field(default=None, max_length=30)
    discount_percent: str | None = Field(default=None, max_length=10)


@route(bp, "/admin/providers", roles=ADMIN)
def list_providers(ctx: Ctx) -> Response:
    return Response(body={"providers": [{**provider_view(p), "last_balance": balance}
                                        for p, balance in catalog.providers_with_balances()]})


class ReconcileBody(Body):
    action: str = Field(pattern="^(mark_sent|cancel|retry|settle)$")
    provider_order: str | None = Field(default=None, max_length=100)
    remains: str | None = Field(default=None, max_length=12)  # settle: units the provider did not deliver


@route(bp, "/admin/orders", roles=ADMIN)
def orders_needing_staff(ctx: Ctx) -> Response:
    queues = order_review.queues()
    return Response(body={"needs_review": [admin_order_view(o) for o in queues.needs_review],
                          "stuck": [admin_order_view(o) for o in queues.stuck]})


@route(bp, "/admin/orders/{order_id}/reconcile", methods=["POST"], roles=ADMIN)
def reconcile_order(ctx: Ctx, order_id: str) -> Response:
    body = ctx.body(ReconcileBody)
    order = order_review.reconcile(path_id(order_id, "order"), order_review.Reconcile(body.action), ctx.me.user_id,
                                   provider_order=body.provider_order, remains=body.remains)
    return Response(body={"order": admin_order_view(order)})


@route(bp, "/admin/providers", methods=["POST"], roles=ADMIN)
def add_provider(ctx: Ctx) -> Response:
    body = ctx.body(ProviderBody)
    return Response(body={"provider": provider_view(catalog.add_provider(body.name, body.api_url, body.api_key))},
                    status_code=201)


@route(bp, "/admin/providers/{provider_id}", methods=["PATCH"], roles=ADMIN)
def change_provider(ctx: Ctx, provider_id: str) -> Response:
    body = ctx.body(ProviderChanges)
    provider = catalog.update_provider(path_id(provider_id, "provider"), name=body.name, api_url=body.api_url,
                                       api_key=body.api_key, enabled=body.enabled)
    return Response(body={"provider": provider_view(provider)})


@route(bp, "/admin/providers/{provider_id}/balance", methods=["POST"], roles=ADMIN)
def provider_balance(ctx: Ctx, provider_id: str) -> Response:
    return Response(body=catalog.provider_balance(path_id(provider_id, "provider")))


@route(bp, "/admin/providers/{provider_id}/import", methods=["POST"], roles=ADMIN)
def import_services(ctx: Ctx, provider_id: str) -> Response:
    body = ctx.body(ImportBody) if ctx.request.raw_body else ImportBody()
    result = catalog.import_services(path_id(provider_id, "provider"), body.services)
    return Response(body={"imported": result.imported, "already_imported": result.already,
                          "skipped": result.skipped})


@route(bp, "/admin/services", roles=ADMIN)
def list_services(ctx: Ctx) -> Response:
    markup, listed = catalog.staff_price_list()
    return Response(body={"markup_percent": str(markup), "services": [
        admin_service_view(service, list_rate) for service, list_rate in listed]})


@route(bp, "/admin/services/{service_id}", methods=["PATCH"], roles=ADMIN)
def change_service(ctx: Ctx, service_id: str) -> Response:
    changes = _service_changes(ctx.body(ServiceChanges))
    updated, list_rate = catalog.edit_service(path_id(service_id, "service"), changes)
    return Response(body={"service": admin_service_view(updated, list_rate)})


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


@route(bp, "/admin/catalog/markup", methods=["PUT"], roles=ADMIN)
def set_markup(ctx: Ctx) -> Response:
    percent = parse_markup(ctx.body(MarkupBody).markup_percent)
    catalog.set_global_markup(percent)
    return Response(body={"markup_percent": str(percent)})


@route(bp, "/admin/users", roles=ADMIN)
def find_user(ctx: Ctx) -> Response:
    email = ctx.query("email")
    if not email:
        raise InvalidInput("Search by e-mail: ?email=...")
    user = customers.find_by_email(email)
    return Response(body={"users": [user_view(user)] if user else []})


@route(bp, "/admin/users/{user_id}", roles=ADMIN)
def user_detail(ctx: Ctx, user_id: str) -> Response:
    found = customers.customer_file(user_id, *ctx.page())
    return Response(body={"user": user_view(found.user), "balance": show(found.account.balance),
                          "locked": found.account.locked, "ledger": [entry_view(e) for e in found.ledger],
                          "ledger_next_cursor": found.ledger_next_cursor,
                          "custom_rates": [
                              {"service": sid, "fixed_rate": str(r.fixed_rate) if r.fixed_rate is not None else None,
                               "discount_percent": str(r.discount_percent) if r.discount_percent is not None else None}
                              for sid, r in found.custom_rates.items()]})


@route(bp, "/admin/users/{user_id}/adjust", methods=["POST"], roles=ADMIN)
def adjust_balance(ctx: Ctx, user_id: str) -> Response:
    body = ctx.body(AdjustBody)
    entry = customers.adjust_balance(user_id, parse_amount(body.amount), Direction(body.direction), body.reason,
                                     ctx.me.user_id)
    return Response(body={"entry": entry_view(entry), "balance": show(entry.balance_after)}, status_code=201)


@route(bp, "/admin/users/{user_id}/rates", methods=["PUT"], roles=ADMIN)
def set_rate(ctx: Ctx, user_id: str) -> Response:
    body = ctx.body(RateBody)
    customers.set_custom_rate(user_id, body.service, body.fixed_rate, body.discount_percent)
    return Response(body={"ok": True})
