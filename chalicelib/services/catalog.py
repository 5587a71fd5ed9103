"""Catalog use cases: providers, importing and syncing services, prices for a user."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

from chalicelib import secret_names
from chalicelib.adapters import provider_api, secret_store
from chalicelib.domain.catalog import CatalogChange, CustomRate, Service, rate_for_user
from chalicelib.domain.catalog_changes import ChangeLine, change_report, check_custom_rate, enable_problem
from chalicelib.domain.completion_times import CompletionTimes
from chalicelib.domain.errors import InvalidInput, NotFound
from chalicelib.domain.provider_urls import UrlRefused
from chalicelib.domain.providers import Provider, ProviderService, key_hint
from chalicelib.domain.upstream_values import MAX_RATE
from chalicelib.observability import logger, metrics
from chalicelib.services import audit_log, caches, clock
from chalicelib.store import catalog, catalog_changes, counters


def _check_url(api_url: str) -> str:
    """https to a public address (http to loopback in the local stages); see domain/provider_urls."""
    try:
        return provider_api.check_url(api_url)
    except UrlRefused as exc:
        raise InvalidInput(str(exc), fields={"api_url": "invalid"}) from exc


def add_provider(name: str, api_url: str, api_key: str) -> Provider:
    if not name.strip() or not api_key.strip():
        raise InvalidInput("A provider needs a name and an API key.")
    provider = Provider(provider_id=counters.next_id("provider"), name=name.strip(), api_url=_check_url(api_url),
                        enabled=True, key_hint=key_hint(api_key.strip()))
    secret_store.put(secret_names.provider_api_key(provider.provider_id), api_key.strip())
    catalog.put_provider(provider)
    audit_log.provider_added(provider)
    return provider


def update_provider(provider_id: int, *, name: str | None = None, api_url: str | None = None,
                    api_key: str | None = None, enabled: bool | None = None,
                    low_balance_usd: Decimal | None = None, clear_low_balance: bool = False) -> Provider:
    """Change a provider. A new URL needs the API key in the same request: otherwise an admin
    could send the stored key to a host of their choosing."""
    provider = _provider(provider_id)
    changes: dict[str, Any] = {}
    key = (api_key or "").strip()
    if name is not None:
        if not name.strip():
            raise InvalidInput("A provider needs a name.", fields={"name": "required"})
        changes["name"] = name.strip()
    if api_url is not None and api_url.strip() != provider.api_url:
        if not key:
            raise InvalidInput("Enter the provider's API key again to change its API URL.",
                               fields={"api_key": "required"})
        changes["api_url"] = _check_url(api_url)
    if enabled is not None:
        changes["enabled"] = enabled
    if low_balance_usd is not None:
        changes["low_balance_usd"] = low_balance_usd
    if clear_low_balance:
        changes["low_balance_usd"] = None
    if key:
        changes["key_hint"] = key_hint(key)
    updated = Provider(**{**provider.__dict__, **changes})
    if key:
        secret_store.put(secret_names.provider_api_key(provider_id), key)
    catalog.put_provider(updated)
    caches.catalog.clear()
    audit_log.provider_changed(provider, updated, key_changed=bool(key))
    return updated


def _provider(provider_id: int) -> Provider:
    provider = catalog.get_provider(provider_id)
    if provider is None:
        raise NotFound("No such provider.")
    return provider


def _api(provider: Provider) -> tuple[str, str]:
    return provider.api_url, secret_store.get(secret_names.provider_api_key(provider.provider_id))


def provider_balance(provider_id: int) -> dict[str, str]:
    provider = _provider(provider_id)
    try:
        amount, currency = provider_api.balance(*_api(provider))
    except provider_api.ProviderError as exc:
        raise InvalidInput(f"Balance check failed: {exc.message}.") from exc
    catalog.record_provider_balance(provider_id, amount, currency, clock.now())
    return {"balance": str(amount), "currency": currency}


class Upstream(NamedTuple):
    """One of a provider's services as it offers it, and our service made from it (if any)."""

    entry: ProviderService
    imported_as: int | None


