"""The reseller API (API v2): every action, answering in the standard's exact shapes.

Orders placed here are the site's orders (same charging, idempotency, dispatch, refunds).
Errors are `{"error": "<message>"}` with the messages panel tools recognise.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from chalicelib.domain.api_keys import ApiKey
from chalicelib.domain.errors import DomainError, NotEnoughFunds, NotFound, TooManyRequests
from chalicelib.domain.money import show
from chalicelib.domain.numbers import whole_number
from chalicelib.domain.orders import Order, api_progress, api_status
from chalicelib.domain.refills import REFILL_LABELS
from chalicelib.services import api_keys, catalog, clock, customer_console, orders
from chalicelib.store import api_keys as key_store
from chalicelib.store import ledger
from chalicelib.store import refills as refill_store

MAX_IDS = 100
INCORRECT_REQUEST = "Incorrect request"
INCORRECT_ORDER = "Incorrect order ID"
REFILL_NOT_FOUND = "Refill not found"
RESERVED = {"key", "action", "service"}


class ApiError(Exception):
    """An answer of the standard's error shape."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _rate(rate: Decimal) -> str:
    """Rates as the standard shows them: at least 2 decimals, no needless zeros ("0.90", "1.2345")."""
    text = f"{rate.normalize():f}"
    whole, _, decimals = text.partition(".")
    return f"{whole}.{decimals.ljust(2, '0')}"


def _ids(raw: str) -> list[str]:
    ids = [part.strip() for part in raw.split(",") if part.strip()]
    if not ids:
        raise ApiError(INCORRECT_REQUEST)
    if len(ids) > MAX_IDS:
        raise ApiError(f"Too many ids: at most {MAX_IDS} per request")
    return ids


def _own_order(user_id: str, order_id: str) -> Order:
    try:
        return orders.get_for_user(user_id, order_id)
    except NotFound as exc:
        raise ApiError(INCORRECT_ORDER) from exc


def handle(params: dict[str, str], key: ApiKey) -> Any:
    action = params.get("action", "")
    handler = ACTIONS.get(action)
    if handler is None:
        raise ApiError(INCORRECT_REQUEST)
    customer_console.refuse_locked_api_use(key.user_id)
    if action != "add":  # `add` counts itself inside the order's transaction
        api_keys.count_request(key)
    return handler(params, key)


def _services(_params: dict[str, str], key: ApiKey) -> Any:
    return [{"service": s.service_id, "name": s.name, "type": s.type.value, "category": s.category,
             "rate": _rate(rate), "min": str(s.min), "max": str(s.max), "refill": s.refill, "cancel": s.cancel,
             "dripfeed": s.dripfeed} for s, rate in catalog.price_list(key.user_id)]


def _link_error(message: str) -> str:
    return "Incorrect link" if "'link'" in message or "link must" in message else message


def _add(params: dict[str, str], key: ApiKey) -> Any:
    if "service" not in params:
        raise ApiError(INCORRECT_REQUEST)
    body = {k: v for k, v in params.items() if k not in RESERVED}
    also = key_store.daily_count_action(key, api_keys.today(), int(clock.now().timestamp()))
    try:
        order = orders.place(key.user_id, params["service"], body, also=also, lenient=True)
    except orders.ExtraConditionFailed as exc:
        raise TooManyRequests(api_keys.daily_limit_message(key), retry_after_seconds=60) from exc
    except NotEnoughFunds as exc:
        raise ApiError("Not enough funds on balance") from exc
    except DomainError as exc:
        raise ApiError(_link_error(exc.message)) from exc
    return {"order": order.order_id}


def _status_of(order: Order) -> dict[str, Any]:
    # `charge` is what the customer finally paid: the charge less what was refunded.
    return {"charge": show(order.charge - order.refunded), "start_count": str(order.start_count or 0),
            "status": api_status(order), "remains": str(order.remains if order.remains is not None else 0),
            "currency": "USD", **api_progress(order)}


def _status(params: dict[str, str], key: ApiKey) -> Any:
    if "orders" in params:
        found = orders.get_many_for_user(key.user_id, _ids(params["orders"]))
        return {order_id: _status_of(order) if order else {"error": INCORRECT_ORDER}
                for order_id, order in found.items()}
    return _status_of(_own_order(key.user_id, params.get("order", "")))


def _each(ids: list[str], work: Callable[[str], Any]) -> list[tuple[str, Any]]:
    """Run `work` per id; an id's failure becomes its own {"error": ...}."""
    results = []
    for order_id in ids:
        try:
            results.append((order_id, work(order_id)))
        except (ApiError, DomainError) as exc:
            results.append((order_id, {"error": INCORRECT_ORDER if isinstance(exc, NotFound) else exc.message}))
    return results


def _int_or_text(value: str) -> int | str:
    number = whole_number(value)
    return number if number is not None else value


def _refill(params: dict[str, str], key: ApiKey) -> Any:
    def one(order_id: str) -> int:
        _own_order(key.user_id, order_id)
        return orders.request_refill(key.user_id, order_id)

    if "orders" in params:
        return [{"order": _int_or_text(i), "refill": r} for i, r in _each(_ids(params["orders"]), one)]
    try:
        return {"refill": str(one(params.get("order", "")))}
    except DomainError as exc:
        raise ApiError(exc.message) from exc


def _refill_status_of(user_id: str, refill_id: str) -> str:
    number = whole_number(refill_id)
    refill = refill_store.get(number) if number is not None else None
    if refill is None or refill.user_id != user_id:
        raise ApiError(REFILL_NOT_FOUND)
    return REFILL_LABELS[refill.status]


def _refill_status(params: dict[str, str], key: ApiKey) -> Any:
    if "refills" in params:
        answers: list[dict[str, Any]] = []
        for refill_id in _ids(params["refills"]):
            try:
                answers.append({"refill": _int_or_text(refill_id),
                                "status": _refill_status_of(key.user_id, refill_id)})
            except ApiError as exc:
                answers.append({"refill": _int_or_text(refill_id), "status": {"error": exc.message}})
        return answers
    return {"status": _refill_status_of(key.user_id, params.get("refill", ""))}


def _cancel(params: dict[str, str], key: ApiKey) -> Any:
    def one(order_id: str) -> int:
        _own_order(key.user_id, order_id)
        orders.request_cancel(key.user_id, order_id)
        return 1

    ids = _ids(params.get("orders") or params.get("order", ""))
    return [{"order": _int_or_text(i), "cancel": r} for i, r in _each(ids, one)]


def _balance(_params: dict[str, str], key: ApiKey) -> Any:
    account = ledger.account(key.user_id)
    return {"balance": show(account.balance if account else Decimal(0)), "currency": "USD"}


ACTIONS: dict[str, Callable[[dict[str, str], ApiKey], Any]] = {
    "services": _services, "add": _add, "status": _status, "refill": _refill, "refill_status": _refill_status,
    "cancel": _cancel, "balance": _balance,
}
