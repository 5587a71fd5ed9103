"""The edge construct (infra/edge.py, infra/waf.py) in a stack of its own, beside a small REST
API standing in for the panel's: CloudFront, the private site bucket, the API stage's web ACL,
cdk-nag's AwsSolutions pack and cfn-lint."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from devstack.stack import ROOT

ATTACHMENTS = "panel-dev-attachments"
CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
# Managed-AllViewerExceptHostHeader: every viewer header but Host, and CloudFront's own headers
# such as CloudFront-Viewer-Address, which the app reads the client IP from.
ALL_VIEWER_EXCEPT_HOST_HEADER = "b689b0a8-53d0-40ab-baf2-68738e2966ac"


def _stand_in_stack(app: Any, name: str) -> tuple[Any, Any]:
    import aws_cdk as cdk
    from aws_cdk import aws_apigateway as apigateway

    from infra.nag import acknowledge

    stack = cdk.Stack(app, name, env=cdk.Environment(account="123456789012", region="eu-west-2"))
    api = apigateway.RestApi(stack, "Api", deploy_options=apigateway.StageOptions(stage_name="api"),
                             endpoint_types=[apigateway.EndpointType.REGIONAL], cloud_watch_role=False)
    api.root.add_resource("api").add_method("GET", apigateway.MockIntegration())
    for rule in ("APIG1", "APIG2", "APIG4", "APIG6", "COG4"):
        acknowledge(api, rule, "The stand-in for the panel stack's API, which answers for its own.")
    return stack, api


@pytest.fixture(scope="module")
def synthesized() -> tuple[dict[str, Any], Any]:
    """The edge stack synthesized once with cdk-nag's AwsSolutions pack as a validation plugin:
    synth raises on any unacknowledged finding, so reaching the template means nag passed."""
    import aws_cdk as cdk
    from cdk_nag import AwsSolutionsChecks

    from infra.edge import Edge

    app = cdk.App()
    stack, api = _stand_in_stack(app, "EdgeTest")
    edge = Edge(stack, "Edge", stage="dev", api_stage=api.deployment_stage, attachments_bucket_name=ATTACHMENTS,
                reseller_requests_per_5_minutes=1200)
    cdk.Validations.of(app).add_plugins(AwsSolutionsChecks(app))
    template = app.synth().get_stack_by_name("EdgeTest").template
    return template, edge


def _of_type(template: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [r["Properties"] for r in template["Resources"].values() if r["Type"] == kind]


def _one(template: dict[str, Any], kind: str) -> dict[str, Any]:
    found = _of_type(template, kind)
    assert len(found) == 1, (kind, len(found))
    return found[0]


def _logical_id(template: dict[str, Any], kind: str, path_part: str) -> str:
    ids = [k for k, r in template["Resources"].items() if r["Type"] == kind and path_part in k]
    assert len(ids) == 1, (kind, path_part, ids)
    return ids[0]


def _is_secret_reference(value: Any, secret_id: str) -> bool:
    """`{{resolve:secretsmanager:<the secret>:SecretString:::}}`, never a clear value."""
    return value == {"Fn::Join": ["", ["{{resolve:secretsmanager:", {"Ref": secret_id}, ":SecretString:::}}"]]}


def test_nag_fails_synth_on_an_unacknowledged_finding() -> None:
    """The harness the edge stack passes can fail: an unencrypted, unlogged bucket stops synth."""
    import aws_cdk as cdk
    from aws_cdk import aws_s3 as s3
    from cdk_nag import AwsSolutionsChecks

    app = cdk.App()
    s3.Bucket(cdk.Stack(app, "Careless"), "Bucket")
    cdk.Validations.of(app).add_plugins(AwsSolutionsChecks(app))
    with pytest.raises(RuntimeError, match="AwsSolutions-S10"):
        app.synth()


def test_site_bucket_is_private_and_reached_only_through_origin_access_control(synthesized: Any) -> None:
    template, _ = synthesized
    site_id = _logical_id(template, "AWS::S3::Bucket", "EdgeSite")
    site = template["Resources"][site_id]["Properties"]
    assert site["PublicAccessBlockConfiguration"] == {
        "BlockPublicAcls": True, "BlockPublicPolicy": True, "IgnorePublicAcls": True, "RestrictPublicBuckets": True}
    assert site["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]["ServerSideEncryptionByDefault"] == {
        "SSEAlgorithm": "AES256"}
    assert site["LoggingConfiguration"]["LogFilePrefix"] == "site-bucket/"
    policy = next(p for p in _of_type(template, "AWS::S3::BucketPolicy") if p["Bucket"] == {"Ref": site_id})
    statements = policy["PolicyDocument"]["Statement"]
    assert any(s["Effect"] == "Deny" and s["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
               for s in statements)
    reads = [s for s in statements if s["Effect"] == "Allow"]
    assert [s["Principal"] for s in reads] == [{"Service": "cloudfront.amazonaws.com"}]
    assert reads[0]["Action"] == "s3:GetObject"
    assert "AWS:SourceArn" in reads[0]["Condition"]["StringEquals"]  # only this distribution
    oac = _one(template, "AWS::CloudFront::OriginAccessControl")["OriginAccessControlConfig"]
    assert (oac["OriginAccessControlOriginType"], oac["SigningBehavior"], oac["SigningProtocol"]) == (
        "s3", "always", "sigv4")
    assert not _of_type(template, "AWS::CloudFront::CloudFrontOriginAccessIdentity")
    config = _one(template, "AWS::CloudFront::Distribution")["DistributionConfig"]
    site_origin = next(o for o in config["Origins"] if "S3OriginConfig" in o)
    assert site_origin["OriginAccessControlId"] == {"Fn::GetAtt": [
        _logical_id(template, "AWS::CloudFront::OriginAccessControl", "OriginAccessControl"), "Id"]}
    assert site_origin["S3OriginConfig"] == {"OriginAccessIdentity": ""}


def test_api_behaviour_reaches_the_stage_never_caches_and_carries_the_origin_secret(synthesized: Any) -> None:
    template, _ = synthesized
    config = _one(template, "AWS::CloudFront::Distribution")["DistributionConfig"]
    [api] = config["CacheBehaviors"]
    assert api["PathPattern"] == "/api/*"
    assert api["CachePolicyId"] == CACHING_DISABLED
    assert api["OriginRequestPolicyId"] == ALL_VIEWER_EXCEPT_HOST_HEADER
    assert set(api["AllowedMethods"]) == {"GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE"}
    assert api["ViewerProtocolPolicy"] == "https-only"
    origin = next(o for o in config["Origins"] if o["Id"] == api["TargetOriginId"])
    api_id = _logical_id(template, "AWS::ApiGateway::RestApi", "Api")
    stage_id = _logical_id(template, "AWS::ApiGateway::Stage", "Stage")
    assert origin["DomainName"] == {"Fn::Join": ["", [{"Ref": api_id}, ".execute-api.eu-west-2.",
                                                      {"Ref": "AWS::URLSuffix"}]]}
    # Stage "api" in front of the app's /api/... routes: https://site/api/v2 -> stage api, /api/v2.
    assert origin["OriginPath"] == {"Fn::Join": ["", ["/", {"Ref": stage_id}]]}
    assert origin["CustomOriginConfig"] == {"OriginProtocolPolicy": "https-only", "OriginSSLProtocols": ["TLSv1.2"]}
    [header] = origin["OriginCustomHeaders"]
    assert header["HeaderName"] == "x-origin-verify"
    secret_id = _logical_id(template, "AWS::SecretsManager::Secret", "OriginSecret")
    assert _is_secret_reference(header["HeaderValue"], secret_id)
    generated = template["Resources"][secret_id]["Properties"]
    assert generated["Name"] == "smm-panel/dev/origin-verify"
    assert generated["GenerateSecretString"]["PasswordLength"] == 48


def test_spa_fallback_runs_on_the_site_behaviour_only_and_no_error_is_rewritten(synthesized: Any) -> None:
    template, _ = synthesized
    config = _one(template, "AWS::CloudFront::Distribution")["DistributionConfig"]
    spa = _logical_id(template, "AWS::CloudFront::Function", "SpaFallback")
    viewer_ip = _logical_id(template, "AWS::CloudFront::Function", "ViewerIp")
    assert config["DefaultCacheBehavior"]["FunctionAssociations"] == [
        {"EventType": "viewer-request", "FunctionARN": {"Fn::GetAtt": [spa, "FunctionARN"]}}]
    assert config["CacheBehaviors"][0]["FunctionAssociations"] == [
        {"EventType": "viewer-request", "FunctionARN": {"Fn::GetAtt": [viewer_ip, "FunctionARN"]}}]
    assert "CustomErrorResponses" not in config
    assert config["DefaultRootObject"] == "index.html"


def _run_edge_function(file: str, request: dict[str, Any], viewer_ip: str = "203.0.113.7") -> dict[str, Any]:
    """Runs a CloudFront Function's handler on one viewer-request event, in Node."""
    node = shutil.which("node")
    assert node, "node is needed by CDK itself"
    code = (ROOT / "infra" / "edge_functions" / file).read_text()
    event = {"request": request, "viewer": {"ip": viewer_ip}}
    script = f"{code}\nprocess.stdout.write(JSON.stringify(handler({json.dumps(event)})));"
    out = subprocess.run([node, "-e", script], check=True, capture_output=True, text=True).stdout
    result: dict[str, Any] = json.loads(out)
    return result