def upstream_services(provider_id: int) -> tuple[list[Upstream], list[str]]:
    """The provider's services now, each with whether it is imported; and the entries refused."""
    provider = _provider(provider_id)
    try:
        offered, skipped = provider_api.services(*_api(provider))
    except provider_api.ProviderError as exc:
        raise InvalidInput(f"The provider's services could not be fetched: {exc.message}.") from exc
    ours = {s.provider_service: s.service_id for s in catalog.services() if s.provider_id == provider_id}
    return [Upstream(entry, ours.get(entry.service)) for entry in offered], [str(s) for s in skipped]


@dataclass(frozen=True)
class ImportResult:
    imported: list[int]
    already: int
    skipped: list[str]


def import_services(provider_id: int, provider_service_ids: list[str] | None = None) -> ImportResult:
    """Create our services for the provider's services not imported yet (all, or the listed ones)."""
    provider = _provider(provider_id)
    try:
        offered, skipped = provider_api.services(*_api(provider))
    except provider_api.ProviderError as exc:
        raise InvalidInput(f"Import failed: {exc.message}.") from exc
    existing = {s.provider_service for s in catalog.services() if s.provider_id == provider_id}
    wanted = set(provider_service_ids) if provider_service_ids else None
    imported: list[int] = []
    for entry in offered:
        if entry.service in existing or (wanted is not None and entry.service not in wanted):
            continue
        service = Service(
            # Disabled, without a customer name: staff name it, then enable it (the provider's
            # name is kept for staff only).
            service_id=counters.next_id("service"), name="", description="",
            category=entry.category, sort=len(imported), enabled=False, type=entry.type, min=entry.min, max=entry.max,
            refill=entry.refill, cancel=entry.cancel, dripfeed=entry.dripfeed, provider_id=provider_id,
            provider_service=entry.service, provider_rate=entry.rate, provider_name=entry.name,
        )
        catalog.put_service(service)
        imported.append(service.service_id)
    audit_log.services_imported(provider_id, imported)
    return ImportResult(imported=imported, already=len(existing & {e.service for e in offered}),
                        skipped=[str(s) for s in skipped])


def sync_provider(provider: Provider) -> list[CatalogChange]:
    """Bring our copies of a provider's services up to date; disable what it dropped."""
    offered, skipped = provider_api.services(*_api(provider))
    by_id = {entry.service: entry for entry in offered}
    refused = {s.service: s.reason for s in skipped if s.service is not None}
    _record_report(provider.provider_id, "sync", change_report(
        [s for s in catalog.services() if s.provider_id == provider.provider_id], offered, refused))
    changes: list[CatalogChange] = []
    for service in catalog.services():
        if service.provider_id != provider.provider_id:
            continue
        if service.provider_service in refused and service.provider_service not in by_id:
            # Offered, but with values we refuse (NaN, 1e30, a word...): left as it was, for staff.
            changes.append(CatalogChange(service.service_id, "refused",
                                         f"the provider's entry was refused and left unchanged: "
                                         f"{refused[service.provider_service]}"))
            continue
        entry = by_id.get(service.provider_service)
        if entry is None:
            if service.provider_available:
                catalog.update_service(service, provider_available=False, enabled=False)
                changes.append(CatalogChange(service.service_id, "dropped", "the provider no longer offers it; "
                                             "disabled"))
            continue
        updates: dict[str, Any] = {}
        if entry.rate != service.provider_rate:
            updates["provider_rate"] = entry.rate
            changes.append(CatalogChange(service.service_id, "price",
                                         f"provider rate {service.provider_rate} -> {entry.rate}"))
        if (entry.min, entry.max) != (service.min, service.max):
            updates.update(min=entry.min, max=entry.max)
            changes.append(CatalogChange(service.service_id, "limits",
                                         f"{service.min}-{service.max} -> {entry.min}-{entry.max}"))
        flags = {"refill": entry.refill, "cancel": entry.cancel, "dripfeed": entry.dripfeed}
        updates.update({k: v for k, v in flags.items() if getattr(service, k) != v})
        if entry.name and entry.name != service.provider_name:
            updates["provider_name"] = entry.name
        if not service.provider_available:
            updates["provider_available"] = True
            changes.append(CatalogChange(service.service_id, "returned", "offered again; still disabled until "
                                         "staff enable it"))
        if updates:
            catalog.update_service(service, **updates)
    return changes


