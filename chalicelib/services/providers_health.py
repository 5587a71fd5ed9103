"""Provider health: each provider's balance, a metric per provider and a warning when low."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from chalicelib import secret_names
from chalicelib.adapters import provider_api, secret_store
from chalicelib.adapters.provider_api import ProviderError
from chalicelib.observability import logger, metrics
from chalicelib.services import clock
from chalicelib.settings import get_settings
from chalicelib.store import catalog


def check_all() -> dict[str, Any]:
    threshold = Decimal(get_settings().provider_low_balance_usd)
    report: dict[str, Any] = {}
    for provider in catalog.providers():
        if not provider.enabled:
            continue
        try:
            amount, currency = provider_api.balance(provider.api_url,
                                                    secret_store.get(secret_names.provider_api_key(provider.provider_id)))
        except ProviderError as exc:
            logger.warning("provider balance check failed", extra={"provider_id": provider.provider_id,
                                                                   "error": exc.message})
            report[str(provider.provider_id)] = {"error": exc.message}
            continue
        except Exception as exc:  # one provider's failure never stops the others' check
            logger.exception("provider balance check crashed", extra={"provider_id": provider.provider_id})
            report[str(provider.provider_id)] = {"error": f"internal error ({type(exc).__name__})"}
            continue
        catalog.record_provider_balance(provider.provider_id, amount, currency, clock.now())
        metrics.add_metric(name=f"ProviderBalance{provider.provider_id}", unit="Count", value=float(amount))
        low = amount < threshold
        if low:
            logger.warning("provider balance low", extra={"provider_id": provider.provider_id,
                                                          "balance": str(amount), "threshold": str(threshold)})
        report[str(provider.provider_id)] = {"balance": str(amount), "currency": currency, "low": low}
    return report
