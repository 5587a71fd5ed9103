"""`make synth STAGE=dev|prod`: package the code, synthesize every stack of the stage with
cdk-nag's AWS Solutions checks (any unacknowledged finding fails synth), then lint every
template with cfn-lint (any error fails; warnings are printed). Offline once Chalice's layer
cache is warm (infra/bundle.py)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from infra.app import ROOT, build
from infra.bundle import build_bundle

OUT_DIR = ROOT / "infra" / "cdk.out"


def synthesize(stage: str) -> list[Path]:
    outdir = OUT_DIR / stage
    bundle = build_bundle()
    started = time.perf_counter()
    try:
        build(stage, bundle=bundle, outdir=str(outdir)).synth()
    except RuntimeError as failure:  # the validation report (cdk-nag findings) is already printed
        sys.exit(f"synth of {stage} failed: {failure}")
    print(f"synthesized {stage} in {time.perf_counter() - started:.1f} s; bundle {bundle.sizes()}")
    return sorted(outdir.glob("*.template.json"))


def lint(templates: list[Path]) -> int:
    """cfn-lint's findings, printed; 1 when any is an error (E rules; W and I only inform)."""
    from cfnlint.api import lint_file

    errors = 0
    for template in templates:
        for match in lint_file(template):
            print(f"{template.name}: {match}")
            errors += match.rule.id.startswith("E")
    return 1 if errors else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("stage", choices=["dev", "prod"])
    templates = synthesize(parser.parse_args().stage)
    status = lint(templates)
    print(f"cfn-lint: {'errors' if status else '0 errors'} in {len(templates)} templates")
    sys.exit(status)
