"""A property-based fuzzer runs the whole site API from its OpenAPI document (schemathesis),
signed in as a customer and as an admin, with the CSRF header, against the test stack.

Pass criteria for every operation: no 5xx, and every answer matches its documented status
codes, content type and schema. `FUZZ_EXAMPLES` bounds the examples per operation and mode
(the run adds about 30 s to the suite on the idle 2-core build machine, 2-3 minutes when it
is busy); raise it to hunt deeper: `PANEL_FUZZ_EXAMPLES=200 pytest tests/api/test_fuzz_api.py`.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterable, Iterator
from typing import Any
from urllib.parse import quote

import pytest
import schemathesis
from chalice.test import Client
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from chalicelib.api import openapi
from chalicelib.domain.accounts import Role
from chalicelib.settings import get_settings
from tests.support.accounts import sign_in_staff

FUZZ_EXAMPLES = int(os.environ.get("PANEL_FUZZ_EXAMPLES", "25"))
# Valid data by the schema, then data that breaks it (wrong types, missing and extra fields).
MODES = [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
FRESH_SESSION = {("POST", "/api/auth/logout")}  # ends its session: each example signs in anew


def chalice_wsgi(client: Client, ip: str) -> Callable[..., Iterable[bytes]]:
    """The Chalice app (through chalice.test, as the API tests run it) as a WSGI app for schemathesis."""

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        headers = {key[5:].replace("_", "-").lower(): value for key, value in environ.items()
                   if key.startswith("HTTP_")}
        if environ.get("CONTENT_TYPE"):
            headers["content-type"] = environ["CONTENT_TYPE"]
        headers |= {"cloudfront-viewer-address": f"{ip}:443", "x-origin-verify": get_settings().origin_verify_secret}
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        # WSGI hands the path decoded (latin-1); the gateway sees it as sent, percent-encoded.
        path = quote(environ.get("PATH_INFO", "/").encode("latin-1"), safe="/")
        if environ.get("QUERY_STRING"):
            path += "?" + environ["QUERY_STRING"]
        response = client.http.request(environ["REQUEST_METHOD"], path, headers=headers, body=body)
        start_response(f"{response.status_code} -", list(response.headers.items()))
        return [response.body or b""]

    return app


class Session:
    """Signs a fresh browser-like client in and hands its cookie and CSRF header to each case."""

    def __init__(self, new_client: Callable[[], Any], sign_in: Callable[[Any], None]) -> None:
        self.new_client, self.sign_in = new_client, sign_in
        self.headers = self.renew()

    def renew(self) -> dict[str, str]:
        browser = self.new_client()
        self.sign_in(browser)
        return {"cookie": browser.cookies["session"], "csrf": browser.csrf}

    @staticmethod
    def apply(case: Any, credentials: dict[str, str]) -> None:
        """The documented security (session cookie, CSRF header) with real values, in place of
        the ones schemathesis generates for it."""
        case.cookies = {**(case.cookies or {}), "session": credentials["cookie"]}
        case.headers = {**(case.headers or {}), "X-CSRF-Token": credentials["csrf"]}


def _operations(schema: Any, staff: bool) -> Iterator[Any]:
    for result in schema.get_all_operations():
        operation = result.ok()
        roles = set(operation.definition.raw.get("x-roles", []))
        staff_only = bool(roles) and Role.CUSTOMER.value not in roles
        if staff_only == staff:
            yield operation


def _fuzz_operation(operation: Any, mode: GenerationMode, session: Session) -> None:
    fresh = (operation.method.upper(), operation.path) in FRESH_SESSION

    @settings(max_examples=FUZZ_EXAMPLES, deadline=None, database=None, derandomize=True,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case: Any) -> None:
        session.apply(case, session.renew() if fresh else session.headers)
        case.call_and_validate(checks=CHECKS)

    run()


def _fuzz(schema: Any, session: Session, staff: bool) -> list[str]:
    failures = []
    for operation in _operations(schema, staff):
        for mode in MODES:
            try:
                _fuzz_operation(operation, mode, session)
            except Unsatisfiable:
                continue  # nothing to break in negative mode: no parameters and no body
            except (Exception, BaseExceptionGroup) as exc:  # every operation is fuzzed; failures are listed together
                failures.append(f"{operation.method.upper()} {operation.path} ({mode.value}): {exc}")
    return failures


@pytest.fixture
def schema(new_client) -> Any:
    loaded = schemathesis.openapi.from_dict(openapi.document())
    browser = new_client()
    loaded.app = chalice_wsgi(browser.client, browser.ip)
    return loaded


def test_fuzz_the_api_as_a_customer(schema, new_client) -> None:
    def sign_in(browser: Any) -> None:
        email = f"fuzz-{secrets.token_hex(6)}@example.com"
        browser.register(email)
        browser.login(email)

    failures = _fuzz(schema, Session(new_client, sign_in), staff=False)
    assert not failures, "\n\n".join(failures)


def test_fuzz_the_api_as_staff(schema, new_client, clock) -> None:
    failures = _fuzz(schema, Session(new_client, lambda browser: sign_in_staff(browser, clock)), staff=True)
    assert not failures, "\n\n".join(failures)
