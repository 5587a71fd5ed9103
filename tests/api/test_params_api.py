"""Path ids, months and query filters reach every route through one reader (api/params.py):
hostile values are a clear 4xx, never a 500, on customer and staff routes alike."""

from __future__ import annotations

import pytest

from chalicelib.domain.accounts import Role
from chalicelib.store import users
from tests.support.accounts import customer, sign_in_staff

HUGE = "9" * 5000  # more digits than Python's int() reads: it must be refused, not crash


def sign_in_customer(client) -> str:
    user_id = customer("1")
    client.login(users.get(user_id).email)
    return user_id


@pytest.mark.promise("P5")
@pytest.mark.parametrize("path", ["/balance", "/payments/top-ups", "/orders"])
def test_a_page_size_no_one_could_mean_is_a_400(client, path: str) -> None:
    sign_in_customer(client)
    for limit in (HUGE, "0", "abc"):
        response = client.get(f"{path}?limit={limit}")
        assert response.status_code == 400, (path, limit, response.status_code)
        assert "limit" in response.data["error"]


@pytest.mark.promise("P5")
def test_staff_routes_read_ids_and_months_the_same_way(client, clock) -> None:
    sign_in_staff(client, clock, Role.ADMIN)
    for path in ("/admin/top-ups?month=2026-13", "/admin/audit?month=٢٠٢٦-11", "/staff/tickets/breaches?month=June"):
        response = client.get(path)
        assert response.status_code == 400, path
        assert response.data == {"error": "'month' must look like 2026-11.", "code": "invalid_input",
                                 "fields": {"month": "invalid"}}
    assert client.get("/admin/audit?limit=" + HUGE).status_code == 400
    for path, what in (("/admin/providers/abc", "provider"), (f"/admin/services/{HUGE[:20]}", "service")):
        response = client.request("PATCH", path, {})
        assert (response.status_code, response.data["error"]) == (404, f"No such {what}."), path
    reconcile = client.post("/admin/orders/-1/reconcile", {"action": "retry"})
    assert (reconcile.status_code, reconcile.data["error"]) == (404, "No such order.")
    assert client.get("/staff/tickets?breached=maybe").data["fields"] == {"breached": "invalid"}
