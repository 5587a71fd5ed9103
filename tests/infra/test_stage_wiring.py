"""A stage's CDK app deploys the whole panel: the edge and the alarms attached to the panel
stack's API and functions, the probe stacks in their regions running the app's own code."""

from __future__ import annotations

import json
from typing import Any

from infra import layout
from infra.app import STAGES_FILE
from infra.probes import load_plan

Template = dict[str, Any]
CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
ALL_VIEWER_EXCEPT_HOST_HEADER = "b689b0a8-53d0-40ab-baf2-68738e2966ac"


def of_type(template: Template, kind: str) -> list[dict[str, Any]]:
    return [r for r in template["Resources"].values() if r["Type"] == kind]


def test_the_panel_stack_carries_the_edge_and_the_alarms(dev_templates: dict[str, Template]) -> None:
    panel = dev_templates["panel"]
    assert len(of_type(panel, "AWS::CloudFront::Distribution")) == 1
    [association] = of_type(panel, "AWS::WAFv2::WebACLAssociation")
    # The web ACL guards this stack's own API stage.
    [stage_id] = [k for k, r in panel["Resources"].items() if r["Type"] == "AWS::ApiGateway::Stage"]
    assert stage_id in json.dumps(association["Properties"]["ResourceArn"])
    assert len(of_type(panel, "AWS::SNS::Topic")) == 1
    assert len(of_type(panel, "AWS::CloudWatch::Dashboard")) == 1
    functions = of_type(panel, "AWS::Lambda::Function")
    assert len(of_type(panel, "AWS::CloudWatch::Alarm")) >= 3 * len(functions)


def test_the_api_behaviour_never_caches_and_forwards_the_viewer_address(dev_templates: dict[str, Template]) -> None:
    [distribution] = of_type(dev_templates["panel"], "AWS::CloudFront::Distribution")
    [api] = [b for b in distribution["Properties"]["DistributionConfig"]["CacheBehaviors"]
             if b["PathPattern"] == "/api/*"]
    assert api["CachePolicyId"] == CACHING_DISABLED
    # The managed policy that forwards every viewer header but Host, CloudFront-Viewer-Address
    # included (Host must be the API's own for API Gateway to answer).
    assert api["OriginRequestPolicyId"] == ALL_VIEWER_EXCEPT_HOST_HEADER


def test_only_the_api_functions_get_the_origin_secret(dev_templates: dict[str, Template]) -> None:
    groups = {layout.function_name("dev", name) for name in layout.group_names()}
    seen = set()
    for function in of_type(dev_templates["panel"], "AWS::Lambda::Function"):
        variables = function["Properties"].get("Environment", {}).get("Variables", {})
        secret = json.dumps(variables.get("PANEL_ORIGIN_VERIFY_SECRET", ""))
        if function["Properties"]["FunctionName"] in groups:
            # A dynamic reference CloudFormation resolves at deploy: the value is never in the template.
            assert "{{resolve:secretsmanager:" in secret
            seen.add(function["Properties"]["FunctionName"])
        else:
            assert "PANEL_ORIGIN_VERIFY_SECRET" not in variables
    assert seen == groups


def test_a_probe_stack_per_region_runs_the_app_against_the_home_table(dev_templates: dict[str, Template]) -> None:
    home = json.loads(STAGES_FILE.read_text())["dev"]["region"]
    for region in load_plan().regions:
        template = dev_templates[f"probe-{region.region}"]
        [function] = of_type(template, "AWS::Lambda::Function")
        properties = function["Properties"]
        assert properties["Handler"] == "app.probe_availability"
        assert len(properties["Layers"]) == 1  # the app's dependencies, published in that region
        variables = properties["Environment"]["Variables"]
        assert variables["PANEL_TABLE_REGION"] == home
        assert variables["PANEL_TABLE_NAME"] == "panel-dev"
        assert variables["PANEL_PROBE_MONITOR_ID"] == region.environment["PANEL_PROBE_MONITOR_ID"]
        assert len(of_type(template, "AWS::Lambda::LayerVersion")) == 1
