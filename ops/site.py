"""`panel --stage dev site publish`: the built frontend (frontend/dist) to the stage's site bucket,
then a CloudFront invalidation, then the removal of files the new build no longer has.

The bucket and the distribution come from the stage's CloudFormation exports
(infra/exports.py), so the command needs nothing but the stage. The build does not hash its
file names, so no file may be cached by browsers for long: every file tells browsers to
revalidate (`max-age=0`, answered by a cheap 304 while the ETag holds) and CloudFront to keep it
until the next publish invalidates it (`s-maxage`). Files go up before index.html, so a browser
never gets a page naming a file that is not there yet, and stale files go only after the
invalidation has finished, since edges may serve the old page (and ask for its files) until then.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from infra.exports import distribution_export, site_bucket_export

FRONTEND_DIST = Path(__file__).resolve().parent.parent / "frontend" / "dist"
INDEX = "index.html"
CACHE_CONTROL = "public, max-age=0, s-maxage=31536000"
INVALIDATION_POLL_SECONDS = 15
# Every kind of file the build writes. An unknown one stops the publish: served as
# application/octet-stream (or guessed wrong) it would break the site with X-Content-Type-Options: nosniff.
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".map": "application/json",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".webp": "image/webp",
    ".woff2": "font/woff2",
    ".txt": "text/plain; charset=utf-8",
    ".webmanifest": "application/manifest+json",
}


class PublishError(Exception):
    pass


@dataclass(frozen=True)
class Published:
    bucket: str
    uploaded: list[str]
    removed: list[str]
    invalidation_id: str


def content_type(path: Path) -> str:
    try:
        return CONTENT_TYPES[path.suffix.lower()]
    except KeyError:
        raise PublishError(f"{path.name}: no content type known for {path.suffix or 'a file without extension'}; "
                           "add it to ops/site.py CONTENT_TYPES") from None


def site_files(dist: Path) -> list[tuple[str, Path]]:
    """(key, file) for every file of the build, index.html last."""
    if not (dist / INDEX).is_file():
        raise PublishError(f"{dist / INDEX} is missing: build the frontend first (cd frontend && npm run build)")
    files = sorted((path.relative_to(dist).as_posix(), path) for path in dist.rglob("*") if path.is_file())
    for _, path in files:
        content_type(path)  # refuse the whole publish before uploading anything
    return sorted(files, key=lambda item: item[0] == INDEX)


def stage_targets(cloudformation: Any, stage: str) -> tuple[str, str]:
    """The stage's site bucket and distribution id, from its CloudFormation exports."""
    wanted = {site_bucket_export(stage), distribution_export(stage)}
    found: dict[str, str] = {}
    for page in cloudformation.get_paginator("list_exports").paginate():
        found.update({e["Name"]: e["Value"] for e in page["Exports"] if e["Name"] in wanted})
    missing = wanted - found.keys()
    if missing:
        raise PublishError(f"no CloudFormation export {', '.join(sorted(missing))} in this account and region: "
                           f"is the {stage} stage deployed, and is AWS_REGION its region?")
    return found[site_bucket_export(stage)], found[distribution_export(stage)]


def _existing_keys(s3: Any, bucket: str) -> Iterator[str]:
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        yield from (item["Key"] for item in page.get("Contents", []))


def _wait_for_invalidation(cloudfront: Any, distribution_id: str, invalidation_id: str, wait_seconds: float) -> None:
    """Polls rather than using boto3's waiter: the status is compared without case, since CloudFront
    says `Completed` and moto, which the tests run on, says `COMPLETED`."""
    deadline = time.monotonic() + wait_seconds
    while True:
        answer = cloudfront.get_invalidation(DistributionId=distribution_id, Id=invalidation_id)
        status = answer["Invalidation"]["Status"]
        if status.lower() == "completed":
            return
        if time.monotonic() >= deadline:
            raise PublishError(f"invalidation {invalidation_id} still {status} after {wait_seconds:.0f} s: the new "
                               "site is uploaded; stale files were kept (publish again to remove them)")
        time.sleep(INVALIDATION_POLL_SECONDS)


def publish(*, s3: Any, cloudfront: Any, bucket: str, distribution_id: str, dist: Path = FRONTEND_DIST,
            wait_seconds: float = 600) -> Published:
    files = site_files(dist)
    before = set(_existing_keys(s3, bucket))
    for key, path in files:
        s3.put_object(Bucket=bucket, Key=key, Body=path.read_bytes(), ContentType=content_type(path),
                      CacheControl=CACHE_CONTROL)
    invalidation = cloudfront.create_invalidation(DistributionId=distribution_id, InvalidationBatch={
        "Paths": {"Quantity": 1, "Items": ["/*"]}, "CallerReference": f"panel-site-publish-{time.time_ns()}"})
    invalidation_id = invalidation["Invalidation"]["Id"]
    _wait_for_invalidation(cloudfront, distribution_id, invalidation_id, wait_seconds)
    stale = sorted(before - {key for key, _ in files})
    # The bucket is versioned: a removed file stays restorable for infra/edge.py SITE_VERSION_DAYS.
    for start in range(0, len(stale), 1000):
        s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": k} for k in stale[start:start + 1000]],
                                                 "Quiet": True})
    return Published(bucket=bucket, uploaded=[key for key, _ in files], removed=stale, invalidation_id=invalidation_id)
