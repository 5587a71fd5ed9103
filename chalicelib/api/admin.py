"""Staff console: providers, catalog, services, users and their balances (admins only)."""

from __future__ import annotations

import uuid
from decimal import Decimal

from chalice.app import Blueprint, Response
from pydantic import Field

from chalicelib.api.http import Body, Ctx, route
from chalicelib.api.views import admin_order_view, admin_service_view, entry_view, provider_view, user_view
from chalicelib.domain.accounts import Role, normalize_email
from chalicelib.domain.errors import InvalidInput, NotFound
from chalicelib.domain.money import parse_amount, show
from chalicelib.domain.numbers import whole_number
from chalicelib.services import catalog, dispatch, ledger
from chalicelib.store import catalog as catalog_store
from chalicelib.store import ledger as ledger_store
from chalicelib.store import users

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


def _int_id(text: str, what: str) -> int:
    number = whole_number(text)
    if number is None:
        raise NotFound(f"No such {what}.")
    return number


def _percent(text: str) -> Decimal:
    value = parse_amount(text, field="markup_percent", max_places=2, allow_zero=True)
    if value > 1000:
        raise InvalidInput("A markup above 1000% is surely a mistake.")
    return value


@route(bp, "/admin/providers", roles=ADMIN)
def list_providers(ctx: Ctx) -> Response:
    balances = catalog_store.provider_balances()
    return Response(body={"providers": [{**provider_view(p), "last_balance": balances.get(p.provider_id)}
                                        for p in catalog_store.providers()]})


class ReconcileBody(Body):
    action: str = Field(pattern="^(mark_sent|cancel|retry|settle)$")
    provider_order: str | None = Field(default=None, max_length=100)
    remains: str | None = Field(default=None, max_length=12)  # settle: units the provider did not deliver


@route(bp, "/admin/orders", roles=ADMIN)
def orders_needing_staff(ctx: Ctx) -> Response:
    return Response(body={"needs_review": [admin_order_view(o) for o in dispatch.orders_to_review()],
                          "stuck": [admin_order_view(o) for o in dispatch.stuck_orders()]})


@route(bp, "/admin/orders/{order_id}/reconcile", methods=["POST"], roles=ADMIN)
def reconcile_order(ctx: Ctx, order_id: str) -> Response:
    body = ctx.body(ReconcileBody)
    number = _int_id(order_id, "order")
    if body.action == "mark_sent":
        order = dispatch.mark_sent(number, body.provider_order or "", ctx.me.user_id)
    elif body.action == "cancel":
        order = dispatch.cancel_and_refund(number, ctx.me.user_id)
    elif body.action == "settle":
        remains = (body.remains or "").strip()
        if not remains.isdigit() or not remains.isascii():
            raise InvalidInput("Give the remains (units not delivered) as a whole number.",
                               fields={"remains": "invalid"})
        order = dispatch.settle_reviewed(number, int(remains), ctx.me.user_id)
    else:
        order = dispatch.retry_parked(number)
    return Response(body={"order": admin_order_view(order)})


@route(bp, "/admin/providers", methods=["POST"], roles=ADMIN)
def add_provider(ctx: Ctx) -> Response:
    body = ctx.body(ProviderBody)
    return Response(body={"provider": provider_view(catalog.add_provider(body.name, body.api_url, body.api_key))},
                    status_code=201)


@route(bp, "/admin/providers/{provider_id}", methods=["PATCH"], roles=ADMIN)
def change_provider(ctx: Ctx, provider_id: str) -> Response:
    body = ctx.body(ProviderChanges)
    provider = catalog.update_provider(_int_id(provider_id, "provider"), name=body.name, api_url=body.api_url,
                                       api_key=body.api_key, enabled=body.enabled)
    return Response(body={"provider": provider_view(provider)})


@route(bp, "/admin/providers/{provider_id}/balance", methods=["POST"], roles=ADMIN)
def provider_balance(ctx: Ctx, provider_id: str) -> Response:
    return Response(body=catalog.provider_balance(_int_id(provider_id, "provider")))


