"""Signing staff in through the real password and TOTP steps, for API tests."""

from __future__ import annotations

import secrets
from typing import Any

import pyotp

from chalicelib.domain.accounts import Role
from chalicelib.services import accounts


def sign_in_staff(client: Any, clock: Any, role: Role = Role.ADMIN) -> str:
    """Create a staff account of `role`, sign `client` in as it; returns its user id."""
    email = f"{role.value}-{secrets.token_hex(4)}@example.com"
    _user, password, secret = accounts.create_staff(email, role)
    challenge = client.login(email, password).data["challenge"]
    response = client.post("/auth/login/totp", {"challenge": challenge, "code": pyotp.TOTP(secret).at(clock.at)})
    client.csrf = response.data["csrf_token"]
    return str(response.data["user"]["id"])
