"""The legal console's hold and package routes: legal staff only, bad input a 400 that changes
nothing, downloads served as attachments and audited."""

from __future__ import annotations

import hashlib
import json
import secrets
from datetime import UTC, date, datetime

import pytest

from chalicelib.domain.accounts import Role
from chalicelib.services import audit_log, legal_disclosure, legal_holds
from chalicelib.store import logins
from tests.support.accounts import customer, sign_in_customer, sign_in_staff

PERIOD = (date(2026, 6, 1), date(2026, 6, 30))


def _placed() -> tuple[str, str, str]:
    user_id, request_id = customer(), f"LR-{secrets.token_hex(4)}"
    logins.record(user_id, datetime(2026, 6, 3, tzinfo=UTC), "198.51.100.3", date(2026, 10, 1))
    legal_holds.preserve(request_id, user_id, ["login_ips"], PERIOD, 90, "legal-0")
    package = legal_disclosure.build(request_id, user_id, ["basic_subscriber", "login_ips"], PERIOD, "legal-0")
    return user_id, request_id, package.package_id


@pytest.mark.promise("L4")
def test_only_legal_staff_see_holds_and_packages(client, new_client, clock) -> None:
    _, request_id, package_id = _placed()
    paths = [f"/legal/holds/{request_id}", f"/legal/packages/{package_id}",
             f"/legal/packages/{package_id}/download?format=json"]
    assert all(client.get(path).status_code == 401 for path in paths)
    sign_in_customer(client)
    assert all(client.get(path).status_code == 403 for path in paths)
    for role in (Role.SUPPORT, Role.ADMIN):
        staff = new_client()
        sign_in_staff(staff, clock, role)
        assert all(staff.get(path).status_code == 403 for path in paths)
        assert staff.post(f"/legal/holds/{request_id}/extend", {"by_request_id": "LR-9"}).status_code == 403
    records, _ = audit_log.subject_page(f"legal_package:{package_id}", 10, None)
    assert [r.action.value for r in records] == ["legal_package.built"]     # no download happened


@pytest.mark.promise("L4")
def test_legal_staff_download_a_package_and_each_download_is_audited(client, clock) -> None:
    _, _, package_id = _placed()
    legal_id = sign_in_staff(client, clock, Role.LEGAL)

    detail = client.get(f"/legal/packages/{package_id}")
    assert detail.status_code == 200
    assert detail.data["package"]["counts"] == {"basic_subscriber": 1, "login_ips": 1}
    as_json = client.get(f"/legal/packages/{package_id}/download?format=json")
    assert as_json.status_code == 200 and as_json.headers["cache-control"] == "no-store"
    assert as_json.data["filename"] == f"{package_id}.json"
    content = as_json.data["content"]
    assert hashlib.sha256(content.encode()).hexdigest() == as_json.data["sha256"]
    assert json.loads(content)["data"]["login_ips"][0]["ip"] == "198.51.100.3"
    as_html = client.get(f"/legal/packages/{package_id}/download?format=html")
    assert as_html.status_code == 200 and as_html.data["content_type"].startswith("text/html")
    assert "<h2>Login IP addresses</h2>" in as_html.data["content"]
    assert client.get(f"/legal/packages/{package_id}/download?format=pdf").status_code == 400
    assert client.get("/legal/packages/PKG-nope/download").status_code == 404

    records, _ = audit_log.subject_page(f"legal_package:{package_id}", 10, None)
    downloads = [r for r in records if r.action.value == "legal_package.downloaded"]
    assert sorted((r.actor, r.after["format"]) for r in downloads) == [(legal_id, "html"), (legal_id, "json")]


@pytest.mark.promise("L7")
def test_legal_staff_see_and_extend_a_hold_and_bad_input_changes_nothing(client, clock) -> None:
    _, request_id, _ = _placed()
    sign_in_staff(client, clock, Role.LEGAL)
    shown = client.get(f"/legal/holds/{request_id}")
    assert shown.status_code == 200 and shown.data["hold"]["status"] == "active"
    assert "198.51.100.3" not in json.dumps(shown.data)      # the frozen copy is never served

    for body in ({"by_request_id": ""}, {"by_request_id": "LR-2", "business_days": 0},
                 {"by_request_id": "LR-2", "extra": 1}, {"by_request_id": "bad id!"}):
        refused = client.post(f"/legal/holds/{request_id}/extend", body)
        assert refused.status_code == 400, body
    assert client.get(f"/legal/holds/{request_id}").data == shown.data

    later = f"LR-{secrets.token_hex(4)}"
    extended = client.post(f"/legal/holds/{request_id}/extend", {"by_request_id": later})
    assert extended.status_code == 200
    assert [e["request_id"] for e in extended.data["hold"]["extensions"]] == [later]
    assert client.get("/legal/holds/LR-none").status_code == 404
