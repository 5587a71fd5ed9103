"""Providers, services, the global markup and users' custom rates."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import datetime
from decimal import Decimal
from typing import Any

from chalicelib.domain.catalog import CustomRate, Service, ServiceType
from chalicelib.domain.completion_times import CompletionTimes
from chalicelib.domain.providers import Provider
from chalicelib.store import dynamo, keys, schema

DEFAULT_MARKUP = Decimal("20")


# --- providers ---------------------------------------------------------------------------

def put_provider(provider: Provider) -> None:
    """Write a provider's fields, keeping the last balance the health job or staff saw."""
    fields = {**keys.provider_index(provider.provider_id), "type": "provider", **asdict(provider)}
    names = {f"#f{i}": name for i, name in enumerate(fields)}
    values = {f"v{i}": value for i, value in enumerate(fields.values())}
    dynamo.update(keys.provider(provider.provider_id), "SET " + ", ".join(f"#f{i} = :v{i}" for i in range(len(fields))),
                  names=names, **values)


def _provider(item: dict[str, Any]) -> Provider:
    return Provider(provider_id=int(item["provider_id"]), name=item["name"], api_url=item["api_url"],
                    enabled=bool(item["enabled"]), key_hint=item["key_hint"],
                    low_balance_usd=Decimal(item["low_balance_usd"]) if item.get("low_balance_usd") is not None
                    else None)


def get_provider(provider_id: int) -> Provider | None:
    item = dynamo.get(keys.provider(provider_id))
    return _provider(item) if item else None


def record_provider_balance(provider_id: int, amount: Decimal, currency: str, at: datetime) -> None:
    dynamo.update(keys.provider(provider_id), "SET last_balance = :b, last_currency = :c, balance_checked_at = :t",
                  condition="attribute_exists(pk)", b=amount, c=currency, t=at.isoformat())


def provider_balances() -> dict[int, dict[str, str]]:
    """The last balance the health job saw, per provider (for the admin pages)."""
    return {int(i["provider_id"]): {"balance": str(i["last_balance"]), "currency": i.get("last_currency", "USD"),
                                    "checked_at": i.get("balance_checked_at", "")}
            for i in dynamo.query_index(schema.GSI1, keys.PROVIDERS_PARTITION) if "last_balance" in i}


def providers() -> list[Provider]:
    return [_provider(i) for i in dynamo.query_index(schema.GSI1, keys.PROVIDERS_PARTITION)]


# --- services ----------------------------------------------------------------------------

def _service_item(service: Service) -> dict[str, Any]:
    data = asdict(service)
    data["type"] = service.type.value
    return {**keys.service(service.service_id), **keys.service_index(service.service_id), "entity": "service",
            **data}


def service_from_item(item: dict[str, Any]) -> Service:
    markup = item.get("markup_percent")
    return Service(
        service_id=int(item["service_id"]), name=item["name"], description=item.get("description", ""),
        category=item["category"], sort=int(item["sort"]), enabled=bool(item["enabled"]),
        type=ServiceType(item["type"]), min=int(item["min"]), max=int(item["max"]), refill=bool(item["refill"]),
        cancel=bool(item["cancel"]), dripfeed=bool(item["dripfeed"]), provider_id=int(item["provider_id"]),
        provider_service=str(item["provider_service"]), provider_rate=Decimal(item["provider_rate"]),
        markup_percent=Decimal(markup) if markup is not None else None,
        provider_available=bool(item.get("provider_available", True)),
        one_active_order_per_link=bool(item.get("one_active_order_per_link", False)),
        refill_window_days=int(item.get("refill_window_days", 30)),
        backup_provider_id=int(item["backup_provider_id"]) if item.get("backup_provider_id") is not None else None,
        backup_provider_service=item.get("backup_provider_service"),
        provider_name=item.get("provider_name", ""),
    )


def put_service(service: Service) -> None:
    dynamo.put(_service_item(service))


def get_service(service_id: int) -> Service | None:
    item = dynamo.get(keys.service(service_id))
    return service_from_item(item) if item else None


