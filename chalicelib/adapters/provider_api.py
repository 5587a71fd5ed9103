"""Client of an upstream provider's standard panel API (v2): pooled HTTPS with TLS
verification and explicit timeouts; lenient parsing of every dialect into typed results.

This issue's calls are `services` and `balance`; order dispatch adds the others.
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

import urllib3

from chalicelib.domain.catalog import parse_service_type
from chalicelib.domain.providers import ProviderService
from chalicelib.observability import logger
from chalicelib.settings import get_settings


class ProviderError(Exception):
    """The provider could not be reached or answered something unusable."""


@lru_cache(maxsize=1)
def _pool() -> urllib3.PoolManager:
    # cert_reqs CERT_REQUIRED: TLS is always verified toward providers.
    return urllib3.PoolManager(num_pools=20, maxsize=10, cert_reqs="CERT_REQUIRED", retries=False)


def call(api_url: str, api_key: str, action: str, **params: Any) -> Any:
    timeout = get_settings().provider_timeout_seconds
    try:
        response = _pool().request(
            "POST", api_url, fields={"key": api_key, "action": action, **{k: str(v) for k, v in params.items()}},
            encode_multipart=False, timeout=urllib3.Timeout(connect=5.0, read=timeout),
        )
    except urllib3.exceptions.HTTPError as exc:
        raise ProviderError(f"the provider could not be reached ({type(exc).__name__})") from exc
    if response.status >= 500:
        raise ProviderError(f"the provider answered HTTP {response.status}")
    try:
        data = json.loads(response.data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ProviderError("the provider's answer is not JSON") from exc
    if isinstance(data, dict) and "error" in data:
        raise ProviderError(f"the provider refused: {str(data['error'])[:200]}")
    return data


def _flag(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    return bool(value)


def _int(value: Any) -> int:
    return int(Decimal(str(value).strip()))


def parse_services(data: Any) -> tuple[list[ProviderService], list[str]]:
    """Entries we can sell, and a note for each entry we could not understand."""
    if not isinstance(data, list):
        raise ProviderError("the provider's services answer is not a list")
    parsed, skipped = [], []
    for raw in data:
        try:
            kind = parse_service_type(str(raw.get("type", "Default")))
            if kind is None:
                skipped.append(f"service {raw.get('service')}: unknown type {raw.get('type')!r}")
                continue
            parsed.append(ProviderService(
                service=str(raw["service"]).strip(), name=str(raw.get("name", "")).strip()[:200],
                type=kind, category=str(raw.get("category", "Other")).strip()[:100] or "Other",
                rate=Decimal(str(raw["rate"]).strip()), min=_int(raw.get("min", 1)), max=_int(raw.get("max", 1)),
                refill=_flag(raw.get("refill")), cancel=_flag(raw.get("cancel")), dripfeed=_flag(raw.get("dripfeed")),
            ))
        except (KeyError, AttributeError, InvalidOperation, ValueError, TypeError) as exc:
            skipped.append(f"service entry not understood: {type(exc).__name__}")
    if skipped:
        logger.warning("provider services skipped", extra={"skipped": len(skipped)})
    return parsed, skipped


def services(api_url: str, api_key: str) -> tuple[list[ProviderService], list[str]]:
    return parse_services(call(api_url, api_key, "services"))


def balance(api_url: str, api_key: str) -> tuple[Decimal, str]:
    data = call(api_url, api_key, "balance")
    try:
        return Decimal(str(data["balance"]).strip()), str(data.get("currency", "USD"))
    except (KeyError, TypeError, InvalidOperation) as exc:
        raise ProviderError("the provider's balance answer is not understood") from exc