@pytest.mark.parametrize(("uri", "served"), [
    ("/", "/index.html"), ("/orders", "/index.html"), ("/orders/1234", "/index.html"),
    ("/staff/tickets/", "/index.html"), ("/api-docs", "/index.html"), ("/legal/privacy", "/index.html"),
    ("/app.js", "/app.js"), ("/styles.css", "/styles.css"),
    ("/app.js.map", "/app.js.map"),
])
def test_spa_fallback_serves_index_for_pages_and_files_as_they_are(uri: str, served: str) -> None:
    assert _run_edge_function("spa_fallback.js", {"uri": uri, "headers": {}})["uri"] == served


def test_viewer_ip_header_is_set_by_cloudfront_whatever_the_client_sent() -> None:
    forged = {"uri": "/api/v2", "headers": {"x-viewer-ip": {"value": "10.0.0.1"}}}
    headers = _run_edge_function("viewer_ip.js", forged, viewer_ip="2001:db8::1")["headers"]
    assert headers["x-viewer-ip"] == {"value": "2001:db8::1"}


def test_security_headers_come_from_the_frontend_template_with_hsts(synthesized: Any) -> None:
    template, _ = synthesized
    policy = _one(template, "AWS::CloudFront::ResponseHeadersPolicy")["ResponseHeadersPolicyConfig"]
    security = policy["SecurityHeadersConfig"]
    assert security["StrictTransportSecurity"] == {
        "AccessControlMaxAgeSec": 63072000, "IncludeSubdomains": True, "Override": True, "Preload": False}
    csp = security["ContentSecurityPolicy"]["ContentSecurityPolicy"]
    assert f"https://{ATTACHMENTS}.s3.eu-west-2.amazonaws.com" in csp and "{attachments}" not in csp
    assert "frame-ancestors 'none'" in csp
    assert security["FrameOptions"]["FrameOption"] == "DENY"
    assert security["ReferrerPolicy"]["ReferrerPolicy"] == "same-origin"
    assert security["ContentTypeOptions"] == {"Override": True}
    custom = {h["Header"]: h["Value"] for h in policy["CustomHeadersConfig"]["Items"]}
    assert custom == {"Permissions-Policy": "camera=(), microphone=(), geolocation=()",
                      "Cross-Origin-Opener-Policy": "same-origin"}
    config = _one(template, "AWS::CloudFront::Distribution")["DistributionConfig"]
    policy_id = {"Ref": _logical_id(template, "AWS::CloudFront::ResponseHeadersPolicy", "SecurityHeaders")}
    assert config["DefaultCacheBehavior"]["ResponseHeadersPolicyId"] == policy_id
    assert config["CacheBehaviors"][0]["ResponseHeadersPolicyId"] == policy_id


