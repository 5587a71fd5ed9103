"""The edge: one CloudFront distribution serves the built frontend from a private bucket and
routes `/api/*` to the API, and a regional web ACL on the API stage lets only it through.

    https://<site>/            -> site bucket (origin access control), the SPA fallback function
    https://<site>/api/v2      -> https://<api>.execute-api.<region>.amazonaws.com/<stage>/api/v2
                                  (origin path = the API Gateway stage; app.py mounts every
                                  blueprint under /api, so the resource is /api/v2)

The API behaviour never caches, forwards every viewer header but Host (so the app reads the
viewer's address from CloudFront-Viewer-Address) and adds the origin secret in
`x-origin-verify`, which the web ACL (infra/waf.py) and the app (chalicelib/api/http.py) check.
The secret is generated in Secrets Manager and enters the template only as a dynamic reference.
The site's files are uploaded by `panel site publish` (ops/site.py), not by CDK.
"""

from __future__ import annotations

from pathlib import Path

import aws_cdk as cdk
from aws_cdk import aws_apigateway as apigateway
from aws_cdk import aws_certificatemanager as acm
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudfront_origins as origins
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_secretsmanager as secretsmanager
from constructs import Construct

from chalicelib.api.http import ORIGIN_VERIFY_HEADER
from infra.exports import distribution_export, site_bucket_export
from infra.nag import acknowledge
from infra.response_headers import response_headers_policy
from infra.security_headers import cloud_headers
from infra.waf import DEFAULT_RESELLER_REQUESTS_PER_5_MINUTES, ApiFirewall, FirewallSettings

EDGE_FUNCTIONS = Path(__file__).resolve().parent / "edge_functions"
API_PATH_PATTERN = "/api/*"
# Access logs hold viewer IPs; the privacy promises keep login IPs at most 90 business days.
ACCESS_LOG_DAYS = 30
# A bad publish can be undone from the previous versions of the site's files for this long.
SITE_VERSION_DAYS = 30
# The environment variable of chalicelib/settings.py origin_verify_secret.
ORIGIN_SECRET_ENVIRONMENT = "PANEL_ORIGIN_VERIFY_SECRET"  # noqa: S105 (a variable name, not a value)


