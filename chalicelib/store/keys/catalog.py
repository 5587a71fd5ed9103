"""Providers, services, catalog settings and custom rates."""

from __future__ import annotations

from chalicelib.store.keys.accounts import user
from chalicelib.store.keys.base import Key


def provider(provider_id: int) -> Key:
    return {"pk": f"PROVIDER#{provider_id}", "sk": "PROVIDER"}


def provider_index(provider_id: int) -> Key:
    return {"gsi1pk": PROVIDERS_PARTITION, "gsi1sk": f"{provider_id:08d}"}


PROVIDERS_PARTITION = "PROVIDERS"


def service(service_id: int) -> Key:
    return {"pk": f"SERVICE#{service_id}", "sk": "SERVICE"}


def service_index(service_id: int) -> Key:
    """GSI1: the whole catalog in one partition (hundreds to a few thousand items)."""
    return {"gsi1pk": SERVICES_PARTITION, "gsi1sk": f"{service_id:08d}"}


SERVICES_PARTITION = "SERVICES"


def service_completions(service_id: int) -> Key:
    """A service's running sum and count of completion times (its own item: staff's edits of
    the service rewrite the service item whole)."""
    return {"pk": f"SERVICE#{service_id}", "sk": "COMPLETIONS"}


def service_completions_index(service_id: int) -> Key:
    """GSI1: every service's completion times in one partition, read in one query."""
    return {"gsi1pk": SERVICE_COMPLETIONS_PARTITION, "gsi1sk": f"{service_id:08d}"}


SERVICE_COMPLETIONS_PARTITION = "SERVICE_COMPLETIONS"


def catalog_settings() -> Key:
    return {"pk": "CONFIG#catalog", "sk": "CONFIG"}


CUSTOM_RATE_PREFIX = "RATE#"
ALL_SERVICES = "ALL"


def custom_rate(user_id: str, service_id: int | None) -> Key:
    """A user's own rate for one service, or (service_id None) their discount on everything."""
    target = ALL_SERVICES if service_id is None else service_id
    return {"pk": f"USER#{user_id}", "sk": f"{CUSTOM_RATE_PREFIX}{target}"}


def custom_rates_of(user_id: str) -> tuple[str, str]:
    """Partition and sort-key prefix of a user's custom rates."""
    return user(user_id)["pk"], CUSTOM_RATE_PREFIX


def custom_rate_target(sort_key: str) -> int | None:
    """The service id a custom-rate item is for; None for the user-wide discount."""
    target = sort_key.removeprefix(CUSTOM_RATE_PREFIX)
    return None if target == ALL_SERVICES else int(target)


OPEN_CATALOG_CHANGES = "CATALOG_CHANGES#open"  # GSI1: change reports staff have not acknowledged


def catalog_change(report_id: int) -> Key:
    """One import's or sync's change report for one provider."""
    return {"pk": f"CATALOG_CHANGE#{report_id}", "sk": "REPORT"}


def open_catalog_change_index(at_iso: str, report_id: int) -> Key:
    """GSI1 entry of an unacknowledged report, oldest first; removed on acknowledgement."""
    return {"gsi1pk": OPEN_CATALOG_CHANGES, "gsi1sk": f"{at_iso}#{report_id:08d}"}
