"""Provider health: each provider's balance, the `ProviderBalance` metric (one series per
provider, in the provider's currency) and a warning when low."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from chalicelib import secret_names
from chalicelib.adapters import provider_api, secret_store
from chalicelib.adapters.provider_api import ProviderError
from chalicelib.domain import staff_alerts as alert_rules
from chalicelib.observability import PROVIDER_BALANCE, PROVIDER_DIMENSION, logger, publish_with_dimensions
from chalicelib.services import clock, staff_alerts
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
        # One metric with a provider dimension: the low-balance alarm takes the lowest across
        # all providers, so a provider added later is watched without a new alarm.
        publish_with_dimensions(PROVIDER_BALANCE, float(amount), {PROVIDER_DIMENSION: str(provider.provider_id)})
        low = amount < threshold
        if low:
            logger.warning("provider balance low", extra={"provider_id": provider.provider_id,
                                                          "balance": str(amount), "threshold": str(threshold)})
            staff_alerts.raise_alert(alert_rules.provider_low_balance(provider.provider_id, amount, currency,
                                                                      threshold))
        report[str(provider.provider_id)] = {"balance": str(amount), "currency": currency, "low": low}
    return report
