import contextlib
import json
import secrets
from collections.abc import Iterator
from http.cookies import SimpleCookie
from typing import Any

import pytest
from chalice.test import BaseClient, Client

from chalicelib.settings import get_settings


@contextlib.contextmanager
def _keep_stack_environment(self: BaseClient, environment_variables: dict[str, str]) -> Iterator[None]:
    """This process already runs with the test stack's environment (tests/conftest.py), its
    ports moved by PANEL_TEST_PORT_OFFSET; Chalice's own copy of the stage's variables would
    point clients created during a request back at the unmoved ports."""
    yield


BaseClient._patched_env_vars = _keep_stack_environment  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def _services(backing_services: None) -> None:
    """Every API test runs against DynamoDB Local and moto."""


class Browserish:
    """chalice.test.Client plus a cookie jar and the CSRF token, as the site's pages use them."""

    def __init__(self, client: Client) -> None:
        self.client = client
        self.cookies: dict[str, str] = {}
        self.csrf = ""
        # Each client its own address, as each visitor has: per-IP limits stay per test.
        self.ip = f"198.18.{secrets.randbelow(256)}.{1 + secrets.randbelow(254)}"

    def request(self, method: str, path: str, body: Any = None, *, raw: bytes | None = None,
                headers: dict[str, str] | None = None, csrf: bool = True) -> Any:
        sent = {"Content-Type": "application/json", "CloudFront-Viewer-Address": f"{self.ip}:443",
                "X-Origin-Verify": get_settings().origin_verify_secret, **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if csrf and self.csrf and method != "GET":
            sent.setdefault("X-CSRF-Token", self.csrf)
        payload = raw if raw is not None else (json.dumps(body).encode() if body is not None else b"")
        response = self.client.http.request(method, f"/api{path}", headers=sent, body=payload)
        response.headers = {k.lower(): v for k, v in response.headers.items()}
        cookie_header = response.headers.get("set-cookie")
        if cookie_header:
            for name, morsel in SimpleCookie(cookie_header).items():
                if morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        try:  # a file (a CSV export) is read as text by the test itself
            response.data = json.loads(response.body) if response.body else None
        except ValueError:
            response.data = None
        return response

    def post(self, path: str, body: Any = None, **kw: Any) -> Any:
        return self.request("POST", path, body, **kw)

    def get(self, path: str, **kw: Any) -> Any:
        return self.request("GET", path, **kw)

    def register(self, email: str, password: str = "a-good-password", username: str | None = None) -> Any:
        return self.post("/auth/register", {"username": username or email.split("@")[0], "email": email,
                                            "password": password, "adult": True})

    def login(self, email: str, password: str = "a-good-password") -> Any:
        response = self.post("/auth/login", {"email": email, "password": password})
        if response.status_code == 200 and "csrf_token" in response.data:
            self.csrf = response.data["csrf_token"]
        return response


@pytest.fixture
def client() -> Iterator[Browserish]:
    from app import app

    with Client(app, stage_name="test") as chalice_client:
        yield Browserish(chalice_client)


@pytest.fixture
def new_client() -> Iterator[Any]:
    """A factory of further independent clients (other users, other browsers)."""
    from app import app

    with Client(app, stage_name="test") as chalice_client:
        yield lambda: Browserish(chalice_client)


@pytest.fixture
def low_limits(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """`low_limits(login_failures_per_account=3, ...)`: limits small enough to reach in a test."""
    from chalicelib.settings import get_settings

    def apply(**limits: int) -> None:
        for name, value in limits.items():
            monkeypatch.setenv(f"PANEL_{name.upper()}", str(value))
        get_settings.cache_clear()

    yield apply
    monkeypatch.undo()
    get_settings.cache_clear()
