"""The OpenAPI 3.1 document of the site API, built from the route table (api/contract.ROUTES)
and the pydantic models the routes declare; served at `GET /api/openapi.json` and checked in
as docs/openapi.json (`make openapi` regenerates it, a test fails when it is stale).

Each operation lists its success answer, every error status it can give in the shared error
shape (401/403 when signed in, 400/413/415 with a JSON body, 404 with a path id, and what the
route declares), its roles (`x-roles`) and its security: the session cookie, plus the CSRF
header on state-changing requests.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any

from chalice.app import Blueprint
from pydantic import BaseModel

from chalicelib.api.contract import ROUTES, Contract, TextDocument
from chalicelib.api.http import Ctx, route
from chalicelib.api.schemas.common import ErrorOut, OpenApiDocument

if TYPE_CHECKING:
    from pydantic.json_schema import JsonSchemaMode

PREFIX = "/api"
REF = "#/components/schemas/{model}"
TITLE = "SMM panel site API"
VERSION = "1"
SAFE = frozenset({"GET", "HEAD", "OPTIONS"})
ERROR_TEXT = {
    400: "Invalid input: the message says what to change.",
    401: "Not signed in, or the session expired.",
    402: "Not enough funds, or the payment was declined.",
    403: "The role has no access, or the CSRF token is missing or wrong.",
    404: "No such thing (or not the caller's).",
    409: "A conflict: changed meanwhile, or not possible in its current state.",
    413: "The request body is too large.",
    415: "The request body is not sent as application/json.",
    429: "Too many requests: wait for `Retry-After` seconds.",
    503: "A service the request needs is unavailable; try again later.",
}
bp = Blueprint(__name__)


def routes() -> list[Contract]:
    """The route table, sorted, with every route's models loaded."""
    return [spec.loaded() for spec in sorted(ROUTES, key=lambda s: (s.path, s.method))]


@functools.cache
def document() -> dict[str, Any]:
    """The whole document (built once per process: it depends on code only)."""
    from pydantic.json_schema import models_json_schema

    table = routes()
    wanted: set[tuple[type[BaseModel], JsonSchemaMode]] = {(ErrorOut, "serialization")}
    for spec in table:
        if spec.body is not None:
            wanted.add((spec.body, "validation"))
        for model in (*spec.response, *spec.other.values()):
            if not issubclass(model, TextDocument):  # a file: a string of its media type
                wanted.add((model, "serialization"))
    ordered = sorted(wanted, key=lambda pair: (pair[0].__name__, pair[1]))
    refs, defs = models_json_schema(ordered, ref_template=REF)
    schemas: dict[str, Any] = {name: _untitled(schema) for name, schema in defs.get("$defs", {}).items()}
    paths: dict[str, dict[str, Any]] = {}
    for spec in table:
        paths.setdefault(PREFIX + spec.path, {})[spec.method.lower()] = _operation(spec, refs, schemas)
    return {
        "openapi": "3.1.0",
        "info": {"title": TITLE, "version": VERSION,
                 "description": "JSON in and out; see docs/api.md. Errors are `{error, code, fields?}`."},
        "paths": paths,
        "components": {
            "schemas": dict(sorted(schemas.items())),
            "securitySchemes": {
                "session": {"type": "apiKey", "in": "cookie", "name": "session",
                            "description": "Set by sign-in (`__Host-session` where the site is served over "
                                           "HTTPS)."},
                "csrf": {"type": "apiKey", "in": "header", "name": "X-CSRF-Token",
                         "description": "The session's `csrf_token`, on every signed-in request but GET."},
            },
        },
    }


