"""A disclosure package (promise L4): its record, and its two files' contents, as pure rules.

A package is built once per accepted disclosure request (its id follows from the request's:
`PKG-<request id>`, so a retried build cannot make a second one). It has two files with the same
content: `package.json` for the authority's tools and `package.html`, a report a person can read,
every value HTML-escaped (a target link or an e-mail is the customer's text, never markup).
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from chalicelib.domain.legal_request import DataCategory


class Format(StrEnum):
    JSON = "json"
    HTML = "html"


CONTENT_TYPES = {Format.JSON: "application/json", Format.HTML: "text/html; charset=utf-8"}
TITLES = {
    DataCategory.BASIC_SUBSCRIBER.value: "Basic subscriber data",
    DataCategory.LOGIN_IPS.value: "Login IP addresses",
    DataCategory.TOP_UPS.value: "Balance top-ups (USD)",
    DataCategory.ORDERS.value: "Orders",
}
COLUMNS = {
    DataCategory.LOGIN_IPS.value: (("at", "Time (UTC)"), ("ip", "IP address")),
    DataCategory.TOP_UPS.value: (("date", "Date (UTC)"), ("amount", "Amount"), ("transaction_id", "Transaction id")),
    DataCategory.ORDERS.value: (("date", "Date (UTC)"), ("service_id", "Service id"), ("target_link", "Target link")),
}


@dataclass(frozen=True)
class StoredFile:
    key: str
    sha256: str
    size: int


@dataclass(frozen=True)
class Package:
    package_id: str
    request_id: str
    user_id: str
    categories: tuple[str, ...]
    period: tuple[date, date]
    counts: dict[str, int]
    created_by: str
    created_at: datetime
    files: dict[Format, StoredFile]
    emergency: bool = False


def package_id_for(request_id: str) -> str:
    return f"PKG-{request_id}"


def document(package_id: str, request_id: str, period: tuple[date, date], generated_at: datetime,
             data: dict[str, Any], *, emergency: bool) -> dict[str, Any]:
    """The package's content: what it is, for which request and period, and the selected data."""
    return {"package_id": package_id, "request_id": request_id, "generated_at": generated_at.isoformat(),
            "emergency": emergency, "period": {"from": period[0].isoformat(), "to": period[1].isoformat()},
            "categories": sorted(data), "currency": "USD", "data": data}


def to_json(content: dict[str, Any]) -> bytes:
    return json.dumps(content, sort_keys=True, indent=1, ensure_ascii=False).encode()


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def to_html(content: dict[str, Any]) -> bytes:
    """A self-contained report (no script, no external resource), every value escaped."""
    period = content["period"]
    parts = [
        "<!doctype html>", '<html lang="en"><head><meta charset="utf-8">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        f"<title>Disclosure package {_e(content['package_id'])}</title>",
        "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
        "td,th{border:1px solid #999;padding:.3em .6em;text-align:left}</style></head><body>",
        f"<h1>Disclosure package {_e(content['package_id'])}</h1>",
        f"<p>Request {_e(content['request_id'])}; period {_e(period['from'])} to {_e(period['to'])} (UTC, "
        f"inclusive); generated {_e(content['generated_at'])}."
        + (" Emergency disclosure (limited)." if content.get("emergency") else "") + "</p>",
    ]
    for name in content["categories"]:
        value = content["data"][name]
        parts.append(f"<h2>{_e(TITLES.get(name, name))}</h2>")
        if name == DataCategory.BASIC_SUBSCRIBER.value:
            parts.append(f"<dl><dt>E-mail address</dt><dd>{_e(value['email'])}</dd>"
                         f"<dt>Account created (UTC)</dt><dd>{_e(value['account_created_at'])}</dd></dl>")
            continue
        columns = COLUMNS[name]
        if not value:
            parts.append("<p>No records in the period.</p>")
            continue
        parts.append("<table><thead><tr>" + "".join(f"<th>{_e(title)}</th>" for _, title in columns)
                     + "</tr></thead><tbody>")
        parts.extend("<tr>" + "".join(f"<td>{_e(row[field])}</td>" for field, _ in columns) + "</tr>"
                     for row in value)
        parts.append("</tbody></table>")
    parts.append("</body></html>")
    return "\n".join(parts).encode()
