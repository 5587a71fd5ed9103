"""The stage's templates, synthesized once per test session by `python -m infra.synth` (what
`make synth` runs): packaging, cdk-nag and cfn-lint included, so a finding fails these tests."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest

from devstack.stack import ROOT
from infra.probes import load_plan


def synthesize(stage: str) -> dict[str, dict[str, Any]]:
    # app.py names its queues from the stage's settings at import: a fresh interpreter with
    # none of the test stage's PANEL_ variables, as `make synth` runs it.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PANEL_")}
    env["JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION"] = "1"
    result = subprocess.run([sys.executable, "-m", "infra.synth", stage], cwd=ROOT, env=env,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-8000:]
    stacks = ["stateful", "panel", *(f"probe-{region.region}" for region in load_plan().regions)]
    assert f"cfn-lint: 0 errors in {len(stacks)} templates" in result.stdout, result.stdout[-4000:]
    outdir = ROOT / "infra" / "cdk.out" / stage
    return {stack: json.loads((outdir / f"smm-panel-{stage}-{stack}.template.json").read_text())
            for stack in stacks}


@pytest.fixture(scope="session")
def dev_templates() -> dict[str, dict[str, Any]]:
    return synthesize("dev")


@pytest.fixture(scope="session")
def prod_templates() -> dict[str, dict[str, Any]]:
    return synthesize("prod")