def sync_all() -> dict[str, Any]:
    report: dict[str, Any] = {}
    for provider in catalog.providers():
        if not provider.enabled:
            continue
        try:
            changes = sync_provider(provider)
        except provider_api.ProviderError as exc:
            logger.warning("catalog sync failed", extra={"provider_id": provider.provider_id, "error": str(exc)})
            report[str(provider.provider_id)] = {"error": str(exc)}
            continue
        except Exception as exc:  # one provider's failure never stops the others' sync
            logger.exception("catalog sync crashed", extra={"provider_id": provider.provider_id})
            report[str(provider.provider_id)] = {"error": f"internal error ({type(exc).__name__})"}
            continue
        for change in changes:
            logger.info("catalog change", extra={"provider_id": provider.provider_id, **change.__dict__})
        metrics.add_metric(name="CatalogChanges", unit="Count", value=len(changes))
        report[str(provider.provider_id)] = [change.__dict__ for change in changes]
        audit_log.catalog_synced(provider.provider_id, report[str(provider.provider_id)])
    return report


def change_service(service_id: int, changes: dict[str, Any]) -> Service:
    service = catalog.get_service(service_id)
    if service is None:
        raise NotFound("No such service.")
    if changes.get("enabled"):
        problem = enable_problem(Service(**{**service.__dict__, **changes}))
        if problem:
            raise InvalidInput(problem, fields={"enabled": "invalid"})
    backup = changes.get("backup_provider_id")
    if backup is not None:
        if catalog.get_provider(backup) is None:
            raise InvalidInput("No such backup provider.")
        if backup == service.provider_id:
            raise InvalidInput("The backup provider must differ from the service's own provider.")
        if not changes.get("backup_provider_service"):
            raise InvalidInput("Give the backup provider's service id too.")
    updated = catalog.update_service(service, **changes)
    caches.catalog.clear()  # this container at once; others within catalog_cache_seconds
    audit_log.service_changed(service, updated, changes)
    return updated


class Listed(NamedTuple):
    """A service with its list rate (the provider's rate plus the markup that applies)."""

    service: Service
    list_rate: Decimal


def edit_service(service_id: int, changes: dict[str, Any]) -> Listed:
    """Staff's change of a service (`change_service`), answered with its new list rate."""
    updated = change_service(service_id, changes)
    return Listed(updated, updated.list_rate(catalog.global_markup()))


def staff_price_list() -> tuple[Decimal, list[Listed]]:
    """The global markup and every service (enabled or not) with its list rate, for staff."""
    markup = catalog.global_markup()
    return markup, [Listed(s, s.list_rate(markup)) for s in catalog.services()]


def providers_with_balances() -> list[tuple[Provider, dict[str, str] | None]]:
    """Every provider with the last balance the health job saw (None: not checked yet)."""
    balances = catalog.provider_balances()
    return [(p, balances.get(p.provider_id)) for p in catalog.providers()]


def set_global_markup(percent: Decimal) -> None:
    before = catalog.global_markup()
    catalog.set_global_markup(percent)
    caches.catalog.clear()
    audit_log.markup_set(before, percent)


