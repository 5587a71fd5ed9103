"""The route table: each route's contract (roles, request and response models, statuses),
recorded by `@route` (api/http.py) and documented by api/openapi.py; and how a handler's
response model becomes the HTTP response."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Generic, TypeVar

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


class TextDocument(BaseModel):
    """A response that is a file, not JSON (a CSV export): `render` answers `text` as the
    body with the class's `media_type` and, when `filename` is set, as a download of that
    name; the OpenAPI document shows a string of that media type. Subclass it per format."""

    model_config = ConfigDict(defer_build=True)
    media_type: ClassVar[str] = "text/plain"

    text: str
    filename: str | None = None


@dataclass(frozen=True)
class Reply(Generic[M]):
    """A response model with what the model cannot say: another status, or headers (cookies)."""

    model: M
    status: int | None = None
    headers: dict[str, str | list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Lazy:
    """A model named by its module and class, imported on first use: the staff console's,
    payments' and tickets' models are not paid for by a cold start of any other route."""

    module: str
    name: str

    def load(self) -> type[BaseModel]:
        model = getattr(importlib.import_module(self.module), self.name)
        assert isinstance(model, type) and issubclass(model, BaseModel), f"{self} is not a model"
        return model


class LazyModels:
    """`lazy("chalicelib.api.schemas.admin").ProviderList`: a `Lazy` for each attribute."""

    def __init__(self, module: str) -> None:
        self._module = module

    def __getattr__(self, name: str) -> Lazy:
        return Lazy(self._module, name)


def lazy(module: str) -> LazyModels:
    return LazyModels(module)


ModelRef = type[BaseModel] | Lazy
"""A model as a route declares it: the class, or a `Lazy` naming it."""


def load(ref: ModelRef) -> type[BaseModel]:
    return ref.load() if isinstance(ref, Lazy) else ref


@dataclass(frozen=True)
class RouteSpec:
    """One route's contract: what it accepts and answers. `raw_body`: the handler reads the
    JSON object itself (a domain rule words what is wrong) and `body` only documents it."""

    path: str
    method: str
    handler: str
    summary: str
    roles: frozenset[Role] | None
    body: ModelRef | None = None
    raw_body: bool = False
    query: ModelRef | None = None
    response: tuple[ModelRef, ...] = ()
    status: int = 200
    errors: tuple[int, ...] = ()
    other: Mapping[int, ModelRef] = field(default_factory=dict)

    def loaded(self) -> Contract:
        """The contract with every model imported (the OpenAPI document, tests)."""
        return Contract(self, body=load(self.body) if self.body else None,
                        query=load(self.query) if self.query else None,
                        response=tuple(load(ref) for ref in self.response),
                        other={status: load(ref) for status, ref in self.other.items()})


@dataclass(frozen=True)
class Contract:
    """A route's contract with its models loaded."""

    spec: RouteSpec
    body: type[BaseModel] | None
    query: type[BaseModel] | None
    response: tuple[type[BaseModel], ...]
    other: Mapping[int, type[BaseModel]]

    @property
    def path(self) -> str:
        return self.spec.path

    @property
    def method(self) -> str:
        return self.spec.method

    @property
    def handler(self) -> str:
        return self.spec.handler

    @property
    def summary(self) -> str:
        return self.spec.summary

    @property
    def roles(self) -> frozenset[Role] | None:
        return self.spec.roles

    @property
    def status(self) -> int:
        return self.spec.status

    @property
    def errors(self) -> tuple[int, ...]:
        return self.spec.errors


ROUTES: list[RouteSpec] = []
"""Every `@route` of every imported blueprint (paths without the `/api` prefix)."""


def render(result: Any, spec: RouteSpec | None) -> Response:
    """A handler's answer as a Response: a model (or a `Reply` around one) is dumped in JSON
    mode by alias; a Response (the OpenAPI document itself) passes through."""
    if isinstance(result, Response):
        return result
    status, headers, model = (spec.status if spec else 200), {}, result
    if isinstance(result, Reply):
        status, headers, model = result.status or status, result.headers, result.model
    if not isinstance(model, BaseModel):
        raise TypeError(f"a typed route must return a response model, not {type(model).__name__}")
    if isinstance(model, TextDocument):
        headers = {"Content-Type": f"{model.media_type}; charset=utf-8", **headers}
        if model.filename:
            headers["Content-Disposition"] = f'attachment; filename="{model.filename}"'
        return Response(body=model.text, status_code=status, headers=headers)
    return Response(body=model.model_dump(mode="json", by_alias=True), status_code=status, headers=headers)
