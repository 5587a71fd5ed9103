"""Acknowledging cdk-nag findings, each with its reason, by the exact finding id cdk-nag reports.

cdk-nag reports one IAM5 finding per wildcard resource, named by the resource flattened the way
its `flattenCfnReference` does (Ref -> `<Name>`, GetAtt -> `<Name.Attr>`, Join -> joined); the
same flattening here lets a role acknowledge exactly the wildcards it was granted, so a new
wildcard still fails synth until someone states why.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import aws_cdk as cdk
import cdk_nag
from aws_cdk import aws_iam as iam
from constructs import IConstruct

PACK = "AwsSolutions"


def check_during_synth(app: cdk.App) -> None:
    """cdk-nag's AWS Solutions pack as a CDK validation plugin: synth fails on any finding
    that is not acknowledged with a reason."""
    cdk.Validations.of(app).add_plugins(cdk_nag.AwsSolutionsChecks(app))


def acknowledge(scope: IConstruct, rule: str, reason: str) -> None:
    cdk.Validations.of(scope).acknowledge(cdk.Acknowledgment(id=f"{PACK}-{rule}", reason=reason))


def flatten(reference: Any) -> str:
    if reference is None:
        return ""
    if isinstance(reference, str):
        return reference.replace("${", "<").replace("}", ">")
    if isinstance(reference, dict):
        if "Fn::Join" in reference:
            delimiter, items = reference["Fn::Join"]
            return str(delimiter).join(flatten(item) for item in items)
        if "Fn::Sub" in reference:
            return flatten(reference["Fn::Sub"])
        if "Fn::GetAtt" in reference:
            resource, attribute = reference["Fn::GetAtt"]
            return f"<{flatten(resource)}.{flatten(attribute)}>"
        if "Fn::ImportValue" in reference:
            return flatten(reference["Fn::ImportValue"])
        if "Ref" in reference:
            return f"<{flatten(reference['Ref'])}>"
    return json.dumps(reference, separators=(",", ":"))


def wildcard_resources(scope: IConstruct, statements: Iterable[iam.PolicyStatement]) -> set[str]:
    """Each resource with a `*` in the statements, flattened as cdk-nag names it."""
    found = set()
    stack = cdk.Stack.of(scope)
    for statement in statements:
        resolved = stack.resolve(statement.to_statement_json())
        resources = resolved.get("Resource", [])
        for resource in resources if isinstance(resources, list) else [resources]:
            flat = flatten(resource)
            if "*" in flat:
                found.add(flat)
    return found


def acknowledge_wildcard_resources(scope: IConstruct, statements: Iterable[iam.PolicyStatement],
                                   reason: str) -> None:
    for resource in sorted(wildcard_resources(scope, statements)):
        acknowledge(scope, f"IAM5[Resource::{resource}]", f"{resource}: {reason}")