def _rules(template: dict[str, Any]) -> dict[str, dict[str, Any]]:
    acl = _one(template, "AWS::WAFv2::WebACL")
    assert (acl["Scope"], acl["DefaultAction"]) == ("REGIONAL", {"Allow": {}})
    return {rule["Name"]: rule for rule in acl["Rules"]}


def test_web_acl_guards_the_api_stage(synthesized: Any) -> None:
    template, _ = synthesized
    association = _one(template, "AWS::WAFv2::WebACLAssociation")
    api_id = _logical_id(template, "AWS::ApiGateway::RestApi", "Api")
    stage_id = _logical_id(template, "AWS::ApiGateway::Stage", "Stage")
    assert association["ResourceArn"] == {"Fn::Join": ["", [
        "arn:", {"Ref": "AWS::Partition"}, ":apigateway:eu-west-2::/restapis/", {"Ref": api_id},
        "/stages/", {"Ref": stage_id}]]}
    acl_id = _logical_id(template, "AWS::WAFv2::WebACL", "WebAcl")
    assert association["WebACLArn"] == {"Fn::GetAtt": [acl_id, "Arn"]}
    rules = _rules(template)
    assert [name for name, _ in sorted(rules.items(), key=lambda item: item[1]["Priority"])] == [
        "origin-verify", "reseller-rate", "aws-common", "body-size", "aws-bad-inputs"]
    for name, rule in rules.items():
        assert rule["VisibilityConfig"] == {"CloudWatchMetricsEnabled": True, "SampledRequestsEnabled": True,
                                            "MetricName": f"smm-panel-dev-api-{name}"}


