"""Shared pieces of the contract: the base of every response model, the error shape, text
types that document their format, and the paged-list query."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema, field_validator

from chalicelib.api import params
from chalicelib.api.contract import Query

MAX_PAGE = 100

Timestamp = Annotated[str, WithJsonSchema({"type": "string", "format": "date-time"})]
"""A moment in ISO 8601 with its UTC offset, e.g. "2026-11-30T12:00:00+00:00"."""
Money = Annotated[str, WithJsonSchema({"type": "string", "pattern": r"^-?[0-9]+\.[0-9]+$"})]
"""An amount as decimal text ("12.50000" or "12.50"), never a float."""
Cursor = Annotated[str | None, Field(description="Where the next page starts; null on the last page.")]


class Out(BaseModel):
    """Base of every response model."""

    model_config = ConfigDict(defer_build=True, populate_by_name=True)


def when(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


class ErrorOut(Out):
    """Every refusal: a message for people, a machine code, and which fields are wrong."""

    error: str
    code: str
    fields: dict[str, str] | None = None


class ChaliceErrorOut(Out):
    """Chalice's own refusals (unknown method, media type) in the same shape, without fields."""

    error: str
    code: str


def page_limit(value: object, default: int) -> int:
    """`?limit=` read by the one rule for page sizes (`params.page_size`)."""
    return params.page_size(None if value is None else str(value), default)


class Page(Query):
    """`?limit=&cursor=` of a paged list (50 a page unless asked)."""

    limit: int = Field(default=50, ge=1, le=MAX_PAGE)
    cursor: str | None = None

    @field_validator("limit", mode="before")
    @classmethod
    def _limit(cls, value: object) -> int:
        return page_limit(value, 50)


class LongPage(Page):
    """A paged list of 100 a page unless asked."""

    limit: int = Field(default=100, ge=1, le=MAX_PAGE)

    @field_validator("limit", mode="before")
    @classmethod
    def _limit(cls, value: object) -> int:
        return page_limit(value, 100)


class OpenApiDocument(Out):
    """The OpenAPI 3.1 document of this API (GET /api/openapi.json)."""

    openapi: Literal["3.1.0"]
    info: dict[str, str]
    paths: dict[str, dict[str, Any]]
    components: dict[str, dict[str, Any]]