class Edge(Construct):
    """CloudFront, the site bucket and the API stage's web ACL of one stage.

    `api_stage` is the deployed stage of the panel's REST API (REGIONAL endpoint);
    `attachments_bucket_name` names the one bucket the site's CSP lets the browser upload to.
    A custom domain needs both `domain_name` and an ACM certificate in us-east-1.
    """

    def __init__(self, scope: Construct, construct_id: str, *, stage: str, api_stage: apigateway.IStage,
                 attachments_bucket_name: str, domain_name: str | None = None,
                 certificate: acm.ICertificate | None = None,
                 reseller_requests_per_5_minutes: int = DEFAULT_RESELLER_REQUESTS_PER_5_MINUTES) -> None:
        super().__init__(scope, construct_id)
        if (domain_name is None) != (certificate is None):
            raise ValueError("a custom domain needs both domain_name and certificate")
        stack = cdk.Stack.of(self)
        self.origin_secret = secretsmanager.Secret(
            self, "OriginSecret", secret_name=f"smm-panel/{stage}/origin-verify",
            description="x-origin-verify: CloudFront adds it to API requests; the API's web ACL requires it",
            generate_secret_string=secretsmanager.SecretStringGenerator(exclude_punctuation=True, password_length=48))
        acknowledge(
            self.origin_secret, "SMG4", (
                "The value lives in two places that must change together (CloudFront's origin header and the "
                "web ACL's match); rotation is the documented operator step in docs/operations.md, not a "
                "rotation Lambda that would update one and leave the API refusing CloudFront."))
        # A CloudFormation dynamic reference: resolved at deploy time, never written in the template.
        secret_value = self.origin_secret.secret_value.unsafe_unwrap()

        self.logs = self._log_bucket()
        self.site_bucket = s3.Bucket(
            self, "Site", block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            encryption=s3.BucketEncryption.S3_MANAGED, enforce_ssl=True,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED, versioned=True,
            server_access_logs_bucket=self.logs, server_access_logs_prefix="site-bucket/",
            lifecycle_rules=[s3.LifecycleRule(
                noncurrent_version_expiration=cdk.Duration.days(SITE_VERSION_DAYS),
                abort_incomplete_multipart_upload_after=cdk.Duration.days(1))])

        headers = response_headers_policy(
            self, "SecurityHeaders", name=f"smm-panel-{stage}-security-headers",
            headers=cloud_headers(attachments_bucket_name, stack.region))
        api_origin = origins.HttpOrigin(
            f"{api_stage.rest_api.rest_api_id}.execute-api.{stack.region}.{stack.url_suffix}",
            origin_path=f"/{api_stage.stage_name}", protocol_policy=cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
            origin_ssl_protocols=[cloudfront.OriginSslPolicy.TLS_V1_2],
            custom_headers={ORIGIN_VERIFY_HEADER: secret_value})
        self.distribution = cloudfront.Distribution(
            self, "Distribution", comment=f"smm-panel {stage}: site and /api",
            default_root_object="index.html", http_version=cloudfront.HttpVersion.HTTP2_AND_3,
            domain_names=[domain_name] if domain_name else None, certificate=certificate,
            minimum_protocol_version=cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021 if certificate else None,
            enable_logging=True, log_bucket=self.logs, log_file_prefix="cloudfront/",
            default_behavior=cloudfront.BehaviorOptions(
                origin=origins.S3BucketOrigin.with_origin_access_control(self.site_bucket),
                viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
                cache_policy=cloudfront.CachePolicy.CACHING_OPTIMIZED, compress=True,
                response_headers_policy=headers,
                function_associations=[self._function("SpaFallback", "spa_fallback.js", stage)]),
            additional_behaviors={API_PATH_PATTERN: cloudfront.BehaviorOptions(
                origin=api_origin, allowed_methods=cloudfront.AllowedMethods.ALLOW_ALL,
                # POST cannot follow a redirect, so plain HTTP is refused rather than redirected.
                viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
                cache_policy=cloudfront.CachePolicy.CACHING_DISABLED,
                origin_request_policy=cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
                response_headers_policy=headers,
                function_associations=[self._function("ViewerIp", "viewer_ip.js", stage)])})
        self._acknowledge_distribution_findings(custom_domain=certificate is not None)

        self.firewall = ApiFirewall(self, "ApiFirewall", api_stage=api_stage, settings=FirewallSettings(
            stage=stage, origin_secret_value=secret_value,
            reseller_requests_per_5_minutes=reseller_requests_per_5_minutes))

        self._export("SiteBucketName", self.site_bucket.bucket_name, site_bucket_export(stage))
        self._export("DistributionId", self.distribution.distribution_id, distribution_export(stage))
        cdk.CfnOutput(self, "SiteUrl", value=f"https://{domain_name or self.distribution.distribution_domain_name}")

    @property
    def origin_verify_environment(self) -> dict[str, str]:
        """The API functions' environment for chalicelib/settings.py origin_verify_secret: the same
        dynamic reference, resolved by CloudFormation when it deploys each function."""
        return {ORIGIN_SECRET_ENVIRONMENT: self.origin_secret.secret_value.unsafe_unwrap()}

    def _function(self, construct_id: str, file: str, stage: str) -> cloudfront.FunctionAssociation:
        function = cloudfront.Function(
            self, construct_id, function_name=f"smm-panel-{stage}-{construct_id}",
            runtime=cloudfront.FunctionRuntime.JS_2_0,
            code=cloudfront.FunctionCode.from_file(file_path=str(EDGE_FUNCTIONS / file)))
        return cloudfront.FunctionAssociation(function=function, event_type=cloudfront.FunctionEventType.VIEWER_REQUEST)

    def _log_bucket(self) -> s3.Bucket:
        """The site bucket's server access logs and CloudFront's standard logs. CloudFront writes
        its logs with ACLs, hence object-writer ownership (the bucket stays private)."""
        bucket = s3.Bucket(
            self, "AccessLogs", block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            encryption=s3.BucketEncryption.S3_MANAGED, enforce_ssl=True,
            object_ownership=s3.ObjectOwnership.OBJECT_WRITER,
            lifecycle_rules=[s3.LifecycleRule(expiration=cdk.Duration.days(ACCESS_LOG_DAYS))])
        acknowledge(bucket, "S1", "The access-log bucket itself: logging it into itself would loop.")
        return bucket

    def _acknowledge_distribution_findings(self, *, custom_domain: bool) -> None:
        findings = {
            "CFR1": "The panel sells to customers in every country; it has no geographic restriction "
                                 "to enforce.",
            "CFR2": "The API is behind its own regional web ACL (infra/waf.py), which the origin secret "
                                 "makes unavoidable; the site behaviour serves only public static files.",
        }
        if not custom_domain:
            findings["CFR4"] = ("Without a custom domain the distribution uses CloudFront's default "
                                             "certificate, whose TLS policy cannot be chosen; a stage with a domain "
                                             "sets TLSv1.2_2021.")
        for rule, reason in findings.items():
            acknowledge(self.distribution, rule, reason)

    def _export(self, construct_id: str, value: str, export_name: str) -> None:
        output = cdk.CfnOutput(self, construct_id, value=value, export_name=export_name)
        output.override_logical_id(construct_id)
