"""White-label settings through the API: anyone reads the brand, only admins change it, every
refusal changes nothing, the change is audited, and mails, policy addresses and the second
factor's issuer follow it at once."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlparse

import pytest
import requests

from chalicelib.adapters import attachments
from chalicelib.domain.accounts import Role
from chalicelib.domain.audit_log import Action
from chalicelib.services import audit_log, caches, passwords
from chalicelib.services import staff_accounts as staff_service
from chalicelib.settings import get_settings
from chalicelib.store import dynamo, keys
from tests.support.accounts import customer, email_of, sign_in_customer, sign_in_staff
from tests.support.mail import latest_message_to

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(200))
ACME = {"name": "Acme Boost", "accent_color": "#1A4FD0", "header_color": "#101828", "mail_from": "hello@acme.example",
        "support_email": "help@acme.example", "privacy_email": "dpo@acme.example", "legal_email": "law@acme.example"}


@pytest.fixture(autouse=True)
def _default_brand() -> Iterator[None]:
    """The brand is one item for the whole site: each test starts and ends with the defaults."""
    dynamo.delete(keys.brand_settings())
    caches.brand.clear()
    yield
    dynamo.delete(keys.brand_settings())
    caches.brand.clear()


def _upload(client, content_type: str, data: bytes, filename: str = "logo.png") -> str:
    form = client.post("/admin/brand/logo", {"filename": filename, "content_type": content_type, "size": len(data)})
    assert form.status_code == 200, form.data
    logo = form.data["logo"]
    sent = requests.post(logo["upload"]["url"], data=logo["upload"]["fields"], files={"file": (filename, data)},
                         timeout=10)
    assert sent.status_code in (200, 201, 204), sent.text
    return str(logo["key"])


def test_anyone_reads_the_defaults_until_an_admin_saves(client) -> None:
    shown = client.get("/brand")
    assert shown.status_code == 200 and shown.headers["cache-control"].startswith("public")
    assert shown.data == {"name": "SMM Panel", "accent_color": "#2f5bea", "header_color": "#ffffff",
                          "header_text_color": "#000000", "logo_url": None, "support_email": "support@panel.example",
                          "privacy_email": "privacy@panel.example", "legal_email": "legal@panel.example"}
    assert client.get("/brand/logo").status_code == 404


def test_an_admin_saves_the_brand_with_a_logo_and_everyone_sees_it_audited(client, new_client, clock) -> None:
    admin_id = sign_in_staff(client, clock, Role.ADMIN)
    key = _upload(client, "image/png", PNG)
    saved = client.request("PUT", "/admin/brand", {**ACME, "logo_key": key})
    assert saved.status_code == 200, saved.data
    assert saved.data["brand"]["accent_color"] == "#1a4fd0" and saved.data["brand"]["mail_from"] == "hello@acme.example"
    public = new_client().get("/brand").data
    assert public["name"] == "Acme Boost" and public["header_text_color"] == "#ffffff"
    assert public["support_email"] == "help@acme.example" and "mail_from" not in public
    logo = new_client().get(public["logo_url"].removeprefix("/api"), headers={"Accept": "image/png"})
    assert logo.status_code == 200 and logo.headers["content-type"] == "image/png" and logo.body == PNG
    legal = new_client().get("/legal").data["operator"]
    assert (legal["support_email"], legal["privacy_email"], legal["legal_email"]) == (
        "help@acme.example", "dpo@acme.example", "law@acme.example")
    records = [r for r in audit_log.subject_page("brand:site", 100, None)[0] if r.actor == admin_id]
    assert [r.action for r in records] == [Action.BRAND_CHANGED]
    assert records[0].before["name"] == "SMM Panel" and records[0].after["name"] == "Acme Boost"


def test_only_admins_read_or_change_the_brand_settings(client, new_client, clock) -> None:
    assert client.get("/admin/brand").status_code == 401
    assert client.request("PUT", "/admin/brand", {"name": "Mine"}).status_code == 401
    sign_in_customer(client)
    assert client.get("/admin/brand").status_code == 403
    assert client.request("PUT", "/admin/brand", {"name": "Mine"}).status_code == 403
    support = new_client()
    sign_in_staff(support, clock, Role.SUPPORT)
    assert support.request("PUT", "/admin/brand", {"name": "Mine"}).status_code == 403
    assert support.post("/admin/brand/logo", {"filename": "a.png", "content_type": "image/png", "size": 10}
                        ).status_code == 403
    assert new_client().get("/brand").data["name"] == "SMM Panel"


@pytest.mark.parametrize(("change", "field", "words"), [
    ({"name": ""}, "name", "1 to 60"),
    ({"name": "x" * 61}, "name", "1 to 60"),
    ({"accent_color": "red"}, "accent_color", "#2f5bea"),
    ({"accent_color": "#ffdd00"}, "accent_color", "too light"),
    ({"header_color": "#777777"}, "header_color", "neither black nor white"),
    ({"support_email": "help"}, "support_email", "not a valid e-mail"),
    ({"mail_from": "no at sign"}, "mail_from", "not a valid e-mail"),
    ({"logo_key": "attachments/someone/else"}, "logo_key", "not found"),
])
def test_a_refused_change_answers_400_and_changes_nothing(client, clock, change, field, words) -> None:
    sign_in_staff(client, clock, Role.ADMIN)
    audited = len(audit_log.subject_page("brand:site", 100, None)[0])
    refused = client.request("PUT", "/admin/brand", {"name": "Acme Boost", **change})
    assert refused.status_code == 400 and words in refused.data["error"], refused.data
    assert field in refused.data.get("fields", {field: ""})
    assert client.get("/brand").data["name"] == "SMM Panel"
    assert len(audit_log.subject_page("brand:site", 100, None)[0]) == audited


def test_a_logo_that_is_not_what_it_says_or_runs_scripts_is_refused_and_deleted(client, clock) -> None:
    sign_in_staff(client, clock, Role.ADMIN)
    fake = _upload(client, "image/png", b"<svg><script>alert(1)</script></svg>")
    refused = client.request("PUT", "/admin/brand", {"logo_key": fake})
    assert refused.status_code == 400 and "not a PNG" in refused.data["error"]
    assert client.request("PUT", "/admin/brand", {"logo_key": fake}).status_code == 400  # deleted: not found
    svg = _upload(client, "image/svg+xml", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "l.svg")
    unsafe = client.request("PUT", "/admin/brand", {"logo_key": svg})
    assert unsafe.status_code == 400 and "scripts" in unsafe.data["error"]
    too_big = client.post("/admin/brand/logo", {"filename": "l.png", "content_type": "image/png", "size": 300_000})
    assert too_big.status_code == 400 and "200 KB" in too_big.data["error"]
    gif = client.post("/admin/brand/logo", {"filename": "l.gif", "content_type": "image/gif", "size": 100})
    assert gif.status_code == 400 and "PNG, SVG or WebP" in gif.data["error"]
    assert client.get("/brand").data["logo_url"] is None


def test_a_safe_svg_logo_is_served_with_a_policy_that_runs_nothing(client, new_client, clock) -> None:
    sign_in_staff(client, clock, Role.ADMIN)
    first = _upload(client, "image/png", PNG)
    assert client.request("PUT", "/admin/brand", {"logo_key": first}).status_code == 200
    drawing = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'
    assert client.request("PUT", "/admin/brand", {"logo_key": _upload(client, "image/svg+xml", drawing, "l.svg")}
                          ).status_code == 200
    served = new_client().get(new_client().get("/brand").data["logo_url"].removeprefix("/api"))
    assert served.status_code == 200 and served.headers["content-type"] == "image/svg+xml"
    assert served.body == drawing and "sandbox" in served.headers["content-security-policy"]
    assert attachments.head(get_settings().attachments_bucket, first) is None  # the replaced logo is deleted
    assert client.request("PUT", "/admin/brand", {"remove_logo": True}).data["brand"]["logo_url"] is None
    assert new_client().get("/brand/logo").status_code == 404


def test_mails_go_out_from_the_new_sender_and_name_and_are_signed_with_it(client, clock) -> None:
    sign_in_staff(client, clock, Role.ADMIN)
    user_id = customer("0.00")
    passwords.send_password_reset(email_of(user_id))
    before = latest_message_to(email_of(user_id))
    assert before["From"].addresses[0].addr_spec == "no-reply@panel.example"
    assert client.request("PUT", "/admin/brand", ACME).status_code == 200
    passwords.send_password_reset(email_of(user_id))
    sent = latest_message_to(email_of(user_id))
    assert sent["From"].addresses[0].display_name == "Acme Boost"
    assert sent["From"].addresses[0].addr_spec == "hello@acme.example"
    assert sent.get_body().get_content().rstrip().endswith("Acme Boost\nhelp@acme.example")


def test_the_second_factor_s_issuer_is_the_new_name(client, clock) -> None:
    admin_id = sign_in_staff(client, clock, Role.ADMIN)
    assert client.request("PUT", "/admin/brand", {"name": "Acme Boost"}).status_code == 200
    made = client.post("/admin/staff", {"email": "new-support@acme.example", "role": "support"})
    assert made.status_code == 201, made.data
    uri = urlparse(made.data["totp_uri"])
    assert parse_qs(uri.query)["issuer"] == ["Acme Boost"] and uri.path.startswith("/Acme%20Boost:")
    reset = staff_service.reset_second_factor(made.data["staff"]["id"], admin_id)
    assert "issuer=Acme%20Boost" in reset.totp_uri
