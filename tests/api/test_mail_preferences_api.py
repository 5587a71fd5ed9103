"""The account API's mail switches: read with their defaults, written over the version read,
refused with a clear 4xx when the body is wrong, stale, unsigned or without its CSRF token."""

from __future__ import annotations

import pytest

PATH = "/account/mail-preferences"
ALL_ON = {"order_completed": True, "order_partial": True, "order_canceled": True, "top_up_received": True}


def _signed_in(client, unique_email: str):
    client.register(unique_email)
    assert client.login(unique_email).status_code == 200
    return client


def test_every_switch_starts_on_and_a_change_sticks(client, unique_email) -> None:
    _signed_in(client, unique_email)
    first = client.get(PATH)
    assert first.status_code == 200 and first.data == {**ALL_ON, "version": 0}
    changed = client.request("PUT", PATH, {**ALL_ON, "top_up_received": False, "version": 0})
    assert changed.status_code == 200
    assert changed.data == {**ALL_ON, "top_up_received": False, "version": 1}
    assert client.get(PATH).data == changed.data


def test_a_stale_version_gets_409_and_changes_nothing(client, unique_email) -> None:
    _signed_in(client, unique_email)
    assert client.request("PUT", PATH, {**ALL_ON, "order_partial": False, "version": 0}).status_code == 200
    stale = client.request("PUT", PATH, {**ALL_ON, "version": 0})
    assert stale.status_code == 409 and "changed meanwhile" in stale.data["error"]
    assert client.get(PATH).data == {**ALL_ON, "order_partial": False, "version": 1}


@pytest.mark.parametrize("body", [
    {**ALL_ON},                                              # no version
    {**ALL_ON, "version": -1},
    {**ALL_ON, "version": 0, "order_completed": "yes"},      # not a boolean (no coercion)
    {**ALL_ON, "version": 0, "marketing": True},             # not a switch of this page
    {"order_completed": False, "version": 0},                # a switch missing
])
def test_a_wrong_body_is_refused_with_400(client, unique_email, body) -> None:
    _signed_in(client, unique_email)
    refused = client.request("PUT", PATH, body)
    assert refused.status_code == 400 and refused.data["error"]
    assert client.get(PATH).data == {**ALL_ON, "version": 0}


def test_signed_out_callers_and_writes_without_the_csrf_token_are_refused(client, new_client, unique_email) -> None:
    assert new_client().get(PATH).status_code == 401
    _signed_in(client, unique_email)
    forged = client.request("PUT", PATH, {**ALL_ON, "order_canceled": False, "version": 0}, csrf=False)
    assert forged.status_code == 403
    assert client.get(PATH).data == {**ALL_ON, "version": 0}
