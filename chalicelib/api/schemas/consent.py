"""The cookie registry as served (C8) and a consent choice as the banner posts it (C9)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from chalicelib.api.contract import Body
from chalicelib.api.schemas.common import Out, Timestamp
from chalicelib.domain.consent import ConsentRecord
from chalicelib.domain.cookie_registry import Registry


class ConsentBody(Body):
    consent_id: str = Field(max_length=64, description="The banner's consent id, a random UUID.")
    action: Literal["first_choice", "change", "withdrawal"]
    accepted: list[str] = Field(max_length=8, description="Categories accepted, necessary included.")
    rejected: list[str] = Field(max_length=8, description="Optional categories rejected.")
    revision: int = Field(description="The cookie registry revision the visitor answered.")


class CategoryOut(Out):
    id: Literal["necessary", "analytics", "functional", "targeting"]
    title: str
    description: str
    read_only: bool


class CookieOut(Out):
    name: str = Field(description="The cookie or storage key; with pattern true, '*' stands for any text.")
    pattern: bool
    storage: Literal["cookie", "localStorage", "sessionStorage"]
    provider: str
    purpose: str
    category: Literal["necessary", "analytics", "functional", "targeting"]
    expiry: str
    party: Literal["first", "third"]


class CookieRegistry(Out):
    revision: int
    categories: list[CategoryOut]
    cookies: list[CookieOut]
    ga_measurement_id: str | None = Field(description="Google Analytics 4 measurement id, loaded only after "
                                                       "analytics consent; null: the site uses no analytics.")

    @classmethod
    def of(cls, registry: Registry, ga_measurement_id: str) -> CookieRegistry:
        return cls(
            revision=registry.revision,
            categories=[CategoryOut.model_validate(c, from_attributes=True) for c in registry.categories],
            cookies=[CookieOut.model_validate(e, from_attributes=True) for e in registry.entries],
            ga_measurement_id=ga_measurement_id or None,
        )


class ConsentRecorded(Out):
    consent_id: str
    action: str
    accepted: list[str]
    rejected: list[str]
    revision: int
    at: Timestamp

    @classmethod
    def of(cls, record: ConsentRecord) -> ConsentRecorded:
        return cls(consent_id=record.consent_id, action=record.action, accepted=list(record.accepted),
                   rejected=list(record.rejected), revision=record.revision, at=record.at.isoformat())