def test_requests_without_the_origin_secret_are_blocked(synthesized: Any) -> None:
    template, _ = synthesized
    rule = _rules(template)["origin-verify"]
    assert rule["Action"] == {"Block": {}}
    match = rule["Statement"]["NotStatement"]["Statement"]["ByteMatchStatement"]
    assert match["FieldToMatch"] == {"SingleHeader": {"Name": "x-origin-verify"}}
    assert match["PositionalConstraint"] == "EXACTLY"
    assert _is_secret_reference(match["SearchString"],
                                _logical_id(template, "AWS::SecretsManager::Secret", "OriginSecret"))


def test_reseller_api_is_rate_limited_per_viewer_ip(synthesized: Any) -> None:
    template, _ = synthesized
    rule = _rules(template)["reseller-rate"]
    assert rule["Action"] == {"Block": {}}
    rate = rule["Statement"]["RateBasedStatement"]
    assert (rate["Limit"], rate["EvaluationWindowSec"], rate["AggregateKeyType"]) == (1200, 300, "FORWARDED_IP")
    assert rate["ForwardedIPConfig"] == {"HeaderName": "x-viewer-ip", "FallbackBehavior": "MATCH"}
    scope = rate["ScopeDownStatement"]["RegexMatchStatement"]
    assert scope["FieldToMatch"] == {"UriPath": {}}
    assert scope["RegexString"] == "/api/v2/?$"


@pytest.mark.parametrize(("path", "matches"), [
    ("/api/v2", True), ("/api/api/v2", True), ("/api/api/v2/", True),
    ("/api/api/v2x", False), ("/api/api/v2/orders", False), ("/api/orders", False),
])
def test_route_path_match_holds_with_or_without_the_stage_in_front(path: str, matches: bool) -> None:
    from infra.waf import RESELLER_PATH, path_pattern

    assert bool(re.search(path_pattern(RESELLER_PATH), path)) is matches


def test_body_size_limit_is_lifted_only_for_the_webhook_and_mass_orders(synthesized: Any) -> None:
    template, _ = synthesized
    rules = _rules(template)
    common = rules["aws-common"]["Statement"]["ManagedRuleGroupStatement"]
    assert (common["VendorName"], common["Name"]) == ("AWS", "AWSManagedRulesCommonRuleSet")
    assert common["RuleActionOverrides"] == [{"Name": "SizeRestrictions_BODY", "ActionToUse": {"Count": {}}}]
    body = rules["body-size"]
    assert body["Action"] == {"Block": {}}
    label, unless = body["Statement"]["AndStatement"]["Statements"]
    assert label == {"LabelMatchStatement": {"Scope": "LABEL",
                                             "Key": "awswaf:managed:aws:core-rule-set:SizeRestrictions_Body"}}
    exempt = unless["NotStatement"]["Statement"]["OrStatement"]["Statements"]
    assert sorted(s["RegexMatchStatement"]["RegexString"] for s in exempt) == [
        "/api/orders/mass/?$", "/api/payments/webhook/?$"]
    bad_inputs = rules["aws-bad-inputs"]["Statement"]["ManagedRuleGroupStatement"]
    assert (bad_inputs["Name"], "RuleActionOverrides" in bad_inputs) == ("AWSManagedRulesKnownBadInputsRuleSet", False)


