"""The route table is the contract: every route is documented, the checked-in OpenAPI
document is current and valid, and the decorator's serialisation keeps JSON shapes."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest
from chalice.app import Response
from openapi_spec_validator import validate
from pydantic import BaseModel

from app import app
from chalicelib.api import http, openapi
from chalicelib.api.contract import ROUTES, Lazy, Reply, render
from chalicelib.api.schemas.common import ErrorOut
from chalicelib.api.schemas.tickets import ChangeOut
from chalicelib.domain import errors
from ops import openapi as openapi_cli

NOT_IN_DOCUMENT = {"/api/v2"}  # the reseller API: form-encoded, documented in docs/api.md and /api-docs


def _operation(path: str, method: str) -> dict[str, Any]:
    return openapi.document()["paths"][path][method]


def test_checked_in_openapi_json_is_current() -> None:
    assert openapi_cli.main(["--check"]) == 0, "run `make openapi` and commit docs/openapi.json"


def test_the_document_is_valid_openapi_3_1() -> None:
    document = json.loads(openapi_cli.DOC.read_text())
    assert document["openapi"] == "3.1.0"
    validate(document)


def test_every_route_of_the_app_is_in_the_document_with_its_methods() -> None:
    documented = {(path, method.upper()) for path, ops in openapi.document()["paths"].items() for method in ops}
    served = {(path, method) for path, entries in app.routes.items() for method in entries
              if path not in NOT_IN_DOCUMENT}
    assert served == documented


def test_signed_in_routes_document_roles_security_and_refusals() -> None:
    me = _operation("/api/me", "get")
    assert me["security"] == [{"session": []}] and me["x-roles"] == ["admin", "customer", "legal", "support"]
    assert {"200", "401", "403"} <= set(me["responses"])
    new_key = _operation("/api/me/api-keys", "post")
    assert new_key["security"] == [{"session": [], "csrf": []}]
    assert {"201", "400", "401", "403", "413", "415"} <= set(new_key["responses"])
    assert new_key["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/NewKeyBody"}
    assert "404" in _operation("/api/orders/{order_id}", "get")["responses"]
    assert _operation("/api/admin/audit", "get")["x-roles"] == ["admin"]
    register = _operation("/api/auth/register", "post")
    assert register["security"] == [] and "Retry-After" in register["responses"]["429"]["headers"]
    error = openapi.document()["components"]["schemas"]["ErrorOut"]
    assert set(error["required"]) == {"error", "code"} and "fields" in error["properties"]


def test_query_models_become_parameters() -> None:
    parameters = {p["name"]: p for p in _operation("/api/orders", "get")["parameters"]}
    assert set(parameters) == {"status", "service", "limit", "from", "to", "search", "order", "cursor"}
    assert parameters["limit"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 100}
    assert "null" not in json.dumps(parameters["from"]["schema"])


def test_every_route_declares_its_response_model() -> None:
    assert ROUTES
    for spec in ROUTES:
        contract = spec.loaded()  # a lazily named model that does not exist fails here
        assert contract.response, f"{spec.method} {spec.path} declares no response model"
        assert all(isinstance(model, type) and issubclass(model, BaseModel) for model in contract.response)
    top_up = _operation("/api/payments/top-ups", "post")
    assert top_up["x-roles"] and "201" in top_up["responses"] and "requestBody" in top_up


def test_lazily_named_models_are_not_imported_by_a_cold_start() -> None:
    code = ("import sys, app; from chalicelib.api.contract import ROUTES, Lazy; "
            "lazy = {r.module for s in ROUTES for r in (s.body, s.query, *s.response) if isinstance(r, Lazy)}; "
            "assert lazy, 'no route names its models lazily'; "
            "print(sorted(m for m in lazy if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", code], cwd=openapi_cli.ROOT, capture_output=True, text=True,
                            check=True, timeout=120).stdout.strip()
    assert loaded == "[]", f"imported at start: {loaded}"


def test_a_lazy_name_that_is_no_model_is_refused() -> None:
    with pytest.raises(AttributeError):
        Lazy("chalicelib.api.schemas.tickets", "NoSuchModel").load()


def test_a_reply_carries_status_and_headers_and_dumps_by_alias() -> None:
    change = ChangeOut(field="status", from_="open", to="answered", by="u1", at="2026-11-30T12:00:00+00:00",
                       reason=None)
    response = render(Reply(change, status=201, headers={"X-One": "1"}), None)
    assert response.status_code == 201 and response.headers == {"X-One": "1"}
    assert response.body["from"] == "open" and "from_" not in response.body
    untyped = Response(body={"any": 1})  # the OpenAPI document itself
    assert render(untyped, None) is untyped
    with pytest.raises(TypeError):
        render({"a": "dict"}, None)


def test_errors_map_to_statuses_along_the_class_hierarchy() -> None:
    class NoSuchWidget(errors.NotFound):
        pass

    response = http.error_response(NoSuchWidget("No such widget."))
    assert response.status_code == 404
    assert ErrorOut.model_validate(response.body).error == "No such widget."


def test_frontend_api_types_are_generated_from_the_current_document() -> None:
    frontend = openapi_cli.ROOT / "frontend"
    generated = subprocess.run(["node", "node_modules/.bin/openapi-typescript", "../docs/openapi.json"],
                               cwd=frontend, capture_output=True, text=True, check=True, timeout=120).stdout
    assert generated == (frontend / "src" / "api-schema.ts").read_text(), \
        "run `make openapi` and commit frontend/src/api-schema.ts"
