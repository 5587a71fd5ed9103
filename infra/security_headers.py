"""The site's security headers, per stage, from frontend/security-headers.json.

One template for the cloud's CloudFront response-headers policy and the local gateway.
`{attachments}` in the CSP is the origin of the one bucket the browser uploads ticket
attachments to: the cloud names that bucket (not every bucket of a region), the local
stack names moto's S3. HSTS is sent only where the site is served over HTTPS.
"""

from __future__ import annotations

import json
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parent.parent / "frontend" / "security-headers.json"
HSTS = "max-age=63072000; includeSubDomains"  # two years, the preload list's minimum


def _template() -> dict[str, str]:
    headers: dict[str, str] = json.loads(TEMPLATE.read_text())
    return headers


def cloud_headers(attachments_bucket: str, region: str) -> dict[str, str]:
    """dev and prod: HTTPS only, uploads to the stage's own attachments bucket."""
    headers = _template()
    origin = f"https://{attachments_bucket}.s3.{region}.amazonaws.com"
    headers["Content-Security-Policy"] = headers["Content-Security-Policy"].replace("{attachments}", origin)
    return {**headers, "Strict-Transport-Security": HSTS}


def local_headers(stripe_origin: str | None, s3_origin: str | None) -> dict[str, str]:
    """The local stack over plain HTTP: no HSTS (it would pin 127.0.0.1 to HTTPS in the
    browser), moto's S3 for uploads, and localstripe beside Stripe."""
    headers = _template()
    policy = headers["Content-Security-Policy"].replace(" {attachments}", f" {s3_origin}" if s3_origin else "")
    extra = {"script-src": [stripe_origin], "connect-src": [stripe_origin]}
    directives = []
    for directive in policy.split(";"):
        parts = directive.split()
        if parts:
            directives.append(" ".join(parts + [o for o in extra.get(parts[0], []) if o]))
    return {**headers, "Content-Security-Policy": "; ".join(directives)}


def parse_hsts(value: str) -> tuple[int, bool, bool]:
    """`max-age=N; includeSubDomains; preload` as (max age in seconds, include subdomains, preload)."""
    directives = [part.strip() for part in value.split(";") if part.strip()]
    max_age = next(int(d.split("=", 1)[1]) for d in directives if d.lower().startswith("max-age="))
    lowered = {d.lower() for d in directives}
    return max_age, "includesubdomains" in lowered, "preload" in lowered
