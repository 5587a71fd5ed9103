"""A month's availability and service credits from a JSON document (`panel sla credits --input FILE`).

The document (docs/sla.md, "Availability and credits"):

    {"month": "2026-10",
     "monitors": [{"id": "m1", "location": "eu-west"}],
     "probes": [{"monitor": "m1", "at": "2026-10-03T10:00:00Z", "ok": false}],
     "maintenance": [{"start": "...", "end": "..."}],
     "accounts": [{"id": "u1", "plan": "paid", "first_response_breaches": 0,
                   "top_ups": [{"amount": "120.00", "at": "...", "bonus": false}]}]}

Everything is checked before anything is computed; the first problem raises `InvalidInput` with a
message naming the field (e.g. `probes[3].monitor`). Unknown keys are refused, so that a misspelt
"maintenance" cannot silently drop every window. `bonus` on a top-up is either a boolean (true: the
top-up was made with bonus funds and counts nothing) or a number (the bonus credited on top of the
paid `amount`, which never counts; the paid amount counts in full). Pure: no store, no clock.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from chalicelib.domain.errors import DomainError, InvalidInput
from chalicelib.domain.money import parse_amount
from chalicelib.domain.sla_availability import MaintenanceWindow, Month, MonthReport, Probe, month_report
from chalicelib.domain.sla_credits import AccountMonth, Entitlement, Plan, TopUpRecord, entitlement, show_amount

_DOCUMENT_KEYS = {"month", "monitors", "probes", "maintenance", "accounts"}


def _refuse(where: str, problem: str) -> InvalidInput:
    return InvalidInput(f"{where}: {problem}", fields={where: "invalid"})


def _object(value: Any, where: str, required: set[str], optional: frozenset[str] = frozenset()) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise _refuse(where, "must be a JSON object")
    missing = sorted(required - value.keys())
    if missing:
        raise _refuse(where, f"is missing {', '.join(repr(k) for k in missing)}")
    unknown = sorted(value.keys() - required - optional)
    if unknown:
        raise _refuse(where, f"has unknown key(s) {', '.join(repr(k) for k in unknown)}")
    return value


def _list(value: Any, where: str) -> Sequence[Any]:
    if not isinstance(value, list):
        raise _refuse(where, "must be a JSON list")
    return value


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _refuse(where, "must be a non-empty string")
    return value.strip()


def _instant(value: Any, where: str) -> datetime:
    if not isinstance(value, str):
        raise _refuse(where, "must be an ISO 8601 date and time in a string, e.g. \"2026-10-03T10:00:00Z\"")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise _refuse(where, f"{value!r} is not an ISO 8601 date and time, e.g. 2026-10-03T10:00:00Z") from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise _refuse(where, f"{value!r} has no time zone: add Z (UTC) or an offset such as +00:00")
    return moment


def _boolean(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise _refuse(where, "must be true or false")
    return value


def _bonus_funds(value: Any, where: str) -> bool:
    """True for a top-up made with bonus funds; a numeric bonus (credited on top) leaves it counted."""
    if value is None or isinstance(value, bool):
        return bool(value)
    if isinstance(value, (int, Decimal, str)):
        try:
            parse_amount(value, field=where, allow_zero=True)
        except DomainError:
            raise _refuse(where, "must be true, false or a bonus amount such as \"5.00\"") from None
        return False
    raise _refuse(where, "must be true, false or a bonus amount such as \"5.00\"")


def _month(document: Mapping[str, Any]) -> Month:
    try:
        return Month.parse(document["month"])
    except ValueError as exc:
        raise _refuse("month", str(exc)) from None


def _locations(raw: Any) -> dict[str, str]:
    locations: dict[str, str] = {}
    for index, item in enumerate(_list(raw, "monitors")):
        where = f"monitors[{index}]"
        monitor = _object(item, where, {"id", "location"})
        monitor_id = _text(monitor["id"], f"{where}.id")
        if monitor_id in locations:
            raise _refuse(f"{where}.id", f"monitor {monitor_id!r} is listed twice")
        locations[monitor_id] = _text(monitor["location"], f"{where}.location")
    return locations


def _probes(raw: Any, locations: Mapping[str, str]) -> list[Probe]:
    probes = []
    for index, item in enumerate(_list(raw, "probes")):
        where = f"probes[{index}]"
        probe = _object(item, where, {"monitor", "at", "ok"})
        monitor_id = _text(probe["monitor"], f"{where}.monitor")
        if monitor_id not in locations:
            raise _refuse(f"{where}.monitor", f"unknown monitor {monitor_id!r}: every probe's monitor must be "
                                              "listed in \"monitors\" with its location")
        probes.append(Probe(monitor_id, locations[monitor_id], _instant(probe["at"], f"{where}.at"),
                            _boolean(probe["ok"], f"{where}.ok")))
    return probes


def _windows(raw: Any) -> list[MaintenanceWindow]:
    windows = []
    for index, item in enumerate(_list(raw, "maintenance")):
        where = f"maintenance[{index}]"
        window = _object(item, where, {"start", "end"})
        start, end = _instant(window["start"], f"{where}.start"), _instant(window["end"], f"{where}.end")
        if end <= start:
            raise _refuse(where, "must end after it starts")
        windows.append(MaintenanceWindow(start, end))
    return windows


def _top_up(item: Any, where: str) -> TopUpRecord:
    top_up = _object(item, where, {"amount", "at"}, frozenset({"bonus"}))
    amount = parse_amount(top_up["amount"], field=f"{where}.amount")  # a clear InvalidInput of its own
    return TopUpRecord(amount, _instant(top_up["at"], f"{where}.at"),
                       _bonus_funds(top_up.get("bonus"), f"{where}.bonus"))


def _accounts(raw: Any) -> list[AccountMonth]:
    accounts: dict[str, AccountMonth] = {}
    for index, item in enumerate(_list(raw, "accounts")):
        where = f"accounts[{index}]"
        account = _object(item, where, {"id", "plan", "top_ups", "first_response_breaches"})
        account_id = _text(account["id"], f"{where}.id")
        if account_id in accounts:
            raise _refuse(f"{where}.id", f"account {account_id!r} is listed twice")
        if account["plan"] not in {p.value for p in Plan}:
            raise _refuse(f"{where}.plan", "must be \"paid\" or \"trial\"")
        plan = Plan(account["plan"])
        breaches = account["first_response_breaches"]
        if isinstance(breaches, bool) or not isinstance(breaches, int) or breaches < 0:
            raise _refuse(f"{where}.first_response_breaches", "must be a whole number, 0 or more")
        top_ups = tuple(_top_up(t, f"{where}.top_ups[{n}]")
                        for n, t in enumerate(_list(account["top_ups"], f"{where}.top_ups")))
        if plan is Plan.TRIAL and any(not t.bonus_funds for t in top_ups):
            raise _refuse(f"{where}.plan", "is \"trial\" but the account has a paid top-up: a trial account is "
                                           "one that never made one")
        accounts[account_id] = AccountMonth(account_id, plan, top_ups, breaches)
    return list(accounts.values())


def parse_json(text: str | bytes) -> Any:
    """The document from JSON text; numbers are read as exact decimals, never floats."""
    try:
        return json.loads(text, parse_float=Decimal)
    except (ValueError, RecursionError) as exc:
        raise InvalidInput(f"the input is not valid JSON ({exc})") from None


def compute(document: Any) -> tuple[MonthReport, list[Entitlement]]:
    """The month's report and every account's entitlement; bad input raises `InvalidInput`."""
    doc = _object(document, "the input", _DOCUMENT_KEYS)
    month = _month(doc)
    locations = _locations(doc["monitors"])
    probes, windows = _probes(doc["probes"], locations), _windows(doc["maintenance"])
    accounts = _accounts(doc["accounts"])
    report = month_report(month, probes, windows)
    return report, [entitlement(account, report) for account in accounts]


def summary(report: MonthReport, entitlements: Sequence[Entitlement]) -> dict[str, Any]:
    """The command's result object: amounts as strings with two decimals."""
    return {
        "month": str(report.month),
        "minutes": report.minutes,
        "downtime_minutes": report.downtime_minutes,
        "availability_percent": report.availability_percent,
        "credits": {
            e.account_id: {"availability": show_amount(e.availability), "first_response": show_amount(e.first_response),
                           "total": show_amount(e.total)}
            for e in entitlements
        },
    }


def credits_from_json(text: str | bytes) -> dict[str, Any]:
    """`panel sla credits`: the JSON text in, the result object out."""
    return summary(*compute(parse_json(text)))
