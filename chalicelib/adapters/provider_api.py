"""Client of an upstream provider's standard panel API (v2): pooled HTTPS with TLS
verification and explicit timeouts; lenient parsing of every dialect into typed results;
failures classified by what they mean for an order:

- permanent: the provider refused it (bad link, bad service...): it will never succeed;
- retryable: the request was not taken (connection refused before sending, out of funds,
  rate limited): sending it again later cannot duplicate anything;
- unknown: the request may have been taken (timeout after sending, broken answer, HTTP 5xx):
  sending it again could place a second upstream order.
"""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

import urllib3

from chalicelib.domain.catalog import parse_service_type
from chalicelib.domain.orders import OrderStatus, parse_upstream_status
from chalicelib.domain.providers import ProviderService
from chalicelib.observability import logger
from chalicelib.settings import get_settings

MAX_IDS = 100  # the standard's limit per multi call


class Failure(enum.Enum):
    PERMANENT = "permanent"
    RETRYABLE = "retryable"
    UNKNOWN = "unknown"


class ProviderError(Exception):
    def __init__(self, kind: Failure, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


_RETRYABLE_REFUSALS = ("not enough funds", "balance", "rate limit", "too many requests", "try again later")


@lru_cache(maxsize=1)
def _pool() -> urllib3.PoolManager:
    # cert_reqs CERT_REQUIRED: TLS is always verified toward providers.
    return urllib3.PoolManager(num_pools=20, maxsize=25, cert_reqs="CERT_REQUIRED", retries=False)


def call(api_url: str, api_key: str, action: str, **params: Any) -> Any:
    timeout = get_settings().provider_timeout_seconds
    fields = {"key": api_key, "action": action, **{k: str(v) for k, v in params.items() if v is not None}}
    try:
        response = _pool().request("POST", api_url, fields=fields, encode_multipart=False,
                                   timeout=urllib3.Timeout(connect=5.0, read=timeout))
    except urllib3.exceptions.MaxRetryError as exc:  # pragma: no cover - retries are off
        raise _classify_transport(exc.reason or exc) from exc
    except urllib3.exceptions.HTTPError as exc:
        raise _classify_transport(exc) from exc
    if response.status == 429:
        raise ProviderError(Failure.RETRYABLE, "the provider is rate limiting us (HTTP 429)")
    if response.status >= 500:
        raise ProviderError(Failure.UNKNOWN, f"the provider answered HTTP {response.status}")
    try:
        data = json.loads(response.data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ProviderError(Failure.UNKNOWN, "the provider's answer is not JSON") from exc
    if isinstance(data, dict) and "error" in data and len(data) == 1:
        message = str(data["error"])[:200]
        kind = Failure.RETRYABLE if any(k in message.lower() for k in _RETRYABLE_REFUSALS) else Failure.PERMANENT
        raise ProviderError(kind, f"the provider refused: {message}")
    return data


def _classify_transport(exc: BaseException) -> ProviderError:
    # Refused or timed out while connecting: nothing was sent. Anything later: unknown.
    if isinstance(exc, urllib3.exceptions.NewConnectionError | urllib3.exceptions.ConnectTimeoutError):
        return ProviderError(Failure.RETRYABLE, f"the provider could not be reached ({type(exc).__name__})")
    return ProviderError(Failure.UNKNOWN, f"no answer from the provider ({type(exc).__name__})")


def _flag(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    return bool(value)


def _int(value: Any) -> int:
    return int(Decimal(str(value).strip()))


def _optional_int(value: Any) -> int | None:
    try:
        return _int(value) if value is not None and str(value).strip() != "" else None
    except (InvalidOperation, ValueError):
        return None


def parse_services(data: Any) -> tuple[list[ProviderService], list[str]]:
    """Entries we can sell, and a note for each entry we could not understand."""
    if not isinstance(data, list):
        raise ProviderError(Failure.UNKNOWN, "the provider's services answer is not a list")
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
        raise ProviderError(Failure.UNKNOWN, "the provider's balance answer is not understood") from exc


def add(api_url: str, api_key: str, params: dict[str, Any]) -> str:
    """Place an order upstream; returns the provider's order id as text."""
    data = call(api_url, api_key, "add", **params)
    order = data.get("order") if isinstance(data, dict) else None
    if order is None or str(order).strip() in ("", "0"):
        raise ProviderError(Failure.UNKNOWN, "the provider's add answer has no order id")
    return str(order).strip()


@dataclass(frozen=True)
class UpstreamStatus:
    raw_status: str
    status: OrderStatus | None  # None: a spelling we do not know; left for staff
    start_count: int | None
    remains: int | None
    runs: int | None = None   # drip-feed: runs made so far
    posts: int | None = None  # subscription: posts served so far


def _status(entry: Any) -> UpstreamStatus | None:
    if not isinstance(entry, dict) or "status" not in entry:
        return None
    raw = str(entry["status"])
    return UpstreamStatus(raw, parse_upstream_status(raw), _optional_int(entry.get("start_count")),
                          _optional_int(entry.get("remains")), _optional_int(entry.get("runs")),
                          _optional_int(entry.get("posts")))


def statuses(api_url: str, api_key: str, order_ids: list[str]) -> dict[str, UpstreamStatus | None]:
    """Status of up to 100 upstream orders in one call (`orders=`); None for unknown ids."""
    assert len(order_ids) <= MAX_IDS
    data = call(api_url, api_key, "status", orders=",".join(order_ids))
    if not isinstance(data, dict):
        raise ProviderError(Failure.UNKNOWN, "the provider's status answer is not an object")
    return {order_id: _status(data.get(order_id)) for order_id in order_ids}


def refill(api_url: str, api_key: str, order_id: str) -> str:
    data = call(api_url, api_key, "refill", order=order_id)
    refill_id = data.get("refill") if isinstance(data, dict) else None
    if refill_id is None or isinstance(refill_id, dict):
        raise ProviderError(Failure.PERMANENT, f"the provider refused the refill: {refill_id}")
    return str(refill_id).strip()


def refill_statuses(api_url: str, api_key: str, refill_ids: list[str]) -> dict[str, str | None]:
    assert len(refill_ids) <= MAX_IDS
    data = call(api_url, api_key, "refill_status", refills=",".join(refill_ids))
    found: dict[str, str | None] = dict.fromkeys(refill_ids)
    for entry in data if isinstance(data, list) else []:
        status = entry.get("status") if isinstance(entry, dict) else None
        if isinstance(status, str):
            found[str(entry.get("refill"))] = status
    return found


def cancel(api_url: str, api_key: str, order_ids: list[str]) -> dict[str, bool]:
    """Ask to cancel up to 100 orders; True where the provider accepted the request."""
    assert len(order_ids) <= MAX_IDS
    data = call(api_url, api_key, "cancel", orders=",".join(order_ids))
    accepted = dict.fromkeys(order_ids, False)
    for entry in data if isinstance(data, list) else []:
        if isinstance(entry, dict) and not isinstance(entry.get("cancel"), dict):
            accepted[str(entry.get("order"))] = True
    return accepted
