"""The route table: each route's contract (roles, request and response models, statuses),
recorded by `@route` (api/http.py) and documented by api/openapi.py; and how a handler's
response model becomes the HTTP response."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from chalice.app import Response
from pydantic import BaseModel, ConfigDict

from chalicelib.domain.accounts import Role

M = TypeVar("M", bound=BaseModel)


class Body(BaseModel):
    """Base of every request body: unknown fields are refused, types are not coerced."""

    # defer_build: a model's validator is built on first use, not at import (cold starts).
    model_config = ConfigDict(extra="forbid", strict=True, str_max_length=10_000, defer_build=True)


class Query(BaseModel):
    """Base of every query-string model. Each value arrives as text, stripped, and a blank one
    counts as absent; unknown parameters are ignored. A field's `mode="before"` validator may
    raise `InvalidInput` itself to word the 400 (pydantic lets non-ValueErrors through)."""

    model_config = ConfigDict(extra="ignore", defer_build=True, populate_by_name=True)


@dataclass(frozen=True)
class Reply(Generic[M]):
    """A response model with what the model cannot say: another status, or headers (cookies)."""

    model: M
    status: int | None = None
    headers: dict[str, str | list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class RouteSpec:
    """One route's contract: what it accepts and answers. `raw_body`: the handler reads the
    JSON object itself (a domain rule words what is wrong) and `body` only documents it."""

    path: str
    method: str
    handler: str
    summary: str
    roles: frozenset[Role] | None
    body: type[BaseModel] | None = None
    raw_body: bool = False
    query: type[BaseModel] | None = None
    response: tuple[type[BaseModel], ...] = ()
    status: int = 200
    errors: tuple[int, ...] = ()
    other: Mapping[int, type[BaseModel]] = field(default_factory=dict)


ROUTES: list[RouteSpec] = []
"""Every `@route` of every imported blueprint (paths without the `/api` prefix)."""


def render(result: Any, spec: RouteSpec | None) -> Response:
    """A handler's answer as a Response: a model (or a `Reply` around one) is dumped in JSON
    mode by alias; a Response (routes not yet typed) passes through."""
    if isinstance(result, Response):
        return result
    status, headers, model = (spec.status if spec else 200), {}, result
    if isinstance(result, Reply):
        status, headers, model = result.status or status, result.headers, result.model
    if not isinstance(model, BaseModel):
        raise TypeError(f"a typed route must return a response model, not {type(model).__name__}")
    return Response(body=model.model_dump(mode="json", by_alias=True), status_code=status, headers=headers)
