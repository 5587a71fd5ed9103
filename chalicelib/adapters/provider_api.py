"""Client of an upstream provider's standard panel API (v2): pooled HTTPS with TLS
verification and explicit timeouts, only toward checked public addresses, answers read up
to a byte limit (`provider_http`); lenient parsing of every dialect into typed results, but
every number bounded and finite (`domain.upstream_values`); failures classified by what
they mean for an order:

- permanent: the provider refused it (bad link, bad service...): it will never succeed;
- retryable: the request was not taken (connection refused before sending, out of funds,
  rate limited): sending it again later cannot duplicate anything;
- unknown: the request may have been taken (timeout after sending, broken answer, HTTP 5xx):
  sending it again could place a second upstream order.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from chalicelib.adapters import provider_http
from chalicelib.domain import upstream_values as values
from chalicelib.domain.catalog import parse_service_type
from chalicelib.domain.orders import OrderStatus, parse_upstream_status
from chalicelib.domain.providers import ProviderService
from chalicelib.domain.upstream_values import UpstreamValueError
from chalicelib.observability import logger

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


def check_url(api_url: str) -> str:
    """The URL as we store it, if a provider may be called there now (resolves the name);
    UrlRefused with a message for people otherwise."""
    provider_http.checked_target(api_url)
    return api_url.strip()


def call(api_url: str, api_key: str, action: str, **params: Any) -> Any:
    fields = {"key": api_key, "action": action, **{k: str(v) for k, v in params.items() if v is not None}}
    try:
        status, body = provider_http.post_form(api_url, fields)
    except provider_http.TransportError as exc:
        raise ProviderError(Failure.UNKNOWN if exc.sent else Failure.RETRYABLE, exc.message) from exc
    return parse_answer(status, body)


def parse_answer(status: int, body: bytes) -> Any:
    """The JSON of a provider's answer; ProviderError for an HTTP failure, a body we do not
    accept, or the standard's `{"error": ...}` refusal (retryable if it says to try later)."""
    if status == 429:
        raise ProviderError(Failure.RETRYABLE, "the provider is rate limiting us (HTTP 429)")
    if status >= 500:
        raise ProviderError(Failure.UNKNOWN, f"the provider answered HTTP {status}")
    if 300 <= status < 400:
        raise ProviderError(Failure.UNKNOWN, f"the provider redirected (HTTP {status}); redirects are not followed")
    try:
        data = provider_http.parse_json(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ProviderError(Failure.UNKNOWN, "the provider's answer is not JSON we accept") from exc
    if isinstance(data, dict) and "error" in data and len(data) == 1:
        message = str(data["error"])[:200]
        kind = Failure.RETRYABLE if any(k in message.lower() for k in _RETRYABLE_REFUSALS) else Failure.PERMANENT
        raise ProviderError(kind, f"the provider refused: {message}")
    return data


def _flag(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    return value is True or (isinstance(value, int | Decimal) and value == 1)


def _text(value: Any, limit: int, default: str) -> str:
    return str(value).strip()[:limit] if isinstance(value, str | int | Decimal) and str(value).strip() else default


@dataclass(frozen=True)
class SkippedService:
    """An entry of the services answer we refused; `service` is None if its id was unusable."""

    service: str | None
    reason: str

    def __str__(self) -> str:
        return f"service {self.service or '?'}: {self.reason}"


def _service(raw: Any) -> ProviderService | SkippedService:
    if not isinstance(raw, dict):
        return SkippedService(None, "not an object")
    try:
        service_id = values.parse_id(raw.get("service"), "service")
    except UpstreamValueError as exc:
        return SkippedService(None, str(exc))
    kind = parse_service_type(str(raw.get("type", "Default"))[:100])
    if kind is None:
        return SkippedService(service_id, f"unknown type {str(raw.get('type'))[:40]!r}")
    try:
        rate = values.parse_rate(raw.get("rate"))
        low, high = values.parse_limits(raw.get("min", 1), raw.get("max", 1))
    except UpstreamValueError as exc:
        return SkippedService(service_id, str(exc))
    return ProviderService(
        service=service_id, name=_text(raw.get("name"), 200, ""), type=kind,
        category=_text(raw.get("category"), 100, "Other"), rate=rate, min=low, max=high,
        refill=_flag(raw.get("refill")), cancel=_flag(raw.get("cancel")), dripfeed=_flag(raw.get("dripfeed")),
    )


def parse_services(data: Any) -> tuple[list[ProviderService], list[SkippedService]]:
    """Entries we can sell, and each entry we refused with the reason (logged, never stored)."""
    if not isinstance(data, list):
        raise ProviderError(Failure.UNKNOWN, "the provider's services answer is not a list")
    parsed: list[ProviderService] = []
    skipped: list[SkippedService] = []
    for raw in data:
        entry = _service(raw)
        if isinstance(entry, SkippedService):
            skipped.append(entry)
        else:
            parsed.append(entry)
    if skipped:
        logger.warning("provider services skipped", extra={"skipped": len(skipped),
                                                           "first": [str(s) for s in skipped[:5]]})
    return parsed, skipped


def services(api_url: str, api_key: str) -> tuple[list[ProviderService], list[SkippedService]]:
    return parse_services(call(api_url, api_key, "services"))


def balance(api_url: str, api_key: str) -> tuple[Decimal, str]:
    return parse_balance(call(api_url, api_key, "balance"))


def parse_balance(data: Any) -> tuple[Decimal, str]:
    """The provider's balance and its currency, both checked."""
    if not isinstance(data, dict):
        raise ProviderError(Failure.UNKNOWN, "the provider's balance answer is not an object")
    try:
        return values.parse_balance(data.get("balance")), values.parse_currency(data.get("currency"))
    except UpstreamValueError as exc:
        logger.warning("provider balance refused", extra={"field": exc.field, "value": exc.shown})
        raise ProviderError(Failure.UNKNOWN, f"the provider's balance answer is refused: {exc}") from exc


def add(api_url: str, api_key: str, params: dict[str, Any]) -> str:
    """Place an order upstream; returns the provider's order id as text."""
    return parse_added(call(api_url, api_key, "add", **params))


def parse_added(data: Any) -> str:
    """The order id of an `add` answer; an answer without a usable one is an unknown outcome
    (the provider may have taken the order)."""
    order = data.get("order") if isinstance(data, dict) else None
    try:
        order_id = values.parse_id(order, "order")
    except UpstreamValueError as exc:
        logger.warning("provider order id refused", extra={"value": exc.shown})
        raise ProviderError(Failure.UNKNOWN, "the provider's add answer has no usable order id") from exc
    if order_id == "0":
        raise ProviderError(Failure.UNKNOWN, "the provider's add answer has no order id")
    return order_id


@dataclass(frozen=True)
class UpstreamStatus:
    raw_status: str
    status: OrderStatus | None  # None: a spelling we do not know; left for staff
    start_count: int | None
    remains: int | None
    runs: int | None = None   # drip-feed: runs made so far
    posts: int | None = None  # subscription: posts served so far
    charge: Decimal | None = None
    refused: str | None = None  # a value we do not accept: the order is left as it is, and logged


def _status(entry: Any) -> UpstreamStatus | None:
    if not isinstance(entry, dict) or "status" not in entry:
        return None
    raw = _text(entry["status"], 50, "")
    try:
        return UpstreamStatus(raw, parse_upstream_status(raw), values.parse_start_count(entry.get("start_count")),
                              values.parse_remains(entry.get("remains")),
                              charge=values.parse_charge(entry.get("charge")),
                              runs=values.parse_optional_whole(entry.get("runs"), "runs"),
                              posts=values.parse_optional_whole(entry.get("posts"), "posts"))
    except UpstreamValueError as exc:
        return UpstreamStatus(raw, None, None, None, refused=str(exc))


def statuses(api_url: str, api_key: str, order_ids: list[str]) -> dict[str, UpstreamStatus | None]:
    """Status of up to 100 upstream orders in one call (`orders=`); None for unknown ids."""
    assert len(order_ids) <= MAX_IDS
    return parse_statuses(call(api_url, api_key, "status", orders=",".join(order_ids)), order_ids)


def parse_statuses(data: Any, order_ids: list[str]) -> dict[str, UpstreamStatus | None]:
    """Each asked-for order's status; None where the answer has no usable entry for it."""
    if not isinstance(data, dict):
        raise ProviderError(Failure.UNKNOWN, "the provider's status answer is not an object")
    return {order_id: _status(data.get(order_id)) for order_id in order_ids}


def refill(api_url: str, api_key: str, order_id: str) -> str:
    return parse_refill(call(api_url, api_key, "refill", order=order_id))


def parse_refill(data: Any) -> str:
    """The provider's refill id; a refusal or an unusable id is permanent."""
    refill_id = data.get("refill") if isinstance(data, dict) else None
    if refill_id is None or isinstance(refill_id, dict):
        raise ProviderError(Failure.PERMANENT, f"the provider refused the refill: {str(refill_id)[:200]}")
    try:
        return values.parse_id(refill_id, "refill")
    except UpstreamValueError as exc:
        raise ProviderError(Failure.PERMANENT, f"the provider's refill answer has no usable id: {exc}") from exc


def refill_statuses(api_url: str, api_key: str, refill_ids: list[str]) -> dict[str, str | None]:
    assert len(refill_ids) <= MAX_IDS
    return parse_refill_statuses(call(api_url, api_key, "refill_status", refills=",".join(refill_ids)), refill_ids)


def parse_refill_statuses(data: Any, refill_ids: list[str]) -> dict[str, str | None]:
    """The provider's own spelling of each asked-for refill's status (at most 50 characters);
    None where the answer has none. Entries for ids not asked about are ignored."""
    found: dict[str, str | None] = dict.fromkeys(refill_ids)
    for entry in data if isinstance(data, list) else []:
        status = entry.get("status") if isinstance(entry, dict) else None
        if isinstance(status, str) and str(entry.get("refill")) in found:
            found[str(entry.get("refill"))] = status[:50]
    return found


def cancel(api_url: str, api_key: str, order_ids: list[str]) -> dict[str, bool]:
    """Ask to cancel up to 100 orders; True where the provider accepted the request."""
    assert len(order_ids) <= MAX_IDS
    return parse_cancel(call(api_url, api_key, "cancel", orders=",".join(order_ids)), order_ids)


def parse_cancel(data: Any, order_ids: list[str]) -> dict[str, bool]:
    """True for each asked-for order whose cancel the provider accepted."""
    accepted = dict.fromkeys(order_ids, False)
    for entry in data if isinstance(data, list) else []:
        order_id = str(entry.get("order")) if isinstance(entry, dict) else None
        if order_id in accepted and not isinstance(entry.get("cancel"), dict):
            accepted[order_id] = True
    return accepted
