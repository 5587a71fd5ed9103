"""Hostile input gets a clear 4xx and changes nothing, never a 500 (P5)."""

from __future__ import annotations

import json

import pytest

from tests.support.accounts import sign_in_customer
from tests.support.catalog import service

DEEP = ("[" * 5000 + "]" * 5000).encode()


@pytest.mark.promise("P5")
@pytest.mark.parametrize(("content_type", "body"), [
    ("text/plain; application/json", b'{"email": "a@example.com", "password": "x"}'),
    ("application/x-www-form-urlencoded", b"email=a%40example.com&password=x"),
    ("", b'{"email": "a@example.com", "password": "x"}'),
])
def test_public_json_posts_refuse_every_other_content_type(client, content_type, body) -> None:
    """A cross-site form can send text/plain or form bodies without a preflight: never read them."""
    for path in ("/auth/login", "/auth/register", "/auth/password/forgot"):
        response = client.request("POST", path, raw=body, headers={"Content-Type": content_type})
        assert response.status_code == 415, (path, response.status_code)
        assert "application/json" in response.data["error"] or "media type" in response.data["error"]


@pytest.mark.promise("P5")
@pytest.mark.parametrize(("body", "message"), [
    (DEEP, "not valid JSON"),
    (json.dumps({"email": [[[[[[[[[["x"]]]]]]]]]]}).encode(), "nests deeper"),
    (b'{"email": NaN, "password": "x"}', "not valid JSON"),
    (b'{"email": "\\ud800", "password": 1e999999}', "Invalid request"),
    (b"\xff\xfe{}", "not valid JSON"),
    (b"{" + b'"a": 1,' * 20_000 + b'"b": 2}', "larger than"),
])
def test_malformed_bodies_are_clear_400s(client, body, message) -> None:
    response = client.request("POST", "/auth/login", raw=body)
    assert response.status_code in (400, 413) and message in response.data["error"]


@pytest.mark.promise("P5")
def test_odd_ids_filters_and_cursors_are_clear_4xx(client) -> None:
    user_id = sign_in_customer(client)
    svc = service()
    client.post("/orders", {"service": svc.service_id, "link": "https://instagram.com/p/odd", "quantity": 100})
    for path in ("/orders/\u00b2", "/orders/\u0663", "/orders/1e3", "/payments/top-ups/\u00b2", "/tickets/\u00b2"):
        assert client.get(path).status_code == 404, path
    for query, code in [("from=2026-12-01&to=2026-01-01", 400), ("from=yesterday", 400),
                        ("from=\uff12\uff10\uff12\uff16-01-01", 400),
                        ("limit=\u00b2", 400), ("service=\u00b2", 400), ("cursor=%%%", 400), ("cursor=e30=", 400),
                        ("status=" + "x" * 5000, 400)]:
        response = client.get(f"/orders?{query}")
        assert response.status_code == code, (query, response.status_code)
    assert client.get("/balance?cursor=not-a-cursor").status_code == 400
    assert client.get("/balance?limit=0").status_code == 400
    assert client.get("/payments/top-ups?limit=999").status_code == 400
    listed = client.get("/orders?from=2020-01-01&to=2099-12-31").data["orders"]
    assert [o["status"] for o in listed] == ["Pending"] and user_id


@pytest.mark.promise("P5")
def test_odd_order_fields_are_clear_400s(client) -> None:
    sign_in_customer(client)
    svc = service()
    for quantity in ("\u00b2", "1" * 40, -5, 1.5, True, "\u0661\u0660\u0660"):
        response = client.post("/orders", {"service": svc.service_id, "link": "https://instagram.com/p/q",
                                           "quantity": quantity})
        assert response.status_code == 400, quantity
    assert client.post("/orders", {"service": "\u00b2", "link": "https://x.com/p", "quantity": 100}).status_code == 400


@pytest.mark.promise("P5")
@pytest.mark.parametrize(("content_type", "body", "status"), [
    ("application/json", DEEP, 200),
    ("application/json", b'{"key": "k", "action": "status", "order": NaN}', 200),
    ("application/x-www-form-urlencoded", b"key=k&action=status&orders=" + b"1," * 600_000, 413),
    ("multipart/form-data; boundary=x", b"--x\r\nContent-Disposition: form-data\r\n\r\n\xff\xfe\r\n--x--", 200),
    ("application/x-www-form-urlencoded", b"key=%FF%FE&action=balance", 200),
])
def test_hostile_reseller_requests_get_the_standard_error(client, content_type, body, status) -> None:
    response = client.request("POST", "/v2", raw=body, headers={"Content-Type": content_type})
    assert response.status_code == status and set(response.data) == {"error"}
