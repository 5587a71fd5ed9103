"""Real accounts in DynamoDB Local: customers (with a balance), staff (with their TOTP), and
signing them in through the API's real password and TOTP steps."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pyotp

from chalicelib.domain.accounts import Role
from chalicelib.domain.ledger import EntryKind
from chalicelib.services import accounts, ledger
from chalicelib.store import users

PASSWORD = "a-good-password"


def customer(balance: str = "0") -> str:
    """A registered customer, funded with `balance` by a top-up entry; returns the user id."""
    address = f"buyer-{secrets.token_hex(5)}@example.com"
    user = accounts.register("b" + address[6:16], address, PASSWORD, True)
    if Decimal(balance) > 0:
        ledger.move(user.user_id, Decimal(balance), EntryKind.TOP_UP, f"topup#{secrets.token_hex(4)}", "test")
    return user.user_id


def email_of(user_id: str) -> str:
    user = users.get(user_id)
    assert user is not None, user_id
    return user.email


@dataclass(frozen=True)
class Staff:
    user_id: str
    email: str
    password: str
    secret: str

    @property
    def totp(self) -> pyotp.TOTP:
        return pyotp.TOTP(self.secret)

    @property
    def factors(self) -> tuple[str, pyotp.TOTP]:
        """The password and the TOTP generator: what signing in asks for."""
        return self.password, self.totp


def new_staff(role: Role = Role.SUPPORT, email: str | None = None) -> Staff:
    """A staff account of `role`, as `panel staff create` makes it (password and TOTP secret)."""
    address = email or f"{role.value}-{secrets.token_hex(4)}@example.com"
    user, password, secret = accounts.create_staff(address, role)
    return Staff(user.user_id, address, password, secret)


def sign_in_customer(client: Any, balance: str = "10.00") -> str:
    """A new customer with `balance`, with `client` signed in as them; returns the user id."""
    user_id = customer(balance)
    client.login(email_of(user_id))
    return user_id


def sign_in_staff(client: Any, clock: Any, role: Role = Role.ADMIN) -> str:
    """A new staff account of `role`, with `client` signed in through both steps (the code
    for the frozen `clock`'s time); returns its user id."""
    staff = new_staff(role)
    challenge = client.login(staff.email, staff.password).data["challenge"]
    response = client.post("/auth/login/totp", {"challenge": challenge, "code": staff.totp.at(clock.at)})
    client.csrf = response.data["csrf_token"]
    return str(response.data["user"]["id"])
