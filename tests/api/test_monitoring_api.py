"""Monitoring through the API: staff register monitors and declare windows; external monitors'
webhooks are verified by their secret and refuse anything else, storing nothing; customers
see upcoming scheduled maintenance."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.domain.accounts import Role
from chalicelib.store import probes, sla_months
from tests.support.accounts import sign_in_customer, sign_in_staff

UPTIMEROBOT = "/monitoring/webhooks/uptimerobot/"
BETTERSTACK = "/monitoring/webhooks/betterstack/"


def _register(client, kind: str) -> tuple[str, str]:
    monitor_id = f"{kind[:2]}-{secrets.token_hex(4)}"
    created = client.post("/admin/monitors", {"monitor_id": monitor_id, "location": "Dallas", "kind": kind})
    assert created.status_code == 201, created.data
    return monitor_id, created.data["webhook_secret"]


def _records(monitor_id: str, around: datetime) -> list[probes.ProbeRecord]:
    return [r for r in probes.between(around - timedelta(hours=2), around + timedelta(hours=1))
            if r.monitor_id == monitor_id]


def _ur(kind: int, at: datetime, **more: object) -> dict[str, object]:
    return {"monitorID": "778899", "monitorFriendlyName": "Panel", "alertType": str(kind),
            "alertTypeFriendlyName": "Down" if kind == 1 else "Up", "alertDateTime": str(int(at.timestamp())),
            **{k: str(v) for k, v in more.items()}}


def test_admins_register_monitors_and_staff_list_them(client, new_client, clock) -> None:
    sign_in_staff(client, clock, Role.ADMIN)
    monitor_id, secret = _register(client, "uptimerobot")
    assert len(secret) >= 40
    probe = client.post("/admin/monitors", {"monitor_id": f"pr-{secrets.token_hex(3)}", "location": "Local",
                                            "kind": "probe"})
    assert probe.status_code == 201 and probe.data["webhook_secret"] is None
    taken = client.post("/admin/monitors", {"monitor_id": monitor_id, "location": "X", "kind": "probe"})
    assert taken.status_code == 409
    bad = client.post("/admin/monitors", {"monitor_id": "No Spaces", "location": "X", "kind": "probe"})
    assert bad.status_code == 400 and bad.data["fields"] == {"monitor_id": "invalid"}
    listed = {m["monitor_id"]: m for m in client.get("/admin/monitors").data["monitors"]}
    assert listed[monitor_id]["kind"] == "uptimerobot" and listed[monitor_id]["enabled"] is True
    assert "secret" not in str(listed[monitor_id])
    disabled = client.request("PATCH", f"/admin/monitors/{monitor_id}", {"enabled": False})
    assert disabled.status_code == 200 and disabled.data["monitor"]["enabled"] is False

    support = new_client()
    sign_in_staff(support, clock, Role.SUPPORT)
    assert support.get("/admin/monitors").status_code == 200
    assert support.post("/admin/monitors", {"monitor_id": "x-1", "location": "X", "kind": "probe"}).status_code == 403
    customer = new_client()
    sign_in_customer(customer)
    assert customer.get("/admin/monitors").status_code == 403


def test_an_uptimerobot_down_then_up_records_the_minutes_between(client, new_client, clock) -> None:
    sign_in_staff(client, clock, Role.ADMIN)
    monitor_id, secret = _register(client, "uptimerobot")
    robot = new_client()
    down_at = clock.at - timedelta(minutes=12)
    down = robot.post(UPTIMEROBOT + monitor_id, _ur(1, down_at), headers={"X-Monitor-Secret": secret})
    assert down.status_code == 200 and down.data == {"state": "down", "failed_minutes": 1, "ok_minute": False}
    listed = {m["monitor_id"]: m for m in client.get("/admin/monitors").data["monitors"]}
    assert listed[monitor_id]["down_since"] is not None
    up_at = down_at + timedelta(minutes=7)
    up = robot.post(f"{UPTIMEROBOT}{monitor_id}?token={secret}", _ur(2, up_at, alertDuration=420))
    assert up.status_code == 200 and up.data["state"] == "up" and up.data["failed_minutes"] == 7
    found = _records(monitor_id, clock.at)
    assert [r.ok for r in found] == [False] * 7 + [True]
    assert found[0].minute == down_at.replace(second=0, microsecond=0)
    assert all(r.kind.value == "uptimerobot" and r.location == "Dallas" for r in found)
    again = robot.post(f"{UPTIMEROBOT}{monitor_id}?token={secret}", _ur(2, up_at, alertDuration=420))
    assert again.status_code == 200 and len(_records(monitor_id, clock.at)) == 8   # a retried alert: no new record


def test_a_betterstack_resolved_incident_records_its_minutes(client, new_client, clock) -> None:
    sign_in_staff(client, clock, Role.ADMIN)
    monitor_id, secret = _register(client, "betterstack")
    started = (clock.at - timedelta(minutes=30)).replace(microsecond=0)
    body = {"data": {"id": "123", "type": "incident", "attributes": {
        "name": "Panel down", "url": "https://panel.example/", "cause": "Status 502",
        "started_at": started.isoformat().replace("+00:00", "Z"),
        "resolved_at": (started + timedelta(minutes=5)).isoformat().replace("+00:00", "Z"), "status": "Resolved"}}}
    answer = new_client().post(BETTERSTACK + monitor_id, body, headers={"X-Monitor-Secret": secret})
    assert answer.status_code == 200 and answer.data["failed_minutes"] == 5
    assert [r.ok for r in _records(monitor_id, clock.at)] == [False] * 5 + [True]


@pytest.mark.parametrize(("case", "status"), [
    ("no secret", 401), ("wrong secret", 403), ("unknown monitor", 404), ("other kind", 404),
    ("disabled", 404), ("malformed", 400), ("not json", 415), ("future", 400), ("not an object", 400),
    ("broken json, wrong secret", 403),
])
def test_refused_webhooks_store_nothing(client, new_client, clock, case: str, status: int) -> None:
    sign_in_staff(client, clock, Role.ADMIN)
    monitor_id, secret = _register(client, "uptimerobot")
    robot = new_client()
    path, body, headers, raw = UPTIMEROBOT + monitor_id, _ur(1, clock.at), {"X-Monitor-Secret": secret}, None
    if case == "no secret":
        headers = {}
    elif case == "wrong secret":
        headers = {"X-Monitor-Secret": secret[:-1] + ("A" if secret[-1] != "A" else "B")}
    elif case == "unknown monitor":
        path = UPTIMEROBOT + "nobody-" + secrets.token_hex(3)
    elif case == "other kind":
        path = BETTERSTACK + monitor_id
    elif case == "disabled":
        client.request("PATCH", f"/admin/monitors/{monitor_id}", {"enabled": False})
    elif case == "malformed":
        body = {"alertType": "down"}
    elif case == "not json":
        headers = {**headers, "Content-Type": "application/x-www-form-urlencoded"}
        raw = b"alertType=1&alertDateTime=1"
    elif case == "future":
        body = _ur(1, clock.at + timedelta(hours=1))
    elif case == "not an object":
        raw = b"[1, 2]"
    elif case == "broken json, wrong secret":   # who calls is checked before the body is read
        headers = {"X-Monitor-Secret": "guess"}
        raw = b"{not json"
    answer = robot.request("POST", path, body, raw=raw, headers=headers)
    assert answer.status_code == status, answer.data
    assert answer.data["error"]
    assert secret not in str(answer.data)
    assert _records(monitor_id, clock.at) == []


def test_an_alert_into_a_decided_month_is_refused(fresh_table, client, new_client, clock) -> None:
    clock.at = datetime(2026, 11, 1, 0, 3, tzinfo=UTC)
    sign_in_staff(client, clock, Role.ADMIN)
    monitor_id, secret = _register(client, "uptimerobot")
    sla_months.mark_decided("2026-10")
    late = new_client().post(UPTIMEROBOT + monitor_id, _ur(2, clock.at, alertDuration=600),
                             headers={"X-Monitor-Secret": secret})
    assert late.status_code == 409 and "2026-10" in late.data["error"]
    assert _records(monitor_id, clock.at) == []


def test_webhooks_are_throttled_per_monitor(client, new_client, clock, low_limits) -> None:
    sign_in_staff(client, clock, Role.ADMIN)
    monitor_id, secret = _register(client, "uptimerobot")
    low_limits(monitor_webhooks_per_monitor=2)
    robot = new_client()
    statuses = [robot.post(UPTIMEROBOT + monitor_id, _ur(3, clock.at), headers={"X-Monitor-Secret": secret}).status_code
                for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_staff_declare_windows_and_customers_see_the_upcoming_ones(fresh_table, client, new_client, clock) -> None:
    sign_in_staff(client, clock, Role.ADMIN)
    start = (clock.at + timedelta(days=1)).replace(microsecond=0)
    body = {"kind": "scheduled", "starts_at": start.isoformat(), "ends_at": (start + timedelta(hours=1)).isoformat(),
            "reason": "Database upgrade"}
    declared = client.post("/admin/maintenance", body)
    assert declared.status_code == 201, declared.data
    backwards = client.post("/admin/maintenance", {**body, "ends_at": (start - timedelta(hours=1)).isoformat()})
    assert backwards.status_code == 400 and backwards.data["error"] == "The window must end after it starts."
    no_zone = client.post("/admin/maintenance", {**body, "starts_at": "2026-12-01T02:00:00"})
    assert no_zone.status_code == 400 and "zone" in no_zone.data["error"]
    past = client.post("/admin/maintenance", {**body, "starts_at": (clock.at - timedelta(hours=1)).isoformat()})
    assert past.status_code == 400 and "emergency" in past.data["error"]
    emergency = client.post("/admin/maintenance", {**body, "kind": "emergency",
                                                   "starts_at": (clock.at - timedelta(hours=2)).isoformat(),
                                                   "ends_at": (clock.at - timedelta(hours=1)).isoformat()})
    assert emergency.status_code == 201
    assert [w["kind"] for w in client.get("/admin/maintenance").data["windows"]] == ["scheduled", "emergency"]
    first = client.get("/admin/maintenance?limit=1").data
    assert [w["kind"] for w in first["windows"]] == ["scheduled"] and first["next_cursor"]
    rest = client.get(f"/admin/maintenance?limit=1&cursor={first['next_cursor']}").data
    assert [w["kind"] for w in rest["windows"]] == ["emergency"]
    end = client.get(f"/admin/maintenance?limit=1&cursor={rest['next_cursor']}").data   # a full page has a cursor
    assert end == {"windows": [], "next_cursor": None}
    assert client.get("/admin/maintenance?cursor=forged").status_code == 400

    visitor = new_client()
    upcoming = visitor.get("/maintenance/upcoming")
    assert upcoming.status_code == 200
    assert upcoming.data == {"windows": [{"starts_at": start.isoformat(),
                                          "ends_at": (start + timedelta(hours=1)).isoformat()}]}
    assert upcoming.headers["cache-control"].startswith("public, max-age=")
    customer = new_client()
    sign_in_customer(customer)
    assert customer.post("/admin/maintenance", body).status_code == 403
