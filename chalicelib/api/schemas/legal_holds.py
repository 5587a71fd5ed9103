"""Preservation holds and disclosure packages as the legal console sees them (legal staff only;
docs/legal.md). No route serves a hold's frozen copy: only its digest and counts."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from chalicelib.api.contract import Body, Query
from chalicelib.api.schemas.common import Out, Timestamp
from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.legal_holds import Hold
from chalicelib.domain.legal_package import Package


class PeriodOut(Out):
    from_: str = Field(alias="from", description="First day (UTC), YYYY-MM-DD.")
    to: str = Field(description="Last day (UTC), inclusive, YYYY-MM-DD.")


class ExtensionOut(Out):
    request_id: str
    staff_id: str
    at: Timestamp
    business_days: int
    expires_on: str


class HoldOut(Out):
    request_id: str
    user_id: str
    categories: list[str]
    period: PeriodOut
    placed_by: str
    placed_at: Timestamp
    business_days: int
    expires_on: str = Field(description="The hold's last day; the release job frees it the day after.")
    status: Literal["active", "releasing"]
    copy_sha256: str = Field(description="SHA-256 of the frozen copy (never served before a formal disclosure).")
    counts: dict[str, int]
    extensions: list[ExtensionOut]

    @classmethod
    def of(cls, hold: Hold) -> HoldOut:
        return cls(request_id=hold.request_id, user_id=hold.user_id, categories=list(hold.categories),
                   period=PeriodOut(**{"from": hold.period[0].isoformat(), "to": hold.period[1].isoformat()}),
                   placed_by=hold.placed_by, placed_at=hold.placed_at.isoformat(), business_days=hold.business_days,
                   expires_on=hold.expires_on.isoformat(), status=hold.status.value, copy_sha256=hold.copy_sha256,
                   counts=hold.counts,
                   extensions=[ExtensionOut(request_id=e.request_id, staff_id=e.staff_id, at=e.at.isoformat(),
                                            business_days=e.business_days, expires_on=e.expires_on.isoformat())
                               for e in hold.extensions])


class HoldAnswer(Out):
    hold: HoldOut


class ExtendBody(Body):
    by_request_id: str = Field(min_length=1, max_length=40, description="The later request that extends the hold.")
    business_days: int = Field(default=90, ge=1, le=260, description="Counted from today (90 by Section 8).")


class PackageFileOut(Out):
    format: Literal["json", "html"]
    sha256: str
    size: int


class PackageOut(Out):
    package_id: str
    request_id: str
    user_id: str
    categories: list[str]
    period: PeriodOut
    counts: dict[str, int]
    created_by: str
    created_at: Timestamp
    emergency: bool
    files: list[PackageFileOut]

    @classmethod
    def of(cls, package: Package) -> PackageOut:
        return cls(package_id=package.package_id, request_id=package.request_id, user_id=package.user_id,
                   categories=list(package.categories),
                   period=PeriodOut(**{"from": package.period[0].isoformat(), "to": package.period[1].isoformat()}),
                   counts=package.counts, created_by=package.created_by, created_at=package.created_at.isoformat(),
                   emergency=package.emergency,
                   files=[PackageFileOut(format=fmt.value, sha256=f.sha256, size=f.size)
                          for fmt, f in sorted(package.files.items())])


class PackageAnswer(Out):
    package: PackageOut


class PackageFileContent(Out):
    """One file of a package, its text inside (JSON or HTML, UTF-8): the console saves it as a file
    (a Blob download), so the report is never rendered on the panel's own origin."""

    filename: str
    content_type: str
    sha256: str = Field(description="SHA-256 of the file's bytes, as recorded when the package was built.")
    content: str


class DownloadQuery(Query):
    """`?format=json|html` (json unless asked)."""

    format: Literal["json", "html"] = "json"

    @field_validator("format", mode="before")
    @classmethod
    def _format(cls, value: object) -> str:
        text = str(value).strip().lower()
        if text not in ("json", "html"):
            raise InvalidInput("format must be json or html.", fields={"format": "unknown"})
        return text
