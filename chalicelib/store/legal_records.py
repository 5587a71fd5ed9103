"""What the legal process reads of one account for a preservation hold or a disclosure package:
the user, and the account's sign-ins, top-ups and orders within a period, read a page at a time
(an account with years of orders is never one query). Only `domain/legal_disclosure.select`
decides what of this leaves the panel."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from chalicelib.domain.legal_disclosure import AccountRecords, Login, Order, TopUp
from chalicelib.store import dynamo, keys, schema

PAGE = 500


def _pages(index: str | None, partition: str, between: tuple[str, str]) -> Iterator[dict[str, Any]]:
    cursor = None
    while True:
        page = dynamo.query_page(index, partition, limit=PAGE, cursor=cursor, newest_first=False,
                                 sort_between=between)
        yield from page.items
        if page.cursor is None:
            return
        cursor = page.cursor


def _between(period: tuple[date, date], prefix: str = "") -> tuple[str, str]:
    """Sort-key bounds of `<prefix><ISO time>...` keys within the period (UTC days, inclusive)."""
    return f"{prefix}{period[0].isoformat()}", f"{prefix}{period[1].isoformat()}\uffff"


def account(user_id: str, period: tuple[date, date]) -> AccountRecords | None:
    """The account's records within the period, or None without such an account."""
    user = dynamo.get(keys.user(user_id))
    if user is None:
        return None
    partition, prefix = keys.logins_of(user_id)
    logins = [Login(datetime.fromisoformat(i["at"]), i.get("ip"))
              for i in _pages(None, partition, _between(period, prefix))]
    top_ups = [TopUp(datetime.fromisoformat(i["created_at"]), Decimal(i["amount"]), str(i["status"]),
                     int(i["topup_id"]), i.get("payment_intent"), str(i.get("method", "")))
               for i in _pages(schema.GSI1, keys.top_ups_of(user_id), _between(period))]
    orders = [Order(datetime.fromisoformat(i["created_at"]), int(i["service_id"]), str(i["link"]),
                    int(i.get("quantity", 0)), Decimal(i.get("charge", 0)))
              for i in _pages(schema.GSI1, keys.orders_of(user_id), _between(period))]
    return AccountRecords(email=str(user["email"]), created_at=datetime.fromisoformat(user["created_at"]),
                          username=str(user.get("username", "")), logins=logins, top_ups=top_ups, orders=orders)
