"""The catalog console (admins): a provider's services before import, sync change reports.

api/catalog.py names these models lazily (`contract.lazy`): only a staff request imports them.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from chalicelib.api.schemas.common import Out
from chalicelib.domain.catalog import ServiceType
from chalicelib.domain.catalog_changes import ChangeLine
from chalicelib.services.catalog import Upstream


class UpstreamServiceOut(Out):
    """One of the provider's services as it offers it now (staff only: the provider's name)."""

    provider_service: str
    name: str
    category: str
    type: ServiceType
    provider_rate: str
    min: int
    max: int
    refill: bool
    cancel: bool
    dripfeed: bool
    imported_as: int | None = Field(description="Our service made from it; null: not imported.")

    @classmethod
    def of(cls, up: Upstream) -> UpstreamServiceOut:
        e = up.entry
        return cls(provider_service=e.service, name=e.name, category=e.category, type=e.type,
                   provider_rate=f"{e.rate.normalize():f}", min=e.min, max=e.max, refill=e.refill, cancel=e.cancel,
                   dripfeed=e.dripfeed, imported_as=up.imported_as)


class UpstreamList(Out):
    services: list[UpstreamServiceOut]
    skipped: list[str] = Field(description="Entries the provider sent with values we refuse.")


class ChangeLineOut(Out):
    kind: str = Field(description="new, gone, price_up, price_down or limits.")
    provider_service: str
    name: str
    service_id: int | None
    old: str | None
    new: str | None

    @classmethod
    def of(cls, line: ChangeLine) -> ChangeLineOut:
        return cls(**line.__dict__)


class ChangeReportOut(Out):
    id: int
    provider_id: int
    run: str = Field(description="What found the changes: sync.")
    at: str
    lines: list[ChangeLineOut]

    @classmethod
    def of(cls, report: dict[str, Any]) -> ChangeReportOut:
        return cls(id=report["id"], provider_id=report["provider_id"], run=report["run"], at=report["at"],
                   lines=[ChangeLineOut.of(line) for line in report["lines"]])


class ChangeReportList(Out):
    reports: list[ChangeReportOut]


class SyncAnswer(Out):
    changes: int = Field(description="How many changes the sync made to our copies.")




class Acked(Out):
    ok: bool
