"""The site's security headers as a CloudFront response-headers policy.

CloudFront takes the headers it knows (CSP, HSTS, X-Frame-Options, ...) as structured settings
and refuses them as custom headers, so each header of infra/security_headers.py's cloud set goes
to its structured slot when there is one and to the custom headers otherwise. A header added to
frontend/security-headers.json therefore reaches CloudFront with no change here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_cloudfront as cloudfront
from constructs import Construct

from infra.security_headers import parse_hsts


def _hsts(value: str) -> cloudfront.ResponseHeadersStrictTransportSecurity:
    max_age, subdomains, preload = parse_hsts(value)
    return cloudfront.ResponseHeadersStrictTransportSecurity(
        access_control_max_age=cdk.Duration.seconds(max_age), include_subdomains=subdomains, preload=preload,
        override=True)


# Header name (lower case) -> (ResponseSecurityHeadersBehavior field, its value from the header's value).
_STRUCTURED: dict[str, tuple[str, Callable[[str], Any]]] = {
    "content-security-policy": ("content_security_policy", lambda v: cloudfront.ResponseHeadersContentSecurityPolicy(
        content_security_policy=v, override=True)),
    "strict-transport-security": ("strict_transport_security", _hsts),
    "x-content-type-options": ("content_type_options", lambda v: _require(
        v, "nosniff", cloudfront.ResponseHeadersContentTypeOptions(override=True))),
    "x-frame-options": ("frame_options", lambda v: cloudfront.ResponseHeadersFrameOptions(
        frame_option=cloudfront.HeadersFrameOption[v.upper()], override=True)),
    "referrer-policy": ("referrer_policy", lambda v: cloudfront.ResponseHeadersReferrerPolicy(
        referrer_policy=cloudfront.HeadersReferrerPolicy[v.upper().replace("-", "_")], override=True)),
}
# CloudFront's own security header with no value of ours; it may not be set as a custom header.
_REFUSED_AS_CUSTOM = {"x-xss-protection"}


def _require(value: str, expected: str, setting: Any) -> Any:
    if value.lower() != expected:
        raise ValueError(f"CloudFront can only send {expected!r} here, not {value!r}")
    return setting


def response_headers_policy(scope: Construct, construct_id: str, *, name: str,
                            headers: Mapping[str, str]) -> cloudfront.ResponseHeadersPolicy:
    security: dict[str, Any] = {}
    custom: list[cloudfront.ResponseCustomHeader] = []
    for header, value in headers.items():
        key = header.lower()
        if key in _STRUCTURED:
            field, build = _STRUCTURED[key]
            security[field] = build(value)
        elif key in _REFUSED_AS_CUSTOM:
            raise ValueError(f"{header} must be a structured CloudFront setting; add it to _STRUCTURED")
        else:
            custom.append(cloudfront.ResponseCustomHeader(header=header, value=value, override=True))
    return cloudfront.ResponseHeadersPolicy(
        scope, construct_id, response_headers_policy_name=name,
        security_headers_behavior=cloudfront.ResponseSecurityHeadersBehavior(**security),
        custom_headers_behavior=cloudfront.ResponseCustomHeadersBehavior(custom_headers=custom) if custom else None)