def _operation(spec: Contract, refs: dict[Any, Any], schemas: dict[str, Any]) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "operationId": spec.handler.rsplit(".", 2)[-2] + "_" + spec.handler.rsplit(".", 1)[-1],
        "summary": spec.summary or spec.handler.rsplit(".", 1)[-1].replace("_", " "),
        "tags": [spec.handler.rsplit(".", 2)[-2]],
    }
    if spec.roles is None:
        operation["security"] = []
    else:
        operation["x-roles"] = sorted(role.value for role in spec.roles)
        operation["security"] = [{"session": []} if spec.method in SAFE else {"session": [], "csrf": []}]
    parameters = [{"name": name, "in": "path", "required": True, "schema": {"type": "string", "minLength": 1}}
                  for name in re.findall(r"{(\w+)}", spec.path)]
    if spec.query is not None:
        parameters += _query_parameters(spec.query, schemas)
    if parameters:
        operation["parameters"] = parameters
    if spec.body is not None:
        operation["requestBody"] = {"required": True, "content": {
            "application/json": {"schema": refs[(spec.body, "validation")]}}}
    texts = [model for model in spec.response if issubclass(model, TextDocument)]
    if texts:
        responses: dict[str, Any] = {str(spec.status): {"description": "Success.", "content": {
            model.media_type: {"schema": {"type": "string"}} for model in texts}}}
    else:
        responses = {str(spec.status): _answer("Success.", _schema_of(spec.response, refs))}
    for status, model in spec.other.items():
        responses[str(status)] = _answer(ERROR_TEXT.get(status, "See the schema."), refs[(model, "serialization")])
    for status in _error_statuses(spec):
        responses.setdefault(str(status), _answer(ERROR_TEXT[status], refs[(ErrorOut, "serialization")]))
        if status == 429:
            responses[str(status)]["headers"] = {"Retry-After": {"schema": {"type": "string"},
                                                                 "description": "Seconds to wait."}}
    operation["responses"] = dict(sorted(responses.items()))
    return operation


def _untitled(schema: Any) -> Any:
    """The schema without pydantic's generated property titles ("Created At"): noise in the
    document and in the frontend types generated from it. Model titles stay."""
    if isinstance(schema, list):
        return [_untitled(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    cleaned = {key: _untitled(value) for key, value in schema.items()}
    if isinstance(cleaned.get("properties"), dict):
        cleaned["properties"] = {name: {k: v for k, v in prop.items() if k != "title"} if isinstance(prop, dict)
                                 else prop for name, prop in cleaned["properties"].items()}
    return cleaned


def _error_statuses(spec: Contract) -> set[int]:
    statuses = set(spec.errors)
    if spec.roles is not None:
        statuses |= {401, 403}
    if spec.body is not None:
        statuses |= {400, 413, 415}
    if spec.query is not None:
        statuses.add(400)
    if "{" in spec.path:
        statuses |= {400, 404}
    return statuses


def _schema_of(models: tuple[type[BaseModel], ...], refs: dict[Any, Any]) -> dict[str, Any]:
    if not models:
        return {"type": "object"}
    if len(models) == 1:
        return dict(refs[(models[0], "serialization")])
    return {"anyOf": [refs[(model, "serialization")] for model in models]}


def _answer(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _query_parameters(model: type[BaseModel], schemas: dict[str, Any]) -> list[dict[str, Any]]:
    """One parameter per field of a query model; `null` is dropped (an absent parameter is null)."""
    full = model.model_json_schema(mode="validation", ref_template=REF)
    schemas.update(full.get("$defs", {}))
    parameters = []
    for name, schema in full.get("properties", {}).items():
        options = [s for s in schema.get("anyOf", []) if s.get("type") != "null"]
        shown = {k: v for k, v in schema.items() if k not in ("anyOf", "title", "default", "description")}
        if len(options) == 1:
            shown.update(options[0])
        elif options:
            shown["anyOf"] = options
        parameter: dict[str, Any] = {"name": name, "in": "query", "required": False, "schema": shown}
        if schema.get("description"):
            parameter["description"] = schema["description"]
        parameters.append(parameter)
    return parameters


@route(bp, "/openapi.json", response=OpenApiDocument)
def openapi_document(ctx: Ctx) -> OpenApiDocument:
    """This document (public: it holds no secret, and the reseller page links to it)."""
    return OpenApiDocument.model_validate(document())