def services() -> list[Service]:
    """The whole catalog, in service id order."""
    return [service_from_item(i) for i in dynamo.query_index(schema.GSI1, keys.SERVICES_PARTITION)]


def update_service(service: Service, **changes: Any) -> Service:
    updated = replace(service, **changes)
    put_service(updated)
    return updated


# --- completion times (domain/completion_times) -----------------------------------------

def completion_action(service_id: int, seconds: int) -> dict[str, Any]:
    """Add one completed order's seconds to its service's running sum and count: an action for
    the settlement's own transaction, so each order counts exactly once."""
    index = keys.service_completions_index(service_id)
    return {"Update": {
        "Key": dynamo.to_attributes(keys.service_completions(service_id)),
        "UpdateExpression": "SET gsi1pk = :p, gsi1sk = :s, service_id = :id ADD total_seconds :t, completed :one",
        "ExpressionAttributeValues": dynamo.values(p=index["gsi1pk"], s=index["gsi1sk"], id=service_id,
                                                   t=seconds, one=1),
    }}


def completion_times() -> dict[int, CompletionTimes]:
    """Every service's completion times that has any, in one query."""
    return {int(i["service_id"]): CompletionTimes(total_seconds=int(i["total_seconds"]), completed=int(i["completed"]))
            for i in dynamo.query_index(schema.GSI1, keys.SERVICE_COMPLETIONS_PARTITION)}


# --- markup and custom rates -------------------------------------------------------------

def global_markup() -> Decimal:
    return markup_from_item(dynamo.get(keys.catalog_settings(), consistent=False))


def markup_from_item(item: dict[str, Any] | None) -> Decimal:
    return Decimal(item["markup_percent"]) if item else DEFAULT_MARKUP


def set_global_markup(percent: Decimal) -> None:
    dynamo.put({**keys.catalog_settings(), "markup_percent": percent})


def custom_rates(user_id: str) -> dict[int | None, CustomRate]:
    """A user's custom rates by service id (None: the user-wide discount)."""
    return {keys.custom_rate_target(item["sk"]): rate_from_item(item)
            for item in dynamo.query_index(None, *keys.custom_rates_of(user_id))}


def rate_from_item(item: dict[str, Any]) -> CustomRate:
    fixed, discount = item.get("fixed_rate"), item.get("discount_percent")
    return CustomRate(fixed_rate=Decimal(fixed) if fixed is not None else None,
                      discount_percent=Decimal(discount) if discount is not None else None)


def set_custom_rate(user_id: str, service_id: int | None, rate: CustomRate) -> None:
    dynamo.put({**keys.custom_rate(user_id, service_id), "type": "custom_rate",
                "fixed_rate": rate.fixed_rate, "discount_percent": rate.discount_percent})


def delete_custom_rate(user_id: str, service_id: int | None) -> None:
    dynamo.delete(keys.custom_rate(user_id, service_id))


# --- one user's price of one service -------------------------------------------------------

@dataclass(frozen=True)
class PriceInputs:
    """What one user's rate for one service is made of (domain.catalog.rate_for_user)."""

    service: Service | None
    markup: Decimal
    per_service: CustomRate | None
    user_wide: CustomRate | None


def price_inputs(user_id: str, service_id: int) -> PriceInputs:
    """The service, the global markup and the user's custom rates for it, in one BatchGetItem."""
    service_key, markup_key = keys.service(service_id), keys.catalog_settings()
    rate_key, user_wide_key = keys.custom_rate(user_id, service_id), keys.custom_rate(user_id, None)
    items = dynamo.batch_get([service_key, markup_key, rate_key, user_wide_key])

    def item(key: keys.Key) -> dict[str, Any] | None:
        return items.get((key["pk"], key["sk"]))

    service_item, per_service, user_wide = item(service_key), item(rate_key), item(user_wide_key)
    return PriceInputs(service=service_from_item(service_item) if service_item else None,
                       markup=markup_from_item(item(markup_key)),
                       per_service=rate_from_item(per_service) if per_service else None,
                       user_wide=rate_from_item(user_wide) if user_wide else None)