def price_list(user_id: str | None) -> list[tuple[Service, Decimal]]:
    """Orderable services with the user's own rate for each."""
    markup = catalog.global_markup()
    rates = catalog.custom_rates(user_id) if user_id else {}
    return [
        (service, rate_for_user(service.list_rate(markup), rates.get(service.service_id), rates.get(None)))
        for service in sorted(catalog.services(), key=lambda s: (s.category, s.sort, s.service_id))
        if service.orderable and _sane_rate(service)
    ]


class Offered(NamedTuple):
    """A service as anyone may see it: list rate and completion times (never its provider)."""

    service: Service
    list_rate: Decimal
    times: CompletionTimes


def public_catalog() -> list[Offered]:
    """Orderable services at list rates with their completion times, for visitors too. Kept
    for catalog_cache_seconds in the container (the page is public: a burst of visitors costs
    three queries per window, not per visit)."""
    cached: list[Offered] | None = caches.catalog.get(("public",))
    if cached is not None:
        return cached
    times = catalog.completion_times()
    answer = [Offered(service, rate, times.get(service.service_id, CompletionTimes()))
              for service, rate in price_list(None)]
    caches.catalog.put(("public",), answer)
    return answer


def _sane_rate(service: Service) -> bool:
    """A stored provider rate outside the bounds (written before they were enforced) hides the
    service instead of breaking the whole price list."""
    try:
        ok = service.provider_rate.is_finite() and Decimal(0) < service.provider_rate <= MAX_RATE
    except InvalidOperation:
        ok = False
    if not ok:
        logger.warning("service hidden: stored provider rate out of bounds", extra={"service_id": service.service_id})
    return ok


def set_custom_rate(user_id: str, service_id: int | None, fixed_rate: Decimal | None,
                    discount_percent: Decimal | None) -> None:
    if (fixed_rate is None) == (discount_percent is None):
        raise InvalidInput("Give either a fixed rate or a discount percentage.")
    if discount_percent is not None and not Decimal(0) < discount_percent < Decimal(100):
        raise InvalidInput("A discount must be between 0 and 100 percent.")
    if service_id is None and fixed_rate is not None:
        raise InvalidInput("A fixed rate needs a service.")
    if service_id is not None and catalog.get_service(service_id) is None:
        raise NotFound("No such service.")
    before = catalog.custom_rates(user_id).get(service_id)
    rate = CustomRate(fixed_rate=fixed_rate, discount_percent=discount_percent)
    check_custom_rate(catalog.services(), service_id, rate, catalog.global_markup())
    catalog.set_custom_rate(user_id, service_id, rate)
    caches.catalog.clear()
    audit_log.rate_set(user_id, service_id, before, rate)


# --- change reports (domain/catalog_changes) ---------------------------------------------

def _record_report(provider_id: int, run: str, lines: list[ChangeLine]) -> None:
    """Keep what one import or sync found, for staff to acknowledge (nothing found: no report)."""
    if lines:
        catalog_changes.put_report(counters.next_id("catalog_change"), provider_id, run, clock.now(), lines)


def open_change_reports() -> list[dict[str, Any]]:
    return catalog_changes.open_reports()


def acknowledge_changes(report_id: int, staff_id: str) -> None:
    """Staff have read a change report: it leaves the open list (audited)."""
    report = catalog_changes.get_report(report_id)
    if report is None:
        raise NotFound("No such change report.")
    if report["acked_at"] is not None or not catalog_changes.acknowledge(report_id, staff_id, clock.now()):
        raise InvalidInput("This change report was already acknowledged.")
    audit_log.catalog_changes_acked(report_id, report["provider_id"], len(report["lines"]))


def sync_one(provider_id: int) -> list[CatalogChange]:
    """Sync one provider now (staff's button; the schedule syncs all)."""
    provider = _provider(provider_id)
    try:
        changes = sync_provider(provider)
    except provider_api.ProviderError as exc:
        raise InvalidInput(f"Sync failed: {exc.message}.") from exc
    caches.catalog.clear()
    audit_log.catalog_synced(provider_id, [change.__dict__ for change in changes])
    return changes