@route(bp, "/admin/providers/{provider_id}/import", methods=["POST"], roles=ADMIN)
def import_services(ctx: Ctx, provider_id: str) -> Response:
    body = ctx.body(ImportBody) if ctx.request.raw_body else ImportBody()
    result = catalog.import_services(_int_id(provider_id, "provider"), body.services)
    return Response(body={"imported": result.imported, "already_imported": result.already,
                          "skipped": result.skipped})


@route(bp, "/admin/services", roles=ADMIN)
def list_services(ctx: Ctx) -> Response:
    markup = catalog_store.global_markup()
    return Response(body={"markup_percent": str(markup), "services": [
        admin_service_view(s, s.list_rate(markup)) for s in catalog_store.services()]})


@route(bp, "/admin/services/{service_id}", methods=["PATCH"], roles=ADMIN)
def change_service(ctx: Ctx, service_id: str) -> Response:
    body = ctx.body(ServiceChanges)
    changes = body.model_dump(exclude_none=True, exclude={"markup_percent", "clear_markup", "clear_backup"})
    if body.clear_backup:
        changes.update(backup_provider_id=None, backup_provider_service=None)
    if body.markup_percent is not None:
        changes["markup_percent"] = _percent(body.markup_percent)
    if body.clear_markup:
        changes["markup_percent"] = None
    updated = catalog.change_service(_int_id(service_id, "service"), changes)
    return Response(body={"service": admin_service_view(updated, updated.list_rate(catalog_store.global_markup()))})


@route(bp, "/admin/catalog/markup", methods=["PUT"], roles=ADMIN)
def set_markup(ctx: Ctx) -> Response:
    percent = _percent(ctx.body(MarkupBody).markup_percent)
    catalog.set_global_markup(percent)
    return Response(body={"markup_percent": str(percent)})


@route(bp, "/admin/users", roles=ADMIN)
def find_user(ctx: Ctx) -> Response:
    email = ctx.query("email")
    if not email:
        raise InvalidInput("Search by e-mail: ?email=...")
    user = users.get_by_email(normalize_email(email))
    return Response(body={"users": [user_view(user)] if user else []})


@route(bp, "/admin/users/{user_id}", roles=ADMIN)
def user_detail(ctx: Ctx, user_id: str) -> Response:
    user = users.get(user_id)
    account = ledger_store.account(user_id) if user else None
    if user is None or account is None:
        raise NotFound("No such user.")
    entries, next_cursor = ledger_store.entries_page(user_id, *ctx.page())
    return Response(body={"user": user_view(user), "balance": show(account.balance), "locked": account.locked,
                          "ledger": [entry_view(e) for e in entries], "ledger_next_cursor": next_cursor,
                          "custom_rates": [
                              {"service": sid, "fixed_rate": str(r.fixed_rate) if r.fixed_rate is not None else None,
                               "discount_percent": str(r.discount_percent) if r.discount_percent is not None else None}
                              for sid, r in catalog_store.custom_rates(user_id).items()]})


@route(bp, "/admin/users/{user_id}/adjust", methods=["POST"], roles=ADMIN)
def adjust_balance(ctx: Ctx, user_id: str) -> Response:
    body = ctx.body(AdjustBody)
    amount = parse_amount(body.amount)
    if users.get(user_id) is None:
        raise NotFound("No such user.")
    entry = ledger.adjust(user_id, amount if body.direction == "credit" else -amount, body.reason,
                          ctx.me.user_id, entry_id=f"adjust#{uuid.uuid4().hex}")
    return Response(body={"entry": entry_view(entry), "balance": show(entry.balance_after)}, status_code=201)


@route(bp, "/admin/users/{user_id}/rates", methods=["PUT"], roles=ADMIN)
def set_rate(ctx: Ctx, user_id: str) -> Response:
    body = ctx.body(RateBody)
    if users.get(user_id) is None:
        raise NotFound("No such user.")
    fixed = parse_amount(body.fixed_rate, field="fixed_rate") if body.fixed_rate is not None else None
    discount = (parse_amount(body.discount_percent, field="discount_percent", max_places=2)
                if body.discount_percent is not None else None)
    catalog.set_custom_rate(user_id, body.service, fixed, discount)
    return Response(body={"ok": True})
