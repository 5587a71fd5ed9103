"""The API serves its own contract, and query strings parse through models with the same
messages people read before."""

from __future__ import annotations

import pytest

from chalicelib.api import openapi


def test_openapi_json_is_served_without_signing_in(client) -> None:
    response = client.get("/openapi.json")
    assert response.status_code == 200
    assert response.data == openapi.document()
    assert response.data["paths"]["/api/orders"]["get"]["responses"]["200"]


@pytest.mark.parametrize(("query", "message", "fields"), [
    ("status=bogus", "Unknown status 'bogus'.", None),
    ("service=abc", "'service' must be a service id.", None),
    ("limit=x1", "'limit' must be a number from 1 to 100.", None),
    ("limit=0", "'limit' must be a number from 1 to 100.", None),
    ("limit=101", "'limit' must be a number from 1 to 100.", None),
    ("from=2026-13-01", "'from' must be a date like 2026-11-30.", {"from": "invalid"}),
    ("to=yesterday", "'to' must be a date like 2026-11-30.", {"to": "invalid"}),
    ("from=2026-11-30&to=2026-11-01", "'from' must not be after 'to'.", {"from": "after_to"}),
])
def test_order_filters_refuse_bad_values_in_words(client, unique_email, query, message, fields) -> None:
    client.register(unique_email)
    client.login(unique_email)
    response = client.get(f"/orders?{query}")
    assert response.status_code == 400
    assert response.data["error"] == message and response.data.get("fields") == fields


def test_order_filters_accept_labels_and_blank_values(client, unique_email) -> None:
    client.register(unique_email)
    client.login(unique_email)
    response = client.get("/orders?status=In%20Progress&service=&from=2026-11-01&to=2026-11-30&limit=5")
    assert response.status_code == 200 and response.data == {"orders": [], "next_cursor": None}


def test_page_limits_keep_their_message(client, unique_email) -> None:
    client.register(unique_email)
    client.login(unique_email)
    response = client.get("/balance?limit=101")
    assert response.status_code == 400
    assert response.data == {"error": "limit must be a whole number from 1 to 100.", "code": "invalid_input",
                             "fields": {"limit": "invalid"}}
    assert client.get("/balance?limit=2").data["ledger"] == []


def test_json_answers_say_they_are_json(client) -> None:
    assert client.get("/health").headers["content-type"] == "application/json"
    refused = client.get("/me")
    assert refused.status_code == 401 and refused.headers["content-type"] == "application/json"
