"""`POST /api/admin/users/{id}/minor` and the staff task list through the API (P7)."""

from __future__ import annotations

import pytest

from chalicelib.domain.accounts import Role
from chalicelib.store import ledger, users
from tests.support.accounts import customer, email_of, sign_in_customer, sign_in_staff


@pytest.mark.promise("P7", "P5")
def test_only_admins_can_flag_and_a_customer_gets_403(client, new_client, at_noon) -> None:
    victim = customer("4.00")
    sign_in_customer(client, "1.00")
    assert client.post(f"/admin/users/{victim}/minor", {"reason": "x"}).status_code == 403
    support = new_client()
    sign_in_staff(support, at_noon, Role.SUPPORT)
    assert support.post(f"/admin/users/{victim}/minor", {"reason": "x"}).status_code == 403
    assert client.get("/admin/tasks").status_code == 403
    account = ledger.account(victim)
    assert account is not None and not account.closed and users.get(victim).email == email_of(victim)  # type: ignore[union-attr]


@pytest.mark.promise("P7")
@pytest.mark.parametrize("body", [{}, {"reason": ""}, {"reason": "   "}, {"reason": 15}, {"reason": "x", "age": 15}])
def test_a_missing_reason_is_a_400_and_changes_nothing(client, at_noon, body) -> None:
    victim = customer("4.00")
    sign_in_staff(client, at_noon)
    response = client.post(f"/admin/users/{victim}/minor", body)
    assert response.status_code == 400, response.data
    account = ledger.account(victim)
    assert account is not None and not account.closed


def test_an_unknown_account_is_a_404(client, at_noon) -> None:
    sign_in_staff(client, at_noon)
    response = client.post("/admin/users/no-such-user/minor", {"reason": "reported"})
    assert response.status_code == 404 and response.data["error"] == "No such account."
    assert client.post(f"/admin/users/{'x' * 3000}/minor", {"reason": "reported"}).status_code == 404
    assert client.post(f"/admin/tasks/{'x' * 3000}/resolve", {"note": "done"}).status_code == 404


@pytest.mark.promise("P7")
def test_admin_flags_a_minor_sees_the_task_and_resolves_it(client, at_noon) -> None:
    victim = customer("6.50")
    sign_in_staff(client, at_noon)
    flagged = client.post(f"/admin/users/{victim}/minor", {"reason": "Said they are 16 in a ticket"})
    assert flagged.status_code == 200, flagged.data
    assert flagged.data["newly_flagged"] and flagged.data["balance"] == "6.50000"
    task_id = flagged.data["refund_task"]
    assert client.post(f"/admin/users/{victim}/minor", {"reason": "again"}).data["newly_flagged"] is False

    listed = client.get("/admin/tasks").data["tasks"]
    mine = [t for t in listed if t["id"] == task_id]
    assert len(mine) == 1 and mine[0]["text"].startswith(
        "Refund the remaining withdrawable balance of $6.50 of account")
    assert mine[0]["balance_now"] == "6.50000" and mine[0]["status"] == "open"
    assert mine[0]["withdrawable_now"] == "6.50000"

    assert client.post(f"/admin/tasks/{task_id}/resolve", {}).status_code == 400
    done = client.post(f"/admin/tasks/{task_id}/resolve", {"note": "Refunded to the card"})
    assert done.status_code == 200, done.data
    assert done.data["task"]["status"] == "resolved" and done.data["task"]["note"] == "Refunded to the card"
    assert client.post(f"/admin/tasks/{task_id}/resolve", {"note": "again"}).status_code == 409
    assert client.post("/admin/tasks/no-such-task/resolve", {"note": "x"}).status_code == 404
    assert task_id not in [t["id"] for t in client.get("/admin/tasks").data["tasks"]]
    assert task_id in [t["id"] for t in client.get("/admin/tasks?status=resolved").data["tasks"]]
    assert client.get("/admin/tasks?status=everything").status_code == 400