def test_the_paths_the_web_acl_names_are_routes_of_the_app() -> None:
    from devstack.handlers import load_app
    from infra.waf import LARGE_BODY_PATHS, RESELLER_PATH

    routes = load_app().routes
    assert "POST" in routes["/api/payments/webhook"] and "POST" in routes["/api/orders/mass"]
    assert set(LARGE_BODY_PATHS) == {"/api/payments/webhook", "/api/orders/mass"}
    assert RESELLER_PATH in routes


def test_blocked_requests_are_logged_without_the_origin_secret(synthesized: Any) -> None:
    template, _ = synthesized
    logging = _one(template, "AWS::WAFv2::LoggingConfiguration")
    assert logging["RedactedFields"] == [{"SingleHeader": {"Name": "x-origin-verify"}}]
    assert logging["LoggingFilter"] == {"DefaultBehavior": "DROP", "Filters": [{
        "Behavior": "KEEP", "Requirement": "MEETS_ANY", "Conditions": [{"ActionCondition": {"Action": "BLOCK"}}]}]}
    group = _one(template, "AWS::Logs::LogGroup")
    assert (group["LogGroupName"], group["RetentionInDays"]) == ("aws-waf-logs-smm-panel-dev-api", 30)


def test_publish_finds_the_bucket_and_distribution_by_export(synthesized: Any) -> None:
    template, edge = synthesized
    outputs = template["Outputs"]
    assert outputs["SiteBucketName"]["Export"] == {"Name": "smm-panel-dev-site-bucket"}
    assert outputs["DistributionId"]["Export"] == {"Name": "smm-panel-dev-distribution-id"}
    import aws_cdk as cdk

    value = edge.origin_verify_environment["PANEL_ORIGIN_VERIFY_SECRET"]
    assert cdk.Stack.of(edge).resolve(value) == {"Fn::Join": ["", [
        "{{resolve:secretsmanager:", {"Ref": _logical_id(template, "AWS::SecretsManager::Secret", "OriginSecret")},
        ":SecretString:::}}"]]}


def test_cfn_lint_finds_no_errors(synthesized: Any, tmp_path: Path) -> None:
    template, _ = synthesized
    path = tmp_path / "edge.template.json"
    path.write_text(json.dumps(template))
    result = subprocess.run([str(ROOT / ".venv" / "bin" / "cfn-lint"), "--format", "parseable", str(path)],
                            capture_output=True, text=True)
    errors = [line for line in result.stdout.splitlines() if re.search(r":E\d{4}:", line)]
    assert not errors, result.stdout
    assert result.returncode in (0, 4, 8), result.stderr  # 4 and 8: warnings or notes only


def test_a_custom_domain_needs_its_certificate() -> None:
    import aws_cdk as cdk

    from infra.edge import Edge

    stack, api = _stand_in_stack(cdk.App(), "Half")
    with pytest.raises(ValueError, match="both"):
        Edge(stack, "Edge", stage="dev", api_stage=api.deployment_stage, attachments_bucket_name=ATTACHMENTS,
             domain_name="panel.example")


def test_a_custom_domain_gets_its_certificate_and_tls_1_2_at_least() -> None:
    import aws_cdk as cdk
    from aws_cdk import aws_certificatemanager as acm
    from cdk_nag import AwsSolutionsChecks

    from infra.edge import Edge

    app = cdk.App()
    stack, api = _stand_in_stack(app, "Domain")
    arn = "arn:aws:acm:us-east-1:123456789012:certificate/0f3e7a52-0000-4000-8000-000000000000"
    Edge(stack, "Edge", stage="prod", api_stage=api.deployment_stage, attachments_bucket_name=ATTACHMENTS,
         domain_name="panel.example", certificate=acm.Certificate.from_certificate_arn(stack, "Certificate", arn))
    cdk.Validations.of(app).add_plugins(AwsSolutionsChecks(app))
    # With a certificate of its own, nag's TLS rule (CFR4) passes without an acknowledgement.
    template = app.synth().get_stack_by_name("Domain").template
    config = _one(template, "AWS::CloudFront::Distribution")["DistributionConfig"]
    assert config["Aliases"] == ["panel.example"]
    assert config["ViewerCertificate"] == {"AcmCertificateArn": arn, "MinimumProtocolVersion": "TLSv1.2_2021",
                                           "SslSupportMethod": "sni-only"}
    assert [o["Value"] for k, o in template["Outputs"].items() if k.startswith("EdgeSiteUrl")] == [
        "https://panel.example"]
